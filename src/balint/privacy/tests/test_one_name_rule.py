"""One rule masks people's names alike through every door: screening, notes sent to analysis, report quotes.

The same sentence (a full name, a surname alone, a first name alone, lower-case forms) goes through the
real screening step of the notes form, through "send notes to analysis" and into a report's quotes; each
door must give back exactly the same masked text.
"""

import re

import pytest
from django.urls import reverse

from balint.coding.models import Source
from balint.coding.tests.factories import code, make_source, make_theme
from balint.meetings.models import MeetingNote
from balint.privacy.names import mask_names, name_matches, resident_names

TEXT = (
    "Rita Resident spoke first. Later Resident said more, then Rita laughed and Remy nodded; "
    "rita resident left, rita came back and REMY stayed. The resident listened."
)
MASKED = (
    "[NAME] spoke first. Later [NAME] said more, then [NAME] laughed and [NAME] nodded; "
    "[NAME] left, [NAME] came back and [NAME] stayed. The resident listened."
)


def test_the_rule_masks_full_names_parts_and_any_case_but_not_a_common_word_in_lower_case(world):
    names = resident_names(world.program)
    assert names == ["Remy Resident", "Rita Resident"]
    assert mask_names(TEXT, names) == MASKED
    assert mask_names("O'Brien and Anne-Marie met o'brien.", ["Anne-Marie O'Brien"]) == (
        "[NAME] and [NAME] met [NAME]."
    )
    assert mask_names("Ritas and Margarita are other words.", names) == "Ritas and Margarita are other words."
    assert [m.full for m in name_matches("rita   RESIDENT", names)] == [True]


def test_screening_marks_the_same_words(client, world):
    client.force_login(world.leader.user)
    url = reverse("meetings:note", args=[world.past_meeting.code])
    data = {"content": TEXT, "process": "", "tags": "", "base_version": "1"}
    response = client.post(url, data)
    assert response.status_code == 422
    choices = sorted(
        set(re.findall(r'name="(screening-[\w-]+?)" value="replace"', response.content.decode()))
    )
    response = client.post(url, {**data, **dict.fromkeys(choices, "replace")})
    assert response.status_code == 302
    assert MeetingNote.objects.get(meeting=world.past_meeting).content == MASKED


def test_notes_sent_to_analysis_mask_the_same_words(client, world):
    note = MeetingNote.objects.get(meeting=world.past_meeting)
    note.content, note.process = TEXT, ""
    note.save()  # as if every name had been kept with a reason at the screening step
    client.force_login(world.leader.user)
    client.post(reverse("coding:note_send", args=[world.program.slug]), {"meeting": "all"})
    assert Source.objects.get(program=world.program).text == f"Content\n\n{MASKED}"


@pytest.mark.parametrize("role", ["analyst", "leader"])
def test_report_quotes_mask_the_same_words(client, world, role):
    source = make_source(world.program, text=TEXT, group=world.group)
    code(source, world.leader, make_theme(world.program, "Voices"), 0, len(TEXT))
    client.force_login(getattr(world, role).user)
    page = client.get(
        reverse("reports:view", args=[world.program.slug]),
        {"date_from": "2025-01-01", "date_to": "2025-12-31"},
    ).content.decode()
    assert MASKED.replace("'", "&#x27;") in page
    for name in ("Rita", "Remy", "rita", "REMY"):
        assert name not in page
