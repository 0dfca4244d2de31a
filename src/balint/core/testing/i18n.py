"""Finds text a template shows that is not inside a translate tag, and reads gettext catalogues.

The template check blanks every template tag, variable and comment (keeping offsets), drops what sits
inside {% translate %}/{% blocktranslate %}, <script>/<style> and {% comment %}, and reports the words left
in text nodes and in the attributes people read or hear (title, alt, placeholder, aria-label...).
"""

import re
from dataclasses import dataclass
from pathlib import Path

from django.template.base import DebugLexer, TokenType

BLOCK, VAR = "\ue000", "\ue001"  # fillers the width of the tag or variable they stand for
VISIBLE_ATTRIBUTES = (
    "title",
    "alt",
    "placeholder",
    "aria-label",
    "aria-description",
    "aria-roledescription",
    "data-confirm",
)
# Words that read the same in every language: the product's name, file formats, standards, units.
ALLOWED_WORDS = {
    "Balint",
    "CSV",
    "XLSX",
    "PDF",
    "DOCX",
    "ODT",
    "ICS",
    "iCal",
    "JSON",
    "API",
    "REFI-QDA",
    "QDPX",
    "QDC",
    "PGY",
    "ID",
    "UTC",
    "URL",
    "HTML",
    "SVG",
    "OK",
    "Cohen",
    "Krippendorff",
    "WCAG",
    "ORCID",
    "OTP",
    "TOTP",
    "htmx",
    "ONNX",
    "MiniLM",
    "F1",
    "macro-F1",
    "ECE",
    "k",
    "n",
    "κ",
    "α",
    "AUC",
    "kB",
    "MB",
}
_WORD = re.compile(r"[^\W\d_][\w'’-]*[^\W\d_]|[^\W\d_]{2,}", re.UNICODE)
_SKIPPED_ELEMENTS = re.compile(r"<(script|style|code|pre)\b.*?</\1\s*>", re.S | re.I)
_TAG = re.compile(r"<!--.*?-->|<[^<>]*>", re.S)
_ATTRIBUTE = re.compile(r"""\s([\w:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_ENTITY = re.compile(r"&#?\w+;")


@dataclass(frozen=True)
class Unmarked:
    path: str
    line: int
    text: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.text!r}"


def _shown(text: str) -> str:
    """The text as a reader of the failure sees it: each template tag or variable as one ellipsis."""
    return re.sub(f"[{BLOCK}{VAR}]+", "…", " ".join(text.split())).strip()


def blanked(source: str) -> str:
    """The template with tags/variables as same-width fillers and translated or ignored stretches blanked."""
    out: list[str] = []
    skip_until: str | None = None
    for token in DebugLexer(source).tokenize():
        raw = source[token.position[0] : token.position[1]]
        if skip_until:
            out.append(" " * len(raw) if token.token_type != TokenType.TEXT else re.sub(r"[^\n]", " ", raw))
            if token.token_type == TokenType.BLOCK and token.contents.split()[0] == skip_until:
                skip_until = None
            continue
        if token.token_type == TokenType.TEXT:
            out.append(raw)
        elif token.token_type == TokenType.VAR:
            out.append(VAR * len(raw))
        elif token.token_type == TokenType.BLOCK:
            name = token.contents.split()[0] if token.contents else ""
            if name in ("blocktranslate", "blocktrans"):
                skip_until = "end" + name
            elif name == "comment":
                skip_until = "endcomment"
            out.append(BLOCK * len(raw))
        else:
            out.append(" " * len(raw))
    return "".join(out)


def _visible_words(text: str) -> list[str]:
    text = _ENTITY.sub(" ", text.replace(BLOCK, " ").replace(VAR, " "))
    return [w for w in _WORD.findall(text) if w not in ALLOWED_WORDS and w.strip("-") not in ALLOWED_WORDS]


def unmarked_in(source: str, path: str = "") -> list[Unmarked]:
    """Every text node or visible attribute with a word outside a translate tag."""
    text = blanked(source)
    text = _SKIPPED_ELEMENTS.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)
    found = []
    position = 0
    for match in _TAG.finditer(text + "<>"):
        node = text[position : match.start()]
        if _visible_words(node):
            found.append(Unmarked(path, text.count("\n", 0, position) + 1, _shown(node)))
        for attribute in _ATTRIBUTE.finditer(match.group(0)):
            value = attribute.group(2) if attribute.group(2) is not None else attribute.group(3)
            if attribute.group(1).lower() in VISIBLE_ATTRIBUTES and _visible_words(value):
                line = text.count("\n", 0, match.start()) + 1
                found.append(Unmarked(path, line, f"{attribute.group(1)}={_shown(value)}"))
        position = match.end()
    return found


def unmarked_in_file(path: Path, root: Path) -> list[Unmarked]:
    return unmarked_in(path.read_text(encoding="utf-8"), str(path.relative_to(root)))


@dataclass(frozen=True)
class Entry:
    context: str
    msgid: str
    plural: str
    translations: tuple[str, ...]
    fuzzy: bool


def _unquote(lines: list[str]) -> str:
    raw = "".join(line.strip()[1:-1] for line in lines)
    return raw.encode("utf-8").decode("unicode_escape").encode("latin-1").decode("utf-8")


def read_po(path: Path) -> list[Entry]:
    """The entries of a .po file (the header, msgid "", left out; obsolete #~ entries too)."""
    entries = []
    for block in re.split(r"\n\s*\n", path.read_text(encoding="utf-8")):
        lines = [line for line in block.splitlines() if line.strip() and not line.startswith("#~")]
        fuzzy = any(line.startswith("#,") and "fuzzy" in line for line in lines)
        fields: dict[str, list[str]] = {}
        current = None
        for line in lines:
            if line.startswith("#"):
                continue
            if line.startswith('"'):
                if current:
                    fields[current].append(line)
                continue
            keyword, _, rest = line.partition(" ")
            current = keyword
            fields[current] = [rest]
        if "msgid" not in fields:
            continue
        msgid = _unquote(fields["msgid"])
        if not msgid:
            continue
        plural = _unquote(fields.get("msgid_plural", ['""']))
        keys = sorted(k for k in fields if k.startswith("msgstr"))
        entries.append(
            Entry(
                context=_unquote(fields.get("msgctxt", ['""'])),
                msgid=msgid,
                plural=plural,
                translations=tuple(_unquote(fields[k]) for k in keys),
                fuzzy=fuzzy,
            )
        )
    return entries
