"""The one span check: grapheme boundaries (UAX #29) and line breaks normalised on the compared quote."""

import pytest

from balint.coding.spans import on_boundary, span_check
from balint.core.errors import ApplicationError

THUMB = "\U0001f44d\U0001f3fd"  # thumbs up + medium skin tone: two code points, one character
FAMILY = "\U0001f468\u200d\U0001f469\u200d\U0001f467"  # man ZWJ woman ZWJ girl: five code points
FLAG = "\U0001f1eb\U0001f1f7"  # regional indicators F R
ACCENT = "e\u0301"  # e + combining acute


@pytest.mark.parametrize("character", [THUMB, FAMILY, FLAG, ACCENT])
def test_it_refuses_a_span_that_splits_a_character_of_several_code_points(character):
    text = f"Before {character} after."
    first = len("Before ")
    assert span_check(text=text, start=first, end=first + len(character)) == character
    for inside in range(first + 1, first + len(character)):
        with pytest.raises(ApplicationError, match="inside a character made of several parts"):
            span_check(text=text, start=first, end=inside)
        with pytest.raises(ApplicationError, match="inside a character made of several parts"):
            span_check(text=text, start=inside, end=len(text))


def test_it_matches_a_crlf_quote_to_lf_text_and_the_reverse():
    lf = "First paragraph.\n\nSecond paragraph."
    crlf = lf.replace("\n", "\r\n")
    assert span_check(text=lf, start=6, end=24, quote="paragraph.\r\n\r\nSecond") == "paragraph.\n\nSecond"
    assert span_check(text=crlf, start=6, end=26, quote="paragraph.\n\nSecond") == "paragraph.\r\n\r\nSecond"
    with pytest.raises(ApplicationError, match="does not match"):
        span_check(text=lf, start=6, end=24, quote="paragraph.\r\n\r\nSecund")


def test_it_never_splits_cr_lf_and_agrees_with_a_full_segmentation():
    assert not on_boundary("a\r\nb", 2)
    text = f"{THUMB}\n{FAMILY} {FLAG}\r\n{ACCENT}x"
    import regex

    starts = {m.start() for m in regex.finditer(r"\X", text)} | {len(text)}
    assert [i for i in range(len(text) + 1) if on_boundary(text, i)] == sorted(starts)


def test_it_still_refuses_out_of_range_and_blank_spans():
    with pytest.raises(ApplicationError, match="outside the text"):
        span_check(text="abc", start=1, end=9)
    with pytest.raises(ApplicationError, match="only spaces"):
        span_check(text="a   b", start=1, end=4)
