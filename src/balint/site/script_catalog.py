"""The scripts' messages in the page's language (Django's JavaScript catalogue), kept by the browser.

Every page loads the catalogue. Its address names the language and a digest of the compiled catalogues, so
the browser keeps it for good and a new translation or a language change is a new address: a page costs no
request for it after the first. An old address (a page rendered before a deploy) is still answered, without
the long lifetime.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

import django
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import get_language
from django.views.i18n import JavaScriptCatalog

YEAR = 365 * 24 * 3600


@lru_cache(maxsize=8)
def version(language: str) -> str:
    """The language and a digest of the compiled script catalogues and Django's version."""
    digest = hashlib.sha256(django.get_version().encode())
    for path in sorted(Path(settings.PACKAGE_DIR, "locale").glob("*/LC_MESSAGES/djangojs.mo")):
        digest.update(path.read_bytes())
    return f"{language}-{digest.hexdigest()[:12]}"


def catalog_url() -> str:
    """The catalogue's address for the active language."""
    return reverse("core:jsi18n", args=[version(get_language() or settings.LANGUAGE_CODE)])


class Catalog(JavaScriptCatalog):
    def get(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        response = super().get(request, *args, **kwargs)
        if kwargs.get("version") == version(get_language() or settings.LANGUAGE_CODE):
            patch_cache_control(response, public=True, max_age=YEAR, immutable=True)
        return response
