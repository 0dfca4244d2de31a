"""An answer locks its survey's row (so it is counted once), not the instrument every group's survey shares:
residents of two groups answering the same pulse at the same moment do not wait for each other
(PostgreSQL; SQLite has one writer at a time anyway)."""

import pytest
from django.db import OperationalError, connection

from balint.core.testing.locks import lock_timeout, row_locked_elsewhere
from balint.surveys.models import Instrument, Response, Survey
from balint.surveys.tests.factories import answer, make_survey

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks: PostgreSQL only"),
]


def test_an_answer_does_not_wait_for_the_shared_instrument(world):
    survey = make_survey(world.group)
    with row_locked_elsewhere(Instrument, survey.instrument_id), lock_timeout():
        answer(survey, world.resident)
    assert Response.objects.filter(survey=survey).count() == 1


def test_an_answer_still_waits_for_its_own_survey(world):
    survey = make_survey(world.group)
    locked = pytest.raises(OperationalError, match="lock timeout")
    with row_locked_elsewhere(Survey, survey.pk), locked, lock_timeout():
        answer(survey, world.resident)
    assert not Response.objects.filter(survey=survey).exists()
