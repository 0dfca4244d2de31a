"""The screener reads English only: a text in another language gets a notice, not a silent English reading."""

import pytest
from conftest import PASSWORD
from django.urls import reverse

pytestmark = pytest.mark.django_db

GERMAN = (
    "Die Ärztin erzählte von einer Patientin, die mit den gleichen Schmerzen wieder in die Praxis kam, "
    "und sie hatte das Gefühl, dass nichts hilft."
)
ENGLISH = "The resident spoke about a patient who came back with the same pain, and she felt nothing helped."


def test_it_says_screening_is_not_supported_for_a_german_text(client, world, leader):
    client.login(username=leader.user.username, password=PASSWORD)
    body = client.post(
        reverse("privacy:screen_try", args=[world.program.slug]), {"text": GERMAN}
    ).content.decode()
    assert "Identifier screening is not supported for German" in body


def test_it_says_nothing_for_an_english_text(client, world, leader):
    client.login(username=leader.user.username, password=PASSWORD)
    body = client.post(
        reverse("privacy:screen_try", args=[world.program.slug]), {"text": ENGLISH}
    ).content.decode()
    assert "not supported for" not in body
