"""The pages people open most (the home page, a session) stay within a pinned number of queries.

The person, their programs and roles are read once per request (`balint.programs.access`), the session's
poll is loaded onto the session in hand and the home page's polls and next sessions hang on the groups it
already holds; a page that starts asking again fails here.
"""

import pytest
from django.urls import reverse

PINNED = [
    ("resident", "core:home", False, 11),
    ("resident", "meetings:detail", True, 8),
    ("leader", "core:home", False, 15),
    ("leader", "meetings:detail", True, 11),
    ("analyst", "core:home", False, 9),
]


@pytest.mark.parametrize(
    ("persona", "name", "of_meeting", "most"), PINNED, ids=[f"{p}-{n}" for p, n, *_ in PINNED]
)
def test_an_everyday_page_keeps_its_query_count(
    client, world, django_assert_max_num_queries, persona, name, of_meeting, most
):
    client.force_login(getattr(world, persona).user)
    url = reverse(name, args=[world.next_meeting.code] if of_meeting else [])
    assert client.get(url).status_code == 200  # the first request may store the session's language
    with django_assert_max_num_queries(most):
        page = client.get(url)
    assert page.status_code == 200
    assert getattr(world, persona).full_name in page.content.decode()  # the page header names the person
