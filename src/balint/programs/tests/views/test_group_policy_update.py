import datetime

from django.urls import reverse


def test_it_records_a_policy_change_from_a_date(client, world):
    client.force_login(world.leader.user)
    response = client.post(
        reverse("programs:group_policy", args=[world.group.code]),
        {
            "effective_from": "2026-01-05",
            "format": "traditional",
            "latecomers": "excluded",
            "focus_chosen_by": "leaders",
            "sessions_per_month": "2",
        },
    )
    assert response.status_code == 302
    assert world.group.policy_on(datetime.date(2026, 1, 4)).format == "flexible"
    assert world.group.policy_on(datetime.date(2026, 1, 5)).format == "traditional"


def test_it_rejects_an_impossible_cadence(client, world):
    client.force_login(world.leader.user)
    response = client.post(
        reverse("programs:group_policy", args=[world.group.code]),
        {
            "effective_from": "2026-01-05",
            "format": "flexible",
            "latecomers": "full",
            "focus_chosen_by": "leaders",
            "sessions_per_month": "40",
        },
    )
    assert response.status_code == 422
    assert world.group.policies.count() == 1
