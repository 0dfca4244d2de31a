"""Every word a template shows is inside a translate tag, so a new unmarked string fails here.

Apps whose templates are not yet marked are listed in NOT_YET_MARKED; take an app off the list once its
templates, forms and messages are marked and translated (README: adding or completing a language).
"""

from pathlib import Path

import pytest
from django.conf import settings

from balint.core.testing.i18n import unmarked_in, unmarked_in_file

PACKAGE = Path(settings.PACKAGE_DIR)
NOT_YET_MARKED: set[str] = set()  # every app is marked; list one here only while marking it
# Pages another change is moving between apps while they are marked (none at the moment).
PENDING_FILES: set[str] = set()


def _templates() -> list[Path]:
    return sorted(
        p
        for p in PACKAGE.rglob("templates/**/*.html")
        if p.relative_to(PACKAGE).parts[0] not in NOT_YET_MARKED
        and str(p.relative_to(PACKAGE)) not in PENDING_FILES
    )


@pytest.mark.parametrize("path", _templates(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_it_marks_every_visible_string(path: Path) -> None:
    found = unmarked_in_file(path, PACKAGE)
    assert not found, "unmarked text (wrap it in {% translate %}):\n" + "\n".join(map(str, found))


def test_it_finds_text_outside_translate_tags() -> None:
    found = unmarked_in(
        '{% load i18n %}<p title="Hover text">{% translate "Fine" %} Loose words {{ x }}</p>'
        "{% blocktranslate %}Also fine {{ y }}{% endblocktranslate %}<script>let s = 'code';</script>"
    )
    assert [f.text for f in found] == ["title=Hover text", "… Loose words …"]


def test_it_allows_symbols_numbers_and_names_that_do_not_translate() -> None:
    assert not unmarked_in("<p>{{ n }} · 42 % — PDF, CSV ›</p><td>–</td><code>balint serve</code>")
