"""The agreement page's reasons (why a figure is missing) are read in the reader's language, even cached."""

from django.urls import reverse

from balint.coding.tests.factories import code, world_analysis


def test_the_agreement_page_says_why_a_figure_is_missing_in_german_after_an_english_view(client, world):
    analysis = world_analysis(world)  # the leader applied the theme to the first passage
    code(analysis.source, world.co_leader, analysis.theme, 0, 62)  # so did the co-leader: no variation
    client.force_login(world.leader.user)
    url = reverse("coding:agreement", args=[world.program.slug])
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Every decision was the same, so chance-corrected agreement is undefined." in english
    # The figures now come from the cache the English view filled; the reason is still German.
    german = client.get(url, HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert (
        "Alle Entscheidungen waren gleich, daher ist die zufallskorrigierte Übereinstimmung nicht definiert."
        in german
    )
    assert "Every decision was the same, so chance-corrected agreement is undefined." not in german
