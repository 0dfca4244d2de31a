"""The notes' autosave counts the screener's marks over both fields with the roster read once."""

import pytest

from balint.privacy.services import marks_in, screen_for_storage

pytestmark = pytest.mark.django_db


def test_marks_in_counts_what_screening_each_text_marks_reading_the_roster_once(
    world, django_assert_num_queries
):
    texts = [
        f"{world.resident.full_name} told the group about her patient; call 617-555-0143 tomorrow.",
        "",
        f"The group asked {world.other_resident.full_name.split()[0]} to say more.",
    ]
    expected = sum(len(screen_for_storage(text=t, program=world.program).spans) for t in texts if t)
    assert expected >= 3
    with django_assert_num_queries(1):
        assert marks_in(texts=texts, program=world.program) == expected
    assert marks_in(texts=["Nothing identifying here.", ""], program=world.program) == 0
