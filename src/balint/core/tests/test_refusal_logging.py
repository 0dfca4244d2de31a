"""An ordinary refusal (403) is logged in one line; a server error keeps its traceback."""

import logging

from django.urls import reverse


def test_it_logs_a_refusal_in_one_line_without_a_traceback(client, world, caplog):
    client.force_login(world.leader.user)
    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = client.post(reverse("exchange:backup", args=[world.program.slug]))
    assert response.status_code == 403
    records = [
        r for r in caplog.records if r.name == "django.request" and getattr(r, "status_code", 0) == 403
    ]
    assert len(records) == 1
    formatted = logging.Formatter().format(records[0])
    assert formatted == f"Forbidden (Permission denied): {reverse('exchange:backup', args=['lakeside'])}"
    assert "Traceback" not in formatted


def test_a_server_error_keeps_its_traceback():
    from balint.core.logs import RefusalsInOneLine

    try:
        raise RuntimeError("boom")
    except RuntimeError:
        import sys

        record = logging.LogRecord(
            "django.request", logging.ERROR, __file__, 1, "Internal Server Error", (), sys.exc_info()
        )
    record.status_code = 500
    assert RefusalsInOneLine().filter(record) and record.exc_info is not None
    assert "Traceback" in logging.Formatter().format(record)
