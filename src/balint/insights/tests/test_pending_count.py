"""The assistance page counts the suggestions waiting for a decision, never a "no suggestion" row."""

import re

from conftest import PASSWORD
from django.urls import reverse

from balint.insights import services


def test_it_counts_pending_suggestions_without_the_abstentions(client, labelled_program, world):
    source = labelled_program.extra
    source.text += "\n\nIt was a long week for everyone in the program and on the wards."
    source.save(update_fields=["text"])
    made = services.source_suggest(source=source, roles=None, person=world.analyst)
    waiting = [s for s in made if not s.abstained]
    assert len(waiting) < len(made), "the unsure passage gets at least one 'no suggestion'"
    assert client.login(username=world.analyst.user.username, password=PASSWORD)
    page = client.get(reverse("insights:assistance", args=[world.program.slug])).content.decode()
    link = reverse("insights:source", args=[source.code])
    row = re.search(rf'<tr><td><a href="{link}">.*?</tr>', page, re.S).group(0)
    assert re.findall(r"<td>(\d+)</td>", row)[-1] == str(len(waiting))
