"""Choices the coding forms build in Python are read in the reader's language.

The memo list's round filter labels each round ("Round 1") and the agreement page's unit choices name the
unit of analysis ("Paragraph"); both were English words written in code.
"""

import re

from django.urls import reverse

from balint.coding.tests.factories import code, make_source, make_theme, world_analysis


def test_the_memo_list_names_the_rounds_in_german(client, world) -> None:
    world_analysis(world)  # opens round 1
    client.force_login(world.leader.user)
    url = reverse("coding:memos", args=[world.program.slug])
    text = client.get(url, HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert ">Runde 1</option>" in text
    assert ">Round 1</option>" not in text


def test_the_memo_list_names_the_rounds_in_spanish(client, world) -> None:
    world_analysis(world)
    client.force_login(world.leader.user)
    text = client.get(reverse("coding:memos", args=[world.program.slug]), HTTP_ACCEPT_LANGUAGE="es")
    assert ">Ronda 1</option>" in text.content.decode()


def test_the_agreement_page_names_the_units_in_german(client, world) -> None:
    world_analysis(world)
    client.force_login(world.leader.user)
    url = reverse("coding:agreement", args=[world.program.slug])
    text = client.get(url, HTTP_ACCEPT_LANGUAGE="de").content.decode()
    for german in ("Quelle", "Absatz", "Satz"):
        assert f">{german}</option>" in text, german
    for english in ("Source", "Paragraph", "Sentence"):
        assert f">{english}</option>" not in text, english
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert ">Paragraph</option>" in english and ">Sentence</option>" in english  # English as before


def test_the_agreement_page_names_the_units_in_spanish(client, world) -> None:
    world_analysis(world)
    client.force_login(world.leader.user)
    url = reverse("coding:agreement", args=[world.program.slug])
    text = client.get(url, HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert ">Párrafo</option>" in text and ">Oración</option>" in text and ">Fuente</option>" in text
    assert ">Paragraph</option>" not in text


def test_the_agreement_page_names_its_unit_in_running_text_in_the_readers_language(client, world) -> None:
    """ "cut into units (paragraphs)" and each disagreement's "paragraph 1" were the unit's English value."""
    feelings = make_theme(world.program, "Feelings")
    source = make_source(
        world.program, text="The resident hesitated.\n\nThe group waited.", group=world.group
    )
    code(source, world.leader, feelings, 0, 23)  # the co-leader leaves it: a disagreement on paragraph 1
    code(source, world.co_leader, feelings, 25, 42)
    client.force_login(world.analyst.user)
    url = reverse("coding:agreement", args=[world.program.slug])
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "cut into units (paragraphs)" in english and "· paragraph 1 ·" in english
    german = client.get(url, HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "(Einheit: Absatz)" in german and "· Absatz 1 ·" in german
    assert "paragraph" not in re.sub(r"<[^>]+>", "", german)  # the text, not the options' values
    spanish = client.get(url, HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "(unidad: párrafo)" in spanish and "· párrafo 1 ·" in spanish
