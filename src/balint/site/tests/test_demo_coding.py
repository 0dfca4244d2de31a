import datetime
import random

import pytest

from balint.coding import selectors
from balint.coding.models import AnalysisRound, Coding, Memo, Source
from balint.meetings.models import Meeting, MeetingNote
from balint.site.demo import coding as demo
from balint.site.demo.world import DemoWorld


@pytest.fixture
def demo_world(world):
    for days in range(1, 7):
        meeting = Meeting.objects.create(
            group=world.group,
            starts_at=world.past_meeting.starts_at - datetime.timedelta(days=30 * days),
            ends_at=world.past_meeting.ends_at - datetime.timedelta(days=30 * days),
            status=Meeting.Status.HELD,
        )
        MeetingNote.objects.create(
            meeting=meeting,
            content="The resident felt angry and guilty. The group wondered what the patient "
            "might be hoping for.",
            process="Two residents arrived late and joined to listen. The group was quiet.",
        )
    dates = sorted(Meeting.objects.values_list("starts_at", flat=True))
    return DemoWorld(
        program=world.program,
        cohorts=[world.cohort],
        groups=[world.group],
        admin=world.administrator,
        leaders=[world.leader, world.co_leader],
        residents=[world.resident],
        residents_by_group={},
        transcriber=world.transcriber,
        analyst=world.analyst,
        meetings=[],
        rng=random.Random(1),
        history_start=dates[0].date(),
        history_end=dates[-1].date(),
        flexible_from=dates[0].date(),
        late_from=dates[-1].date(),
        today=dates[-1].date(),
        password="x",
    )


def test_it_codes_the_demo_notes_by_both_leaders_over_two_closed_rounds(demo_world, world):
    demo.extend(demo_world)
    assert Source.objects.filter(program=world.program).count() == 7
    coders = set(Coding.objects.values_list("coder", flat=True))
    assert coders == {world.leader.pk, world.co_leader.pk}
    rounds = list(AnalysisRound.objects.filter(program=world.program))
    assert [r.number for r in rounds] == [1, 2] and all(r.is_closed for r in rounds)
    assert Memo.objects.filter(program=world.program).count() == 3
    result = selectors.agreement(
        program=world.program,
        sources=Source.objects.all(),
        coders=[world.leader, world.co_leader],
        granularity="sentence",
        uncoded="exclude",
    )
    assert result.report.pooled.krippendorff_alpha.value is not None


def test_it_lets_the_program_be_deleted_with_its_analysis(demo_world, world):
    demo.extend(demo_world)
    world.program.delete()
    assert not Coding.objects.exists() and not Source.objects.exists() and not AnalysisRound.objects.exists()
