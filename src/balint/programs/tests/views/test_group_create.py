import datetime

from django.urls import reverse

from balint.programs.models import Group, GroupPolicy


def test_it_creates_a_group_with_a_traditional_policy(client, world):
    client.force_login(world.administrator.user)
    response = client.post(
        reverse("programs:group_create", args=[world.program.slug]),
        {
            "name": "Thursday group",
            "starts_on": "2025-07-01",
            "leaders": [world.leader.pk],
            "members": [world.resident.pk],
        },
    )
    assert response.status_code == 302
    group = Group.objects.get(name="Thursday group")
    assert list(group.leaders.all()) == [world.leader]
    policy = group.policies.get()
    assert policy.format == GroupPolicy.Format.TRADITIONAL
    assert policy.effective_from == datetime.date(2025, 7, 1)


def test_it_refuses_a_resident_as_leader(client, world):
    client.force_login(world.administrator.user)
    response = client.post(
        reverse("programs:group_create", args=[world.program.slug]),
        {"name": "Bad group", "starts_on": "2025-07-01", "leaders": [world.resident.pk]},
    )
    assert response.status_code == 422
    assert not Group.objects.filter(name="Bad group").exists()


def test_it_refuses_a_duplicate_name_without_creating_anything(client, world):
    client.force_login(world.administrator.user)
    before = Group.objects.count()
    response = client.post(
        reverse("programs:group_create", args=[world.program.slug]),
        {"name": world.group.name, "starts_on": "2025-07-01", "leaders": [world.leader.pk]},
    )
    assert response.status_code == 422
    assert Group.objects.count() == before
