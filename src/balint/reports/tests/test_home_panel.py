from django.urls import reverse


def test_it_links_staff_to_the_dashboards_and_not_residents(client, world):
    client.force_login(world.leader.user)
    page = client.get(reverse("core:home")).content.decode()
    assert reverse("reports:program", args=[world.program.slug]) in page
    assert reverse("reports:group", args=[world.group.code]) in page
    for person in (world.resident, world.transcriber):
        client.force_login(person.user)
        assert (
            reverse("reports:program", args=[world.program.slug])
            not in client.get(reverse("core:home")).content.decode()
        )
