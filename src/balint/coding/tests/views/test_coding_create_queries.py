"""The highlight endpoint coding.js calls once per highlight: a handful of queries, whatever the size."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from balint.coding.models import Coding
from balint.coding.tests.factories import make_source, make_theme

TEXT = "The resident felt cornered by the request. The group stayed with it for a long while."


def _apply(client, source, themes, start=4, end=12, **extra):
    return client.post(
        reverse("coding:coding_create", args=[source.code]),
        {
            "start": start,
            "end": end,
            "quote": TEXT[start:end],
            "themes": [str(t.code) for t in themes],
            **extra,
        },
        HTTP_ACCEPT="application/json",
    )


def test_it_applies_two_themes_in_a_handful_of_queries(client, world, django_assert_max_num_queries):
    source = make_source(world.program, text=TEXT, group=world.group)
    themes = [make_theme(world.program, name) for name in ("Feelings", "Boundaries", "Other")]
    client.force_login(world.leader.user)
    _apply(client, source, themes[2:], start=0, end=3)  # the session's first save happens here
    with CaptureQueriesContext(connection) as captured:
        response = _apply(client, source, themes[:2])
    assert response.status_code == 201, response.content
    assert len(response.json()["codings"]) == 2
    assert Coding.objects.filter(source=source, start=4, end=12).count() == 2
    sql = [q["sql"] for q in captured.captured_queries]
    # The session is read, not written; the codings are inserted in one statement.
    assert not any(q.startswith("UPDATE") and "django_session" in q for q in sql)
    assert sum(q.startswith('INSERT INTO "coding_coding"') for q in sql) == 1
    # One query for the source, its program, the person's roles there and whether they lead its group; one
    # for the themes; one for the codings already on the span, read once for the service and its undo step.
    assert sum('FROM "coding_source"' in q and '"programs_membership"' in q for q in sql) == 1
    assert not any(q.startswith('SELECT "programs_membership"') for q in sql)
    assert sum('FROM "coding_theme"' in q for q in sql) == 1
    assert sum(q.startswith("SELECT") and 'FROM "coding_coding"' in q for q in sql) == 1
    # One transaction, no savepoint inside it (the one here is the outer atomic inside the test's own).
    assert sum(q.startswith("SAVEPOINT") for q in sql) == 1
    # Session 1, user 1; source with access 1, themes 1; the codings on the span 1, their INSERT 1; the undo
    # step 2 (what was left to redo dropped, the step inserted); savepoint and release 2 (BEGIN and COMMIT
    # outside a test). Before issue 20: 16 without the undo step, 16 with it before this change.
    assert len(sql) == 10, sql
    with django_assert_max_num_queries(10):
        assert _apply(client, source, themes[:2], start=13, end=20).status_code == 201


def test_a_double_submit_adds_nothing_and_answers_the_same_codings(client, world):
    source = make_source(world.program, text=TEXT, group=world.group)
    themes = [make_theme(world.program, "Feelings"), make_theme(world.program, "Boundaries")]
    client.force_login(world.leader.user)
    first = _apply(client, source, themes).json()["codings"]
    again = _apply(client, source, themes, perspective="resident").json()["codings"]
    assert [c["id"] for c in again] == [c["id"] for c in first]
    assert {c["p"] for c in again} == {"resident"}
    assert Coding.objects.filter(source=source).count() == 2


def test_an_unknown_or_malformed_theme_is_refused_with_a_422(client, world):
    source = make_source(world.program, text=TEXT, group=world.group)
    other = make_theme(world.other_program, "Elsewhere")
    client.force_login(world.leader.user)
    for themes in ([other], []):
        assert _apply(client, source, themes).status_code == 422
    response = client.post(
        reverse("coding:coding_create", args=[source.code]),
        {"start": 4, "end": 12, "quote": TEXT[4:12], "themes": ["not-a-code"]},
    )
    assert response.status_code == 422 and "themes" in response.json()["extra"]["fields"]
    assert not Coding.objects.filter(source=source).exists()


def test_a_source_of_a_group_the_leader_does_not_lead_is_a_404(client, world):
    from balint.programs.models import Group

    elsewhere = Group.objects.create(program=world.program, name="Another group")
    source = make_source(world.program, text=TEXT, group=elsewhere, deidentified=False)
    theme = make_theme(world.program, "Feelings")
    client.force_login(world.leader.user)
    assert _apply(client, source, [theme]).status_code == 404
    client.force_login(world.outsider.user)
    assert _apply(client, make_source(world.program, text=TEXT), [theme]).status_code == 404
    assert not Coding.objects.exists()
