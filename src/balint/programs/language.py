"""Which language a person's pages are in: their own choice, else their program's default (core.language)."""

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest
from django.utils import translation

from balint.core.language import SESSION_KEY, supported
from balint.programs.models import Person


def language_for(person: Person) -> str:
    """The person's chosen language, else the default of the first of their programs that has one, else ""."""
    if supported(person.language):
        return person.language
    defaults = (
        person.memberships.filter(active=True)
        .exclude(program__default_language="")
        .order_by("program__name")
        .values_list("program__default_language", flat=True)
    )
    return next((code for code in defaults if supported(code)), "")


def remember_language(request: HttpRequest, person: Person | None) -> None:
    """Keep the person's language in the session and use it now; "" falls back to the browser's."""
    language = language_for(person) if person is not None else ""
    if language:
        request.session[SESSION_KEY] = language
        translation.activate(language)
    else:
        request.session.pop(SESSION_KEY, None)
        translation.activate(translation.get_language_from_request(request))
    request.LANGUAGE_CODE = translation.get_language()


@receiver(user_logged_in, dispatch_uid="balint.programs.language")
def _on_sign_in(sender: object, request: HttpRequest | None, user: object, **kwargs: object) -> None:
    if request is None or not hasattr(request, "session"):
        return
    remember_language(request, Person.objects.filter(user=user).first())


def email_language(person: Person, program: object) -> str:
    """The language of an e-mail to the person about a program: theirs, else the program's, else the site's.

    No query: the program is the one the e-mail is about (its default_language is read from the object).
    """
    from django.conf import settings

    for code in (person.language, getattr(program, "default_language", "")):
        if supported(code):
            return code
    return settings.LANGUAGE_CODE
