from django.urls import reverse

from balint.programs.models import Person


def test_it_adds_a_resident_with_a_cohort(client, world):
    client.force_login(world.administrator.user)
    response = client.post(
        reverse("programs:person_create", args=[world.program.slug]),
        {
            "full_name": "Nia New",
            "email": "nia@example.org",
            "username": "nia",
            "role": "resident",
            "cohort": world.cohort.pk,
        },
    )
    assert response.status_code == 302
    person = Person.objects.get(user__username="nia")
    assert person.memberships.get().cohort == world.cohort
    assert not person.user.has_usable_password()


def test_it_rejects_missing_and_over_long_fields(client, world):
    client.force_login(world.administrator.user)
    before = Person.objects.count()
    response = client.post(
        reverse("programs:person_create", args=[world.program.slug]),
        {"full_name": "x" * 201, "email": "", "username": "ok", "role": "resident"},
    )
    assert response.status_code == 422
    content = response.content.decode()
    assert "Ensure this value has at most 200 characters" in content
    assert "This field is required." in content
    assert Person.objects.count() == before


def test_it_refuses_a_taken_username_and_keeps_the_form(client, world):
    client.force_login(world.administrator.user)
    response = client.post(
        reverse("programs:person_create", args=[world.program.slug]),
        {"full_name": "Dup", "email": "d@example.org", "username": "leader1", "role": "leader"},
    )
    assert response.status_code == 422
    assert "already taken" in response.content.decode()
    assert 'value="Dup"' in response.content.decode()


def test_it_refuses_a_cohort_for_a_leader(client, world):
    client.force_login(world.administrator.user)
    response = client.post(
        reverse("programs:person_create", args=[world.program.slug]),
        {
            "full_name": "L",
            "email": "l@example.org",
            "username": "lx",
            "role": "leader",
            "cohort": world.cohort.pk,
        },
    )
    assert response.status_code == 422
    assert "Only residents belong to a cohort." in response.content.decode()


def test_it_ignores_a_cohort_of_another_program(client, world):
    from balint.programs.models import Cohort

    foreign = Cohort.objects.create(program=world.other_program, name="Foreign", entry_year=2024)
    client.force_login(world.administrator.user)
    response = client.post(
        reverse("programs:person_create", args=[world.program.slug]),
        {
            "full_name": "F",
            "email": "f@example.org",
            "username": "fx",
            "role": "resident",
            "cohort": foreign.pk,
        },
    )
    assert response.status_code == 422
    assert not Person.objects.filter(user__username="fx").exists()
