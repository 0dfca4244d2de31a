"""The interface language of a request: the person's own, else their program's default, else the browser's.

The choice is resolved once, at sign-in or when the person changes it (balint.programs.language), and kept in
the session under SESSION_KEY, so a page costs no query for it. Everyone else (signed out, survey links, the
API) gets the browser's Accept-Language, falling back to English.
"""

from django.conf import settings
from django.http import HttpRequest
from django.middleware.locale import LocaleMiddleware
from django.utils import translation

SESSION_KEY = "balint_language"


def supported(code: str | None) -> bool:
    return bool(code) and code in dict(settings.LANGUAGES)


class LanguageMiddleware(LocaleMiddleware):
    """Django's LocaleMiddleware (Content-Language, Vary), with the session's choice first."""

    def process_request(self, request: HttpRequest) -> None:
        session = getattr(request, "session", None)
        chosen = session.get(SESSION_KEY) if session is not None else None
        language = chosen if supported(chosen) else translation.get_language_from_request(request)
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
