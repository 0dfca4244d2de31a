"""Every shipped language translates every string the code marks, with no fuzzy entry, and its .mo is current.

The marked strings are read without gettext tools (CI has none): Django's own template tokenizer for
{% translate %}/{% blocktranslate %} and Python's ast for gettext calls, so a string marked and not translated
fails here.
"""

import ast
import gettext
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.template.base import Lexer, TokenType
from django.templatetags.i18n import BlockTranslateNode, TranslateNode  # noqa: F401  (the tags read here)

from balint.core.testing.i18n import read_po

PACKAGE = Path(settings.PACKAGE_DIR)
LOCALE = PACKAGE / "locale"
SHIPPED = [code for code, _ in settings.LANGUAGES if code != "en"]
GETTEXT_NAMES = {"_", "gettext", "gettext_lazy", "ngettext", "ngettext_lazy", "pgettext", "pgettext_lazy"}


def _source_files(pattern: str) -> list[Path]:
    return [p for p in PACKAGE.rglob(pattern) if "tests" not in p.parts and "locale" not in p.parts]


def _python_msgids() -> set[str]:
    found = set()
    for path in _source_files("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) in GETTEXT_NAMES:
                name = node.func.id
                args = node.args[1:] if name.startswith("pgettext") else node.args
                if args and isinstance(args[0], ast.Constant) and isinstance(args[0].value, str):
                    found.add(args[0].value)
    return found


def _template_msgids() -> set[str]:
    found = set()
    for path in _source_files("*.html"):
        tokens = Lexer(path.read_text(encoding="utf-8")).tokenize()
        inside: list[str] | None = None
        trimmed = False
        for token in tokens:
            bits = token.split_contents() if token.token_type == TokenType.BLOCK else []
            if bits and bits[0] in ("translate", "trans"):
                literal = bits[1]
                if literal[0] in "\"'" and literal[-1] == literal[0]:
                    # Django looks a {% translate %} literal up with each % doubled, as makemessages writes it
                    found.add(literal[1:-1].replace("%", "%%"))
            elif bits and bits[0] in ("blocktranslate", "blocktrans"):
                inside, trimmed = [], "trimmed" in bits
            elif bits and bits[0] in ("plural", "endblocktranslate", "endblocktrans") and inside is not None:
                text = "".join(inside)
                if trimmed:
                    text = " ".join(line.strip() for line in text.strip().splitlines() if line.strip())
                found.add(text)
                inside = [] if bits[0] == "plural" else None
            elif inside is not None:
                if token.token_type == TokenType.VAR:
                    inside.append(f"%({token.contents})s")
                elif token.token_type == TokenType.TEXT:
                    inside.append(token.contents.replace("%", "%%"))
    return found


@pytest.fixture(scope="module")
def marked() -> set[str]:
    return _python_msgids() | _template_msgids()


@pytest.mark.parametrize("language", SHIPPED)
def test_it_translates_every_marked_string(language: str, marked: set[str]) -> None:
    entries = {e.msgid: e for e in read_po(LOCALE / language / "LC_MESSAGES" / "django.po")}
    entries |= {e.plural: e for e in entries.values() if e.plural}
    missing = sorted(m for m in marked if m not in entries)
    assert not missing, f"{language}: {len(missing)} marked strings missing; run makemessages: {missing[:10]}"


@pytest.mark.parametrize("language", SHIPPED)
def test_it_has_no_fuzzy_or_empty_entry(language: str) -> None:
    entries = read_po(LOCALE / language / "LC_MESSAGES" / "django.po")
    fuzzy = [e.msgid for e in entries if e.fuzzy]
    empty = [e.msgid for e in entries if not all(e.translations)]
    assert not fuzzy, f"{language}: fuzzy entries: {fuzzy[:10]}"
    assert not empty, f"{language}: untranslated entries: {empty[:10]}"


@pytest.mark.parametrize("language", SHIPPED)
def test_it_ships_a_compiled_catalogue_matching_the_po(language: str) -> None:
    folder = LOCALE / language / "LC_MESSAGES"
    with (folder / "django.mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    for entry in read_po(folder / "django.po"):
        if entry.plural:
            assert compiled.ngettext(entry.msgid, entry.plural, 1) == entry.translations[0], entry.msgid
        elif not entry.context:
            assert compiled.gettext(entry.msgid) == entry.translations[0], f"recompile the .mo: {entry.msgid}"


def test_it_reads_marked_strings_from_templates_and_python() -> None:
    assert "Sign in" in _template_msgids()
    assert "Your language was saved." in _python_msgids()


_SCRIPT_CALL = re.compile(r"""\b(?:gettext|ngettext)\(\s*"((?:[^"\\]|\\.)*)\"""")


def _script_msgids() -> set[str]:
    found = set()
    for path in _source_files("*.js"):
        if "vendor" not in path.parts:
            found |= set(_SCRIPT_CALL.findall(path.read_text("utf-8")))
    return found


@pytest.mark.parametrize("language", SHIPPED)
def test_it_translates_every_script_message(language: str) -> None:
    """The scripts' messages (gettext/ngettext from /jsi18n/) are in djangojs.po, translated, and compiled."""
    folder = LOCALE / language / "LC_MESSAGES"
    entries = read_po(folder / "djangojs.po")
    known = {e.msgid for e in entries} | {e.plural for e in entries if e.plural}
    missing = sorted(_script_msgids() - known)
    assert not missing, f"{language}: run makemessages -d djangojs: {missing[:10]}"
    assert all(all(e.translations) and not e.fuzzy for e in entries), f"{language}: djangojs.po is incomplete"
    with (folder / "djangojs.mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    assert all(compiled.gettext(e.msgid) == e.translations[0] for e in entries if not e.plural)
    assert "Perspective saved." in _script_msgids()


_SCRIPT_TEXT = re.compile(
    r"""(?:\.(?:textContent|title|placeholder)\s*=|setAttribute\(\s*"(?:aria-label|title|placeholder|alt)"\s*,"""
    r"""|\b(?:show|alert|confirm)\()\s*(`[^`]*`|"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')"""
)


def _plain_script_texts(source: str) -> list[str]:
    """Literal words a script puts on the page (text, title, label, message) without gettext/ngettext."""
    found = []
    for literal in _SCRIPT_TEXT.findall(source):
        words = re.sub(r"\$\{[^}]*\}", "", literal[1:-1])
        if re.search(r"[A-Za-z]{2}", words):
            found.append(literal)
    return found


def test_scripts_put_no_plain_english_on_the_page() -> None:
    """What a script writes into the page goes through the catalogue, like the templates' text."""
    assert _plain_script_texts('box.title = `Suggested: ${name}`; show("Offline", true);') == [
        "`Suggested: ${name}`",
        '"Offline"',
    ]
    assert _plain_script_texts('box.title = gettext("Saved"); name.textContent = `? ${theme.name}`;') == []
    plain = {
        str(path.relative_to(LOCALE.parent)): texts
        for path in _source_files("*.js")
        if "vendor" not in path.parts and (texts := _plain_script_texts(path.read_text("utf-8")))
    }
    assert not plain, plain
