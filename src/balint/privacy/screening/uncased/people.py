"""Names of people typed without telling capitals: Census names, after a title or a relative, signatures."""

from __future__ import annotations

import re
from collections.abc import Iterator

from balint.privacy.screening.spans import Span
from balint.privacy.screening.uncased.words import (
    CLINICAL,
    CREDENTIALS,
    INITIAL,
    NOT_A_NAME,
    RELATIVES,
    STAFF,
    TITLES,
    VERBS,
    WORD,
    _all_first,
    _all_names,
    _census_name,
    _frequent_surname,
    _is_known_name,
    _key,
    _name_like,
    _stop_words,
    _uncased,
    lexicon,
)


def _lexicon_names(text: str) -> Iterator[Span]:
    """Census names written in lower case or capitals, extended over the name words that follow."""
    words = list(WORD.finditer(text))
    index = 0
    while index < len(words):
        word = words[index].group()
        key = _key(word)
        if not _is_known_name(key) or word in _stop_words() or (key in lexicon()[3] and word.istitle()):
            index += 1
            continue
        start, end = words[index].span()
        nxt = index + 1
        while nxt < len(words) and nxt - index < 3:
            gap = text[end : words[nxt].start()]
            follower = words[nxt].group()
            if gap not in (" ", ". ", " . ") or not _uncased(follower):
                break
            key = _key(follower)
            if not (_is_known_name(key) or (len(key) > 3 and _name_like(key) and key not in lexicon()[2])):
                break
            end = words[nxt].end()
            nxt += 1
        yield Span(start, end, "NAME", text[start:end], 0.6)
        index = nxt


_TITLE_NAME = re.compile(
    rf"(?i)(?<![A-Za-z]){TITLES}(?:\.\s?|\s)(?P<v>(?:{INITIAL}\s?)?{WORD.pattern}(?:[ -]{WORD.pattern})?)"
)


_RELATIVE_NAME = re.compile(
    rf"(?i)(?<![A-Za-z]){RELATIVES}(?:[:,]?\s|-+)(?P<v>{WORD.pattern}(?:\s{WORD.pattern})?)"
)


_STAFF_NAME = re.compile(rf"(?i)(?<![A-Za-z]){STAFF}(?:[:,]?\s)(?P<v>{WORD.pattern}(?:\s{WORD.pattern})?)")


_VERB_NAME = re.compile(rf"(?i)(?<![A-Za-z]){VERBS}\s?(?P<v>{WORD.pattern}(?:\s{WORD.pattern})?)")


_AND_NAME = re.compile(rf"(?i)(?<![A-Za-z])dr(?:\.\s?|\s){WORD.pattern}\s(?:and|&|or)\s(?P<v>{WORD.pattern})")


# Titles that are also clinical abbreviations or plain words: the name after them must not be an
# ordinary word unless the Census lists it ("Sister Rose").
_WEAK_TITLE = re.compile(r"(?i)(?:ms|sr|nurse|sister|father|miss|prof|rev)\b")


_DOCTOR = re.compile(r"(?i)(?:dr|doctor)\b")


def _doctor_census_name(context: str, key: str) -> bool:
    """After "Dr" a Census name counts even when it is a clinical word: "dr. foley", "dr art white"."""
    return bool(_DOCTOR.match(context)) and len(key) > 2 and key in _all_names() and key not in NOT_A_NAME


def _ordinary(key: str) -> bool:
    """An ordinary or clinical word that is no Census name."""
    return key in lexicon()[2] and key not in _all_names()


def _context_names(text: str) -> Iterator[Span]:
    """Names after a title or a relative, in any case: "dr healey", "WIFE HELEN", "spoke with suzette"."""
    for pattern, score, strict in (
        (_TITLE_NAME, 0.9, 0),
        (_AND_NAME, 0.8, 0),
        (_RELATIVE_NAME, 0.8, 1),
        (_STAFF_NAME, 0.8, 3),
        (_VERB_NAME, 0.65, 2),
    ):
        for match in pattern.finditer(text):
            start = match.start("v")
            parts = list(WORD.finditer(text, start, match.end("v")))
            if pattern is _TITLE_NAME and len(parts) > 1 and len(parts[0].group()) == 1:
                parts = parts[
                    1:
                ]  # "DR. L. STAKE": the surname after the initial decides, the span keeps both
            if not parts:
                continue
            first_key = _key(parts[0].group())
            if strict == 3:
                if not (_is_known_name(first_key) or first_key in _all_first()) or first_key in NOT_A_NAME:
                    continue
                if re.fullmatch(RELATIVES, first_key):
                    continue
            elif strict == 2:
                # "with martin carey": a first name that is also a word counts when a surname follows it.
                followed = len(parts) > 1 and _is_known_name(_key(parts[1].group()))
                if not (_is_known_name(first_key) or (first_key in _all_first() and followed)):
                    continue
            elif strict:
                if first_key in lexicon()[2] and first_key not in _all_first():
                    continue
                if not (_census_name(first_key) or (_name_like(first_key) and first_key not in lexicon()[2])):
                    continue
            elif not (_name_like(first_key) or _doctor_census_name(match.group(), first_key)):
                continue
            elif pattern is _TITLE_NAME and _WEAK_TITLE.match(match.group()) and _ordinary(first_key):
                # "MS clears" (mental status), "SR rate 45" (sinus rhythm), "nurse unsuccessful".
                continue
            end = parts[0].end()
            for part in parts[1:]:
                key = _key(part.group())
                # A Census surname that is also a word, capitalised after a capitalised name: "Dr. Art White".
                titled = part.group().istitle() and parts[0].group().istitle() and key in _all_names()
                # "dr. hart cox (his pcp)": a frequent surname that is a word, after a title and a name.
                titled = titled or (
                    pattern is _TITLE_NAME
                    and _frequent_surname(key)
                    and _TITLE_CLOSE.match(text, part.end()) is not None
                )
                if not (_is_known_name(key) or titled or (_name_like(key) and key not in lexicon()[2])):
                    break
                if titled and key in NOT_A_NAME | CLINICAL:
                    break
                end = part.end()
            end = start + len(re.sub(r"['’]s?$", "", text[start:end]))
            yield Span(start, end, "NAME", text[start:end], score)


_SIGNATURE = re.compile(
    rf"(?im)(?<![\w.])(?P<v>(?:{WORD.pattern}|{INITIAL})(?:[ ]+(?:{WORD.pattern}|{INITIAL})){{0,3}})"
    rf"(?:,[ ]*|[ ]+){CREDENTIALS}(?![A-Za-z])"
)


# After an initial and a surname that is also a word: a clause ends or the person is told ("W. CRISP AWARE").
_TITLE_CLOSE = re.compile(
    r"(?i)\s*(?:[.,;:()\n]|$)|\s(?:aware|called|notified|in to|said|and|spoke|was|is)\b"
)
_CLOSE_AFTER = re.compile(
    r"(?i)\s*(?:[.,;:)\n]|$)|\s(?:aware|called|notified|paged|updated|in to|ordered|said)\b"
)


# Not the "s" of "90's." or "d/c'd.", nor the "h" of "mg/h.".
_INITIAL_NAME = re.compile(rf"(?<![\w.'’/])[A-Za-z]\.\s?(?P<v>{WORD.pattern})")


def _signatures(text: str) -> Iterator[Span]:
    """A name signed before a credential at the end of a line: "ROBERT V. DEGIORGIO, RRT", "q. lander rrt"."""
    for match in _SIGNATURE.finditer(text):
        parts = list(re.finditer(rf"{WORD.pattern}\.?", match.group("v")))
        keep: list[re.Match[str]] = []
        for part in reversed(parts):
            token = part.group().rstrip(".")
            key = _key(token)
            if len(token) == 1 or _census_name(key) or (_name_like(key) and key not in lexicon()[2]):
                keep.insert(0, part)
            else:
                break
        if not keep or all(len(p.group().rstrip(".")) == 1 for p in keep) and len(keep) < 2:
            continue
        base = match.start("v")
        start, end = base + keep[0].start(), base + keep[-1].end()
        yield Span(start, end, "NAME", text[start:end], 0.85)


def _initial_names(text: str) -> Iterator[Span]:
    """An initial and a surname: "w. marotta", "J. O'BRIEN", "d. phyl"."""
    for match in _INITIAL_NAME.finditer(text):
        key = _key(match.group("v"))
        # A Census surname that is also a word counts after a capital initial ("W. CRISP", "D. Castle"),
        # or any initial in text typed all in lower case ("reported to d. savage.").
        # Not "I&O", "A&O", "D&I", nor the "A." and "R." of a plan at a line's start.
        surname = (
            (match.group()[0].isupper() or not any(c.isupper() for c in text))
            and match.group()[2:3] == " "
            and _frequent_surname(key)
            and text[max(0, match.start() - 1) : match.start()] not in ("&", "\n")
            and _CLOSE_AFTER.match(text, match.end("v")) is not None
        )
        if (
            len(key) > 2
            and (_is_known_name(key) or surname or key not in lexicon()[2])
            and key not in CLINICAL
        ):
            yield Span(match.start(), match.end("v"), "NAME", text[match.start() : match.end("v")], 0.7)
