"""The person's own language wins, then the program's default, then the browser's Accept-Language."""

from conftest import PASSWORD
from django.urls import reverse


def _sign_in(client, person, **headers) -> None:
    response = client.post(
        reverse("login"), {"username": person.user.username, "password": PASSWORD}, **headers
    )
    assert response.status_code == 302


def test_it_shows_the_page_in_the_language_the_person_picks(client, resident):
    client.force_login(resident.user)
    response = client.post(reverse("programs:language"), {"language": "de"}, follow=True)
    resident.refresh_from_db()
    assert resident.language == "de"
    page = response.content.decode()
    assert '<html lang="de">' in page
    assert "Ihre Sprache wurde gespeichert." in page
    assert "Abmelden" in page and response["Content-Language"] == "de"


def test_it_takes_the_person_s_choice_over_the_program_default(client, resident, program):
    program.default_language = "es"
    program.save()
    resident.language = "de"
    resident.save()
    _sign_in(client, resident)
    assert "Startseite" in client.get(reverse("core:home")).content.decode()


def test_it_takes_the_program_default_when_the_person_has_none(client, resident, program):
    program.default_language = "es"
    program.save()
    _sign_in(client, resident, HTTP_ACCEPT_LANGUAGE="de")
    page = client.get(reverse("core:home"), HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert '<html lang="es">' in page and "Cerrar sesión" in page


def test_it_follows_the_browser_when_neither_chose(client, resident):
    _sign_in(client, resident)
    page = client.get(reverse("core:home"), HTTP_ACCEPT_LANGUAGE="es-ES,es;q=0.9").content.decode()
    assert '<html lang="es">' in page
    assert "Anmelden" in client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="de").content.decode()


def test_it_stays_english_by_default(client, resident):
    client.force_login(resident.user)
    page = client.get(reverse("core:home")).content.decode()
    assert '<html lang="en">' in page and "Sign out" in page


def test_it_refuses_a_language_it_does_not_ship(client, resident):
    client.force_login(resident.user)
    response = client.post(reverse("programs:language"), {"language": "fr"})
    assert response.status_code == 422
    resident.refresh_from_db()
    assert resident.language == ""


def test_it_follows_the_browser_again_after_going_back_to_the_default(client, resident):
    client.force_login(resident.user)
    client.post(reverse("programs:language"), {"language": "de"})
    client.post(reverse("programs:language"), {"language": ""})
    assert '<html lang="en">' in client.get(reverse("core:home")).content.decode()


def test_it_lets_an_administrator_set_the_program_default(client, administrator, program):
    client.force_login(administrator.user)
    page = client.get(reverse("programs:edit", args=[program.slug])).content.decode()
    assert 'name="default_language"' in page


def test_it_shows_a_session_page_in_german(client, leader, meeting):
    leader.language = "de"
    leader.save()
    _sign_in(client, leader)
    page = client.get(reverse("meetings:detail", args=[meeting.code])).content.decode()
    assert "Fokus" in page and "Sitzungen" in page
