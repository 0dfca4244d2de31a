"""The scripts' messages load from an address kept by the browser until the language or catalogue changes."""

import re

import pytest
from django.urls import reverse

from balint.site import script_catalog

pytestmark = pytest.mark.django_db


def _catalog_address(client, language: str) -> str:
    page = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE=language).content.decode()
    return re.search(r'<script src="(/jsi18n/[^"]+)" defer>', page).group(1)


def test_every_page_loads_the_catalogue_of_its_language_at_an_address_kept_for_good(client):
    english, german = _catalog_address(client, "en"), _catalog_address(client, "de")
    assert english != german and "/en-" in english and "/de-" in german

    response = client.get(german, HTTP_ACCEPT_LANGUAGE="de")
    assert response.status_code == 200 and "immutable" in response["Cache-Control"]
    assert "max-age=31536000" in response["Cache-Control"]
    assert "mindestens ein Thema." in response.content.decode()  # JSON writes ä as \\u00e4


def test_an_address_from_before_a_change_is_answered_but_not_kept(client):
    response = client.get(reverse("core:jsi18n", args=["de-000000000000"]), HTTP_ACCEPT_LANGUAGE="de")
    assert response.status_code == 200 and "gettext" in response.content.decode()
    assert "immutable" not in response.get("Cache-Control", "")


def test_the_address_changes_with_the_compiled_catalogue(settings, tmp_path):
    before = script_catalog.version("de")
    (tmp_path / "locale" / "de" / "LC_MESSAGES").mkdir(parents=True)
    (tmp_path / "locale" / "de" / "LC_MESSAGES" / "djangojs.mo").write_bytes(b"another catalogue")
    settings.PACKAGE_DIR = tmp_path
    script_catalog.version.cache_clear()
    try:
        assert script_catalog.version("de") != before
    finally:
        script_catalog.version.cache_clear()
