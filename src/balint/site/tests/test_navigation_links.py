"""Everyone sees only the links they may follow; residents find their calendar feed from home."""

import pytest
from django.urls import reverse


@pytest.mark.parametrize("persona", ["resident", "transcriber"])
def test_residents_and_transcribers_get_no_link_to_the_program_page(client, world, persona):
    client.force_login(getattr(world, persona).user)
    program_page = reverse("programs:detail", args=[world.program.slug])
    assert client.get(program_page).status_code == 403
    for url in [reverse("core:home"), reverse("meetings:calendar")]:
        assert f'href="{program_page}"' not in client.get(url).content.decode()


def test_leaders_keep_the_link(client, world):
    client.force_login(world.leader.user)
    assert (
        reverse("programs:detail", args=[world.program.slug])
        in client.get(reverse("core:home")).content.decode()
    )


def test_the_resident_home_links_to_the_calendar_feed(client, world):
    client.force_login(world.resident.user)
    home = client.get(reverse("core:home")).content.decode()
    assert f'href="{reverse("meetings:calendar")}"' in home
