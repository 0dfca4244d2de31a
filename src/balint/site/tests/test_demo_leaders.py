import datetime

import pytest

from balint.leaders.models import Debrief
from balint.leaders.selectors import log_page, progress_for, shared_summaries
from balint.programs.models import Person, Program
from balint.site.demo import demo_load

pytestmark = pytest.mark.django_db


def test_it_gives_the_demo_leaders_two_years_of_history_one_close_to_the_ready_made_path():
    demo_load()
    physician = Person.objects.get(user__username="leader")
    psychologist = Person.objects.get(user__username="psychologist")
    for person in (physician, psychologist):
        days = [s.day for s in log_page(person=person).log.sessions]
        assert min(days) <= datetime.date(2024, 7, 31) and max(days) >= datetime.date(2026, 6, 1)
        assert 3 <= Debrief.objects.filter(author=person).count() <= 5
    (abs_path,) = progress_for(person=physician, today=datetime.date(2026, 7, 1))
    missing = [item for item in abs_path.required if not item.met]
    assert [(item.requirement.kind, item.missing) for item in missing] == [
        ("training_count", 1),
        ("supervision_count", 2),
    ]
    shared = shared_summaries(program=Program.objects.get(slug="demo"))
    assert {(s.leader.pk, s.progress.followed.path.program_id is None) for s in shared} == {
        (physician.pk, True),
        (psychologist.pk, False),
    }
