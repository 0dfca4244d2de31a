"""The Content-Security-Policy is written once (settings) and is the one every face sends."""

from pathlib import Path

from django.conf import settings
from django.urls import reverse

SRC = Path(__file__).resolve().parents[2]


def test_it_writes_the_policy_in_one_place():
    places = [
        path.relative_to(SRC).as_posix()
        for path in SRC.rglob("*.py")
        if "/tests/" not in path.as_posix() and "default-src" in path.read_text(encoding="utf-8")
    ]
    assert places == ["config/settings/base.py"]


def test_it_sends_the_settings_policy_on_pages_the_api_and_its_docs(client, world):
    client.force_login(world.leader.user)
    for url in [reverse("core:home"), reverse("login"), "/api/v1/docs", "/api/v1/openapi.json"]:
        response = client.get(url)
        assert response["Content-Security-Policy"] == settings.CONTENT_SECURITY_POLICY, url
