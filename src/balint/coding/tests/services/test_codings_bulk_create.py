"""The one bulk writer of codings (an import from another tool) keeps the span rule of `coding.spans`."""

import datetime
import uuid

import pytest
from django.utils import timezone

from balint.coding.models import Coding
from balint.coding.services.bulk import CodingDraft, codings_bulk_create
from balint.coding.tests.factories import make_source, make_theme
from balint.core.errors import ApplicationError
from balint.programs.models import Program

TEXT = "Start 👍🏽 then the rest of the note."


@pytest.fixture
def source(world):
    return make_source(world.program, text=TEXT)


@pytest.fixture
def theme(world):
    return make_theme(world.program, "Refill")


def test_it_creates_codings_with_their_quote_code_and_past_creation_time(world, source, theme):
    code, made = uuid.uuid4(), timezone.now() - datetime.timedelta(days=400)
    start = TEXT.index("then")
    [outcome] = codings_bulk_create(
        drafts=[
            CodingDraft(
                source=source,
                theme=theme,
                coder=world.leader,
                start=start,
                end=start + 8,
                perspective="patient",
                code=code,
                created_at=made,
            )
        ]
    )
    assert outcome.status == "created" and not outcome.repaired
    coding = Coding.objects.get(code=code)
    assert (coding.quote, coding.perspective, coding.created_at) == ("then the", "patient", made)


def test_it_widens_a_boundary_inside_an_emoji_to_the_whole_character(world, source, theme):
    inside = TEXT.index("👍") + 1  # between the thumb and its skin tone
    [outcome] = codings_bulk_create(
        drafts=[CodingDraft(source=source, theme=theme, coder=world.leader, start=0, end=inside)]
    )
    assert outcome.status == "created" and outcome.repaired
    assert Coding.objects.get(pk=outcome.coding.pk).quote == "Start 👍🏽"


def test_it_leaves_out_blank_and_out_of_range_spans_and_adds_nothing_twice(world, source, theme):
    draft = CodingDraft(source=source, theme=theme, coder=world.leader, start=0, end=5)
    outcomes = codings_bulk_create(
        drafts=[
            CodingDraft(source=source, theme=theme, coder=world.leader, start=5, end=6),  # a space
            CodingDraft(source=source, theme=theme, coder=world.leader, start=3, end=len(TEXT) + 1),
            draft,
            draft,
        ]
    )
    assert [o.status for o in outcomes] == ["refused", "refused", "created", "already"]
    assert "spaces" in outcomes[0].message and "outside the text" in outcomes[1].message
    assert codings_bulk_create(drafts=[draft])[0].status == "already"
    assert Coding.objects.filter(source=source).count() == 1


def test_it_refuses_a_theme_of_another_program_and_keeps_nothing(world, source):
    other = Program.objects.create(name="Other", slug="other-bulk", institution="O")
    foreign = make_theme(other, "Foreign")
    mine = make_theme(world.program, "Mine")
    with pytest.raises(ApplicationError, match="not a theme of this codebook"):
        codings_bulk_create(
            drafts=[
                CodingDraft(source=source, theme=mine, coder=world.leader, start=0, end=5),
                CodingDraft(source=source, theme=foreign, coder=world.leader, start=0, end=5),
            ]
        )
    assert not Coding.objects.filter(source=source).exists()
