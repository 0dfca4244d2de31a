"""Access look-ups are remembered for one request only, and forgotten as soon as what they answer changes."""

from django.contrib.auth import get_user_model
from django.http import HttpResponse
from django.test import RequestFactory

from balint.programs.access import AccessMemoMiddleware, person_for, programs_with_page_for, roles_for
from balint.programs.models import Group, Role
from balint.programs.services import membership_grant, person_deactivate, person_reactivate
from balint.studies.services import study_analyst_remove


def in_one_request(check) -> None:
    """Run `check` the way a view runs: inside the middleware, during one request."""
    AccessMemoMiddleware(lambda request: check() or HttpResponse())(RequestFactory().get("/"))


def user_of(person):
    return get_user_model().objects.get(pk=person.user_id)


def test_one_request_looks_each_answer_up_once(world, django_assert_num_queries):
    user = user_of(world.leader)

    def check():
        with django_assert_num_queries(1):  # the memberships, with the person and each program
            roles = roles_for(user, world.program)
            assert person_for(user) == world.leader
            assert roles_for(user, world.program).is_leader
        with django_assert_num_queries(0):  # the programs came with the roles
            assert programs_with_page_for(user) == [world.program]
            assert programs_with_page_for(user) == [world.program]
        with django_assert_num_queries(1):
            assert roles.leads(world.group) and roles.leads(world.group)

    in_one_request(check)


def test_a_person_without_any_active_role_is_still_found_once(world, django_assert_num_queries):
    person_deactivate(program=world.program, person=world.resident, by=world.administrator)
    user = user_of(world.resident)

    def check():
        with django_assert_num_queries(2):  # no membership to read the person with: it is read alone
            assert person_for(user) == world.resident
            assert person_for(user) == world.resident
            assert not roles_for(user, world.program).roles
            assert programs_with_page_for(user) == []

    in_one_request(check)


def test_outside_a_request_nothing_is_remembered(world, django_assert_num_queries):
    user = user_of(world.resident)
    with django_assert_num_queries(2):
        person_for(user)
        person_for(user)


def test_a_role_granted_during_the_request_counts_at_once(world):
    user = user_of(world.resident)

    def check():
        assert not roles_for(user, world.program).is_analyst
        assert programs_with_page_for(user) == []
        membership_grant(program=world.program, person=world.resident, role=Role.ANALYST)
        assert roles_for(user, world.program).is_analyst
        assert programs_with_page_for(user) == [world.program]

    in_one_request(check)


def test_a_reactivation_during_the_request_counts_at_once(world):
    # person_reactivate changes the memberships with one UPDATE (no signal); it forgets the memo itself.
    person_deactivate(program=world.program, person=world.resident, by=world.administrator)
    user = user_of(world.resident)

    def check():
        assert not roles_for(user, world.program).roles
        person_reactivate(program=world.program, person=world.resident)
        assert roles_for(user, world.program).is_resident

    in_one_request(check)


def test_a_seat_in_a_group_given_or_taken_during_the_request_counts_at_once(world):
    user = user_of(world.resident)
    other = Group.objects.create(program=world.program, name="Thursday group")

    def check():
        roles = roles_for(user, world.program)
        assert roles.belongs_to(world.group) and not roles.belongs_to(other)
        other.members.add(world.resident)
        world.group.members.remove(world.resident)
        assert roles.belongs_to(other) and not roles.belongs_to(world.group)

    in_one_request(check)


def test_a_study_analyst_removed_during_the_request_loses_the_workspace(world):
    from balint.studies.services import study_analyst_add
    from balint.studies.tests.factories import make_study

    study = make_study(world.administrator)
    study_analyst_add(study=study, email=world.analyst.email)
    user = user_of(world.analyst)

    def check():
        assert roles_for(user, study.workspace).is_analyst
        study_analyst_remove(study=study, person=world.analyst)
        assert not roles_for(user, study.workspace).roles

    in_one_request(check)


def test_the_next_request_sees_a_role_given_between_requests(client, world):
    client.force_login(user_of(world.resident))
    page = f"/programs/{world.program.slug}/"
    assert client.get(page).status_code == 403
    assert page not in client.get("/").content.decode()  # no link to it in the navigation either
    membership_grant(program=world.program, person=world.resident, role=Role.ANALYST)
    assert client.get(page).status_code == 200
    assert page in client.get("/").content.decode()
