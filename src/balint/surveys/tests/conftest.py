import pytest

from balint.surveys.tests.factories import add_members, make_survey


@pytest.fixture
def survey(world):
    """An open end-of-program survey for the world's group (threshold 3) with eight extra residents."""
    add_members(world.group, 8)
    return make_survey(world.group)
