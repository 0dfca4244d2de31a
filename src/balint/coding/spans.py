"""The one check of a span [start, end) of a text: in range, not blank, on grapheme boundaries, as quoted.

Offsets count code points (Python's `str` indices). A character a reader sees as one (an emoji with a
skin-tone modifier or a ZWJ sequence, a flag, a letter with combining accents) is an extended grapheme
cluster of several code points (Unicode UAX #29, segmented with the `regex` module's ``\\X``); a span that
starts or ends inside one would store half of it, so it is refused. Every writer of codings calls
`span_check` (the coding service, the REST API through it, and the .qdpx import).
"""

from __future__ import annotations

import regex
from django.utils.translation import gettext as _

from balint.core.errors import ApplicationError

_GRAPHEME = regex.compile(r"\X")


def normalise_line_breaks(text: str) -> str:
    """CR LF and lone CR become LF (browsers send form values with CR LF line breaks)."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def on_boundary(text: str, offset: int) -> bool:
    """Whether `offset` falls between two grapheme clusters.

    Only the line around the offset is segmented: UAX #29 always breaks after a line feed and before one
    (rules GB4, GB5), so the segmentation may restart there.
    """
    if offset <= 0 or offset >= len(text):
        return True
    pair = text[offset - 1 : offset + 1]
    if pair == "\r\n":  # CR LF is one cluster (GB3)
        return False
    if pair.isascii():  # no rule of UAX #29 joins two ASCII characters but CR LF: no need to segment
        return True
    line_start = text.rfind("\n", 0, offset) + 1
    line_end = text.find("\n", offset)
    line = text[line_start : len(text) if line_end < 0 else line_end]
    return any(line_start + match.start() == offset for match in _GRAPHEME.finditer(line)) or (
        line_end == offset
    )


def whole_characters(text: str, start: int, end: int) -> tuple[int, int]:
    """[start, end) widened so that neither end falls inside a character of several code points."""
    while start > 0 and not on_boundary(text, start):
        start -= 1
    while end < len(text) and not on_boundary(text, end):
        end += 1
    return start, end


def span_check(*, text: str, start: int, end: int, quote: str | None = None) -> str:
    """The text of [start, end); refused when out of range, blank, splitting a character, or not the quote.

    The quote is compared with line breaks normalised on both sides, so a browser's CR LF matches the LF of
    the stored text (and the reverse).
    """
    if not (0 <= start < end <= len(text)):
        raise ApplicationError(
            _("The selection is outside the text; reload the page and select again."),
            extra={"start": start, "end": end, "length": len(text)},
        )
    span = text[start:end]
    if not span.strip():
        raise ApplicationError(_("The selection holds only spaces."), extra={"start": start, "end": end})
    if quote is not None and normalise_line_breaks(quote) != normalise_line_breaks(span):
        # The browser and the server disagree on offsets (UTF-16 against code points): refuse, never guess.
        raise ApplicationError(
            _("The selected text does not match the source at those positions; reload and select again."),
            extra={"start": start, "end": end},
        )
    for name, offset in (("start", start), ("end", end)):
        if not on_boundary(text, offset):
            raise ApplicationError(
                _(
                    "The selection's {name} falls inside a character made of several parts (an emoji, a "
                    "flag or an accented letter); select the whole character."
                ).format(name=name),
                extra={"start": start, "end": end, "field": name},
            )
    return span
