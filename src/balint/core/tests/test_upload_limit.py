"""One upload limit (UPLOAD_MAX_MB) for every upload door: each refuses a larger file with a clear error."""

import html

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from balint.coding.models import Source
from balint.core.uploads import MB, upload_limit_mb
from balint.exchange.models import PendingImport
from balint.studies.tests.factories import make_study

pytestmark = pytest.mark.django_db

TOO_BIG = b"x" * (MB + 1)  # over a 1 MB limit


def _refused(response, limit: int = 1) -> None:
    assert response.status_code in {200, 422}
    assert f"The file is larger than the upload limit of {limit} MB." in html.unescape(
        response.content.decode()
    )


@override_settings(UPLOAD_MAX_MB=1)
@pytest.mark.parametrize(
    ("persona", "url", "data"),
    [
        ("leader", lambda w: reverse("exchange:import", args=[w.program.slug]), {}),
        ("leader", lambda w: reverse("coding:source_import", args=[w.program.slug]), {}),
        ("administrator", lambda w: reverse("programs:roster_import", args=[w.program.slug]), {}),
        ("leader", lambda w: reverse("surveys:scale_wording", args=[w.program.slug]), {"scale": "cbi"}),
        (
            "leader",
            lambda w: reverse("surveys:scale_scores", args=[w.program.slug]),
            {"scale": "cbi", "title": "CBI", "collected_on": "2026-01-01"},
        ),
    ],
    ids=["refi-qda import", "source document", "roster", "scale wording", "scale scores"],
)
def test_it_refuses_a_file_over_upload_max_mb_on_each_door(client, world, persona, url, data):
    client.force_login(getattr(world, persona).user)
    response = client.post(url(world), {**data, "file": SimpleUploadedFile("big.qdpx", b"PK" + TOO_BIG)})
    _refused(response)
    assert not PendingImport.objects.exists() and not Source.objects.exists()


@override_settings(UPLOAD_MAX_MB=1)
def test_it_refuses_a_study_codebook_over_upload_max_mb(client, world):
    study = make_study(world.administrator)
    client.force_login(world.administrator.user)
    url = reverse("studies:codebook_import", args=[study.code])
    _refused(client.post(url, {"file": SimpleUploadedFile("book.qdc", b"<" + TOO_BIG)}))


def test_it_lowers_the_import_form_s_limit_with_upload_max_mb(client, world, settings):
    """UPLOAD_MAX_MB=25 used not to stop the import form's own 50 MB."""
    client.force_login(world.leader.user)
    url = reverse("exchange:import", args=[world.program.slug])
    settings.UPLOAD_MAX_MB = 2
    _refused(client.post(url, {"file": SimpleUploadedFile("p.qdpx", b"PK" + b"x" * (2 * MB))}), limit=2)
    page = client.get(reverse("exchange:home", args=[world.program.slug])).content.decode()
    assert "At most 2 MB." in page


def test_it_keeps_a_stricter_cap_below_upload_max_mb(settings):
    settings.UPLOAD_MAX_MB = 25
    assert upload_limit_mb() == 25 and upload_limit_mb(10) == 10
    settings.UPLOAD_MAX_MB = 3
    assert upload_limit_mb(10) == 3
