"""A leader's log and debriefs are the leader's own; admins see only the summaries a leader shares."""

import pytest
from django.urls import reverse

from balint.leaders.models import Debrief, FollowedPath
from balint.leaders.tests.factories import leader_entries, ready_made

pytestmark = pytest.mark.django_db


def test_it_hides_a_leaders_debrief_from_the_co_leader(client, world):
    entries = leader_entries(world)
    client.force_login(world.co_leader.user)
    # The co-leader's debrief page for the same session shows an empty form, not the leader's text.
    page = client.get(reverse("leaders:debrief", args=[world.past_meeting.code]))
    assert page.status_code == 200 and "Private thought." not in page.content.decode()
    assert "Private thought." not in client.get(reverse("leaders:debriefs")).content.decode()
    assert client.post(reverse("leaders:debrief_delete", args=[entries.debrief.code])).status_code == 404
    assert Debrief.objects.filter(pk=entries.debrief.pk).exists()


def test_it_keeps_the_co_leaders_debrief_separate_when_they_write_one(client, world):
    leader_entries(world)
    client.force_login(world.co_leader.user)
    client.post(reverse("leaders:debrief", args=[world.past_meeting.code]), {"reflection": "My own view."})
    assert Debrief.objects.get(author=world.leader).reflection == "Private thought."
    assert Debrief.objects.get(author=world.co_leader).reflection == "My own view."


@pytest.mark.parametrize(
    "persona", ["co_leader", "administrator", "resident", "analyst", "transcriber", "outsider"]
)
def test_it_refuses_anyone_else_the_leaders_entries(client, world, persona):
    entries = leader_entries(world)
    client.force_login(getattr(world, persona).user)
    for name, code in [
        ("leaders:training_edit", entries.training.code),
        ("leaders:supervision_edit", entries.supervision.code),
        ("leaders:elsewhere_edit", entries.elsewhere.code),
        ("leaders:progress", entries.followed.code),
        ("leaders:export_pdf", entries.followed.code),
        ("leaders:export_xlsx", entries.followed.code),
    ]:
        assert client.get(reverse(name, args=[code])).status_code in (403, 404), name


def test_it_shows_admins_only_shared_summaries(client, world):
    entries = leader_entries(world)
    client.force_login(world.administrator.user)
    url = reverse("leaders:shared", args=[world.program.slug])
    assert world.leader.full_name not in client.get(url).content.decode()
    entries.followed.shared = True
    entries.followed.save()
    body = client.get(url).content.decode()
    assert world.leader.full_name in body and "Our own path" in body
    # The summary, never the log: no supervisor, training title or debrief text.
    assert "Dr Sup" not in body and "Private thought." not in body and "Clinic group" not in body


def test_it_shows_another_programs_admin_nothing(client, world):
    entries = leader_entries(world)
    entries.followed.shared = True
    entries.followed.save()
    client.force_login(world.outsider.user)
    assert client.get(reverse("leaders:shared", args=[world.program.slug])).status_code == 404
    body = client.get(reverse("leaders:shared", args=[world.other_program.slug])).content.decode()
    assert world.leader.full_name not in body


def test_it_lets_the_leader_share_and_unshare(client, world):
    entries = leader_entries(world)
    client.force_login(world.leader.user)
    url = reverse("leaders:progress_share", args=[entries.followed.code])
    client.post(url, {"shared": "on"})
    assert FollowedPath.objects.get(pk=entries.followed.pk).shared
    client.post(url, {})
    assert not FollowedPath.objects.get(pk=entries.followed.pk).shared


def test_it_leaves_other_leaders_follows_out_of_the_shared_page(client, world):
    FollowedPath.objects.create(
        leader=world.co_leader, path=ready_made(), started_on="2025-01-01", shared=False
    )
    client.force_login(world.administrator.user)
    assert (
        world.co_leader.full_name
        not in client.get(reverse("leaders:shared", args=[world.program.slug])).content.decode()
    )


def test_it_stores_debriefs_and_log_notes_encrypted(world):
    from django.db import connection

    from balint.leaders.models import SupervisionSession, TrainingEvent

    entries = leader_entries(world)
    rows = [(Debrief, "reflection", entries.debrief.pk)]
    rows += [
        (model, "note", obj.pk)
        for model in (TrainingEvent, SupervisionSession)
        for obj in model.objects.all()
    ]
    with connection.cursor() as cursor:
        for model, column, pk in rows:
            cursor.execute(f"SELECT {column} FROM {model._meta.db_table} WHERE id = %s", [pk])
            raw = cursor.fetchone()[0]
            assert raw.startswith("gAAAAA"), (model, column)
            plain = getattr(model.objects.get(pk=pk), column)
            assert not plain or plain not in raw
    assert Debrief.objects.get(pk=entries.debrief.pk).reflection == "Private thought."
