"""Names that no list holds, read from the words around them, in any case style.

uncased.py finds a name when a list knows it or a title comes before it. These rules find a word no
list knows ("NP NOJU", "per zuvon", "Hasa Gizimer,RN", "Kogitt Pukowen (niece)", "DRS ZOTICA AND BUDOS")
from its place in the sentence, and `chained_names` stretches a found name over the names joined to it
("Sons Befor, Loveve and Gukinos"). A word counts only when it is not an ordinary English word, a clinical
word or abbreviation, or a relative's title, so misspelt words in a name's place are the price paid.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from balint.privacy.screening.spans import Span
from balint.privacy.screening.uncased.words import (
    _STATE_NAMES,
    CLINICAL,
    NOT_A_NAME,
    PLAIN_HOSPITAL,
    RELATIVES,
    SERVICES,
    WORD,
    _all_first,
    _all_names,
    _frequent_surname,
    _is_known_name,
    _key,
    lexicon,
)

W = WORD.pattern
# Relatives and the people who speak for a patient, as typed in a hurry ("dtr-in-law", "grandaughter").
KIN = (
    r"(?:husband|wife|spouse|partner|son|sons|daughter|daughters|dtr|dtrs|dau|sister|sisters|brother|brothers"
    r"|sis|bro|mother|father|mom|mum|dad|niece|neice|nephew|cousin|aunt|uncle|grandson|grandsons"
    r"|granddaughter|grandaughter|granddtr|grandmother|grandfather|grandma|grandpa|stepson|stepdaughter"
    r"|fiance|fiancee|friend|boyfriend|girlfriend|neighbor|neighbour|companion|significant other"
    r"|guardian|legal guardian|hcp|proxy|health care proxy|healthcare proxy|spokesperson|contact person"
    r"|family contact|interpreter|caseworker|case manager|social worker|chaplain)(?:-in-law|s)?(?![A-Za-z])"
)
CREDENTIAL = (
    r"(?:r\.?n\.?|rrt|crt|r\.?r\.?t\.?|bsn|lpn|l\.?p\.?n\.?|lcsw|licsw|msw|cna|n\.?p\.?|crnp|m\.?d\.?|pa-c"
    r"|slp|otr|dpt|rph|pharmd|phd|psyd)"
)
# A name's place: after a plural title, a credential or staff role, a relative with any punctuation, or
# a verb that takes a person ("per", "spoke with", "page", "consult with", "contacts").
_PLURAL_TITLE = re.compile(rf"(?i)(?<![A-Za-z])(?:drs|dr['’]s|doctors)\.?\s(?P<v>{W})")
_ROLE = re.compile(
    rf"(?i)(?<![A-Za-z])(?:np|crnp|rn|md|pa|resident|intern|fellow|attending)(?:[:,]\s?|\s)(?P<v>{W})"
)
_KIN_NAME = re.compile(
    rf"(?i)(?<![A-Za-z]){KIN}(?:\s?\(\?\))?(?:\s(?:is|was|named|called|=))?\s?[:,(\-–=]*\s?(?P<v>{W})"
)
_PERSON_VERB = re.compile(
    rf"(?i)(?<![A-Za-z])(?:spoke with|spoke to|talked with|talked to|consult with|consulted with"
    rf"|discussed with|met with|page|paged|call|called|contacts|contacted|notify|notified"
    rf"|updated by|seen by|visited by|accompanied by|given by|reviewed with|ask for|ask to page|work with"
    rf"|working with|made with|spoken with|speaking with|speak with|talk with|talking with|name is|named)"
    rf"\s(?P<v>{W})"
)
# Before: a name and the relation in brackets or after it, or a verb of telling or coming.
_BEFORE_KIN = re.compile(
    rf"(?i)(?<![A-Za-z'’])(?P<v>{W}(?:\s{W})?)\s?"
    rf"(?:\(\s?{KIN}\s?\)|,?\s(?:his|her|pt['’]?s|the pt['’]?s)\s{KIN}\b)"
)
_BEFORE_VERB = re.compile(
    rf"(?i)(?<![A-Za-z'’])(?P<v>{W}(?:\s{W})?)\s(?:made aware|aware|phoned|called|in to visit|visited"
    rf"|reports|reported|notified|paged|updated|arrived|is family|is his|is her"
    rf"|is pt['’]?s|is the pt['’]?s)\b"
)
# A name before its telephone number: "Cejas Tula- 204-943-1045", "Mocun Vonis cell# 410-322-1419".
_BEFORE_PHONE = re.compile(
    rf"(?i)(?<![A-Za-z'’])(?P<v>{W}(?:\s{W})?)[ \t,:-]*(?:\(?(?:cell|home|work|ph|phone|tel|pager|beeper"
    rf"|[hcw])\)?\s?(?:#|no\.?|number)?[ \t:-]*)?\(?\d{{3}}\)?[ .-]?\d{{3}}[ .-]\d{{4}}"
)
_BOTH = re.compile(rf"(?i)(?<![A-Za-z])both\s(?P<v>{W})\s(?:and|&)\s")
# A signature: a line that ends in the writer's name and credential ("Hasa Gizimer,RN", "Joracer Taken RN").
_SIGNATURE_LINE = re.compile(
    rf"(?im)^[ \t]*(?P<v>{W}\.?(?:[ \t]+{W}\.?){{1,2}})[ \t]*,?[ \t]*{CREDENTIAL}[ \t]*$"
)
_SIGNATURE_AFTER = re.compile(rf"(?i)(?<![A-Za-z'’])(?P<v>{W}\s{W}),\s?{CREDENTIAL}(?![A-Za-z])")
# After a name that is also a word ("daughter CAMP who", "son gross went", "husband chambers."): the end
# of a clause, another name, or a verb of coming and calling.
_CLOSES = re.compile(
    rf"(?i)\s*(?:[.,;:)\n-]|$)|\s(?:who|is|was|are|were|in to|in today|in this|called|calls|went|visited"
    rf"|came|here|updated|aware|made aware|phoned|from|today|will|wants|ordered|states|said|and|for consent"
    rf"|has (?:phoned|called|been|visited)|on the phone|by phone|via phone|consented|signed"
    rf"|{W}\s(?:who|is|was|in|called|went|visited))\b"
)
# "per butcher will hold", "PER WITHERS, he has": a surname that is also a word, after "per".
_PER = re.compile(rf"(?i)(?<![A-Za-z/])(?:as\s)?per\s(?P<v>{W})")
_PERSON_PLACES = (_PLURAL_TITLE, _KIN_NAME, _PERSON_VERB, _ROLE, _PER)
_JOIN = re.compile(rf"(?i)(?:[ ]?(?:,|&)[ ]?|[ ](?:and|or|&)[ ]|,[ ]?and[ ])(?P<v>{W})")
_NEXT = re.compile(rf"[ ](?P<v>{W})")


# Endings of words, clinical or misspelt, that are seldom a name no list holds ("visisted", "dampening").
WORDISH = re.compile(
    r"(?:ed|ing|ly|tion|tions|sion|ness|ment|ments|itis|emia|ectomy|osis|ology|ologist|ine|ide|ive|ous|al|ic|ia|ist"
    r"|ary|ics|ism|ize|ise|ant|ent|able|ible|ful|less)$"
)


def unknown(word: str) -> bool:
    """A word no list of ordinary or clinical words holds, long enough to be a name."""
    key = _key(word)
    common = lexicon()[2]
    if len(key) < 3 or not key.isalpha() or key in common or (key.endswith("s") and key[:-1] in common):
        return False
    if key in lexicon()[3] or re.fullmatch(_STATE_NAMES, key):
        return False
    if len(key) > 4 and WORDISH.search(key) and key not in lexicon()[0] and key not in lexicon()[1]:
        return False
    return key not in SERVICES and not re.fullmatch(RELATIVES, key) and not re.fullmatch(KIN, key)


LETTERS = "abcdefghijklmnopqrstuvwxyz"


def misspelt(key: str) -> bool:
    """A word of six letters or more that no name list holds, one typing slip away from an ordinary or
    clinical word: "extremeties", "bedisde", "previos", "gluccose" (a letter added, left out, swapped with
    its neighbour or mistyped). Used for places only: invented surnames are often one slip from a word."""
    if len(key) < 6 or key in _all_names():
        return False
    common = lexicon()[2]
    for i in range(len(key) + 1):
        head, tail = key[:i], key[i:]
        if tail and head + tail[1:] in common:
            return True
        if len(tail) > 1 and head + tail[1] + tail[0] + tail[2:] in common:
            return True
        for letter in LETTERS:
            if head + letter + tail in common or (tail and head + letter + tail[1:] in common):
                return True
    return False


# Words after a relative that the Census also lists as names, but that are seldom one there.
NOT_AFTER_KIN = frozenset(
    """
    both last late later back light other given states stated brought call calls via house staff also well
    still very much more most ever even just only first second third next present here there home family
    friends friend members member good bad fine young old little long short new numbers number case
    """.split()  # noqa: SIM905
)


def _surname(word: str) -> bool:
    """A Census name that is also a word ("camp", "Gross"), taken only in a person's place."""
    key = _key(word)
    if len(key) < 3 or key in NOT_A_NAME or key in CLINICAL or key in SERVICES:
        return False
    # A short word's ending says little ("tent", "music" are surnames too), unless it is "-ly", "-ed" or
    # "-ing" ("daily"); a long one's does ("dampening").
    if (len(key) > 5 and WORDISH.search(key)) or key.endswith(("ly", "ed", "ing")):
        return False
    return key in _all_names() and key not in NOT_AFTER_KIN and not re.fullmatch(KIN, key)


def _closes(text: str, end: int) -> bool:
    """Tell whether a name may end here: a clause closes, a verb of coming or calling follows, or another
    name ("Nephew, White Madrigal of Towson")."""
    if _CLOSES.match(text, end):
        return True
    follow = _NEXT.match(text, end)
    if not follow:
        return False
    word = follow.group("v")
    # "husband collier garrison in to visit": a second Census name that is a word, then a close.
    pair = _surname(word) and _CLOSES.match(text, follow.end("v")) is not None
    return unknown(word) or _is_known_name(_key(word)) or pair


def _name_pair(text: str, parts: list[re.Match[str]], mixed: bool) -> bool:
    """Two Census names that may also be words, written alike, in a person's place: "Khan Marsh arrived",
    "Madden Bower (son)". In mixed-case text both must have their capital."""
    if len(parts) != 2 or "\n" in text[parts[0].end() : parts[1].start()]:
        return False
    first, second = parts[0].group(), parts[1].group()
    if _shape(first) != _shape(second) or (mixed and not (first.istitle() and second.istitle())):
        return False
    return all(_surname(word) or _is_known_name(_key(word)) for word in (first, second))


def _shape(word: str) -> str:
    """A word's case style: upper, lower or title."""
    return "upper" if word.isupper() else "lower" if word.islower() else "title"


def _akin(word: str, other: str) -> bool:
    """An unknown word written in the same case style as the name beside it."""
    return unknown(word) and _shape(word) == _shape(other)


def _stretch(text: str, start: int, end: int, titled: bool = False) -> int:
    """Stretch a name over an unknown word right after it in the same case style ("Mocun Vonis"), or over
    a Census surname that is also a word after a first name ("Rita Hickey", "pat rixford")."""
    follow = _NEXT.match(text, end)
    if not follow or "\n" in text[end : follow.start("v")]:
        return end
    last, word = text[start:end].split()[-1], follow.group("v")
    if _akin(word, last):
        return follow.end("v")
    if (
        _key(last) in _all_first()
        and _shape(word) == _shape(last)
        and _surname(word)
        and _closes(text, follow.end("v"))
    ):
        return follow.end("v")
    key = _key(word)
    if (
        titled
        and _key(last) in _all_first()
        and _shape(word) == _shape(last)
        and len(key) > 3
        and _named(word)
        and key not in SERVICES
        and key not in NOT_AFTER_KIN
        and not key.endswith(("ed", "ing", "ly"))
        and _CLOSES.match(text, follow.end("v"))
    ):
        return follow.end("v")  # "dr ferdinand halfpenny and": a title, a first name, then any surname
    return end


def _first_before(text: str, first: re.Match[str], surname: re.Match[str]) -> bool:
    """A Census first name (also one that is a word) right before a surname, written alike."""
    key = _key(first.group())
    return (
        text[first.end() : surname.start()] == " "
        and key in _all_first()
        and key not in NOT_A_NAME
        and key not in CLINICAL
        and key not in NOT_AFTER_KIN
        and not re.fullmatch(KIN, key)
        and _shape(first.group()) == _shape(surname.group())
    )


# A relative's first name between commas: "son, Ed, was updated", "daughter, hope, called".
_KIN_APPOSITIVE = re.compile(rf"(?i)(?<![A-Za-z]){KIN}[ ]?,[ ]?(?P<v>{W})[ ]?,")


def _overlapping(pattern: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """Every match, the next one searched from where the last one's name began: in "daughters,daughter
    Razor in today" the first match takes "daughter" as its name, the second "Razor"."""
    at = 0
    while (match := pattern.search(text, at)) is not None:
        yield match
        at = max(match.start("v"), match.start() + 1)


_NAME_IS = re.compile(r"(?i)(?:his|her|their|wife['’]s|husband['’]s|pt['’]?s)?\s?name\sis\s")


def _named(word: str) -> bool:
    """A word after "name is" that may be the name: no function, clinical or ordinary closing word."""
    key = _key(word)
    if len(key) < 2 or key in NOT_A_NAME or key in CLINICAL or key in _NOT_NAMED:
        return False
    return not key.endswith(("ing", "ed", "ly")) and not _CLOSES.match(" " + word)


_NOT_NAMED = frozenset(["unknown", "unclear", "listed", "written", "below", "above", "same", "on", "in"])


def context_spans(text: str) -> Iterator[Span]:
    """Unknown words in a person's place, as NAME spans."""
    mixed = _mixed_case(text)
    for pattern, score in (
        (_PLURAL_TITLE, 0.85),
        (_ROLE, 0.75),
        (_KIN_NAME, 0.75),
        (_PERSON_VERB, 0.65),
        (_BOTH, 0.6),
        (_PER, 0.6),
    ):
        for match in _overlapping(pattern, text):
            start, end = match.span("v")
            word = match.group("v")
            if pattern is _PERSON_VERB and _NAME_IS.match(text, match.start()) and _named(word):
                # "name is poke steely": whatever follows is a name, and a second word written alike.
                follow = _NEXT.match(text, end)
                if follow and _shape(follow.group("v")) == _shape(word) and _named(follow.group("v")):
                    end = follow.end("v")
                yield Span(start, end, "NAME", text[start:end], 0.75)
                continue
            weak = pattern is _PER or pattern is _ROLE
            if (unknown(word) and pattern is not _PER) or (
                pattern in _PERSON_PLACES
                and (
                    _frequent_surname(_key(word)) and _key(word) not in NOT_AFTER_KIN
                    if weak
                    else _surname(word)
                )
                and _closes(text, end)
            ):
                end = _stretch(text, start, end)
                follow = _NEXT.match(text, end)
                if (
                    pattern is _KIN_NAME
                    and follow
                    and _shape(follow.group("v")) == _shape(word)
                    and _surname(follow.group("v"))
                    and _CLOSES.match(text, follow.end("v"))
                ):
                    end = follow.end("v")  # "son hicks cope regarding", "husband collier garrison in"
                yield Span(start, end, "NAME", text[start:end], score)
    for pattern, score in (
        (_BEFORE_KIN, 0.7),
        (_BEFORE_VERB, 0.6),
        (_BEFORE_PHONE, 0.6),
        (_SIGNATURE_AFTER, 0.8),
    ):
        for match in pattern.finditer(text):
            parts = list(WORD.finditer(text, *match.span("v")))
            if _name_pair(text, parts, mixed):
                yield Span(
                    parts[0].start(), parts[1].end(), "NAME", text[parts[0].start() : parts[1].end()], score
                )
                continue
            dropped = None
            while parts and not unknown(parts[0].group()):
                dropped, parts = parts[0], parts[1:]
            if parts and all(unknown(p.group()) for p in parts):
                # "hank Przybylo (son)": a first name that is also a word, before a surname no list holds.
                if dropped is not None and _first_before(text, dropped, parts[0]):
                    parts.insert(0, dropped)
                yield Span(
                    parts[0].start(), parts[-1].end(), "NAME", text[parts[0].start() : parts[-1].end()], score
                )
    for match in _KIN_APPOSITIVE.finditer(text):
        key = _key(match.group("v"))
        if (
            (key in _all_first() or _surname(match.group("v")))
            and key not in NOT_A_NAME
            and key not in NOT_AFTER_KIN
            and not re.fullmatch(KIN, key)
            and not re.fullmatch(RELATIVES, key)
        ):
            yield Span(match.start("v"), match.end("v"), "NAME", match.group("v"), 0.75)
    for match in _SIGNATURE_LINE.finditer(text):
        parts = list(WORD.finditer(text, *match.span("v")))
        # The first word must be a name no list holds or a Census name; later ones may be words ("Taken").
        first = parts[0].group()
        if unknown(first) or _key(first) in lexicon()[0] | lexicon()[1]:
            start, end = parts[0].start(), parts[-1].end()
            yield Span(start, end, "NAME", text[start:end], 0.8)


_BEFORE = re.compile(rf"(?P<v>{W})[ ]$")


def chained_names(text: str, spans: Iterable[Span]) -> list[Span]:
    """Every span, with each name stretched over the unknown words beside it on its line ("Gehos Jozett",
    "FAHUR SABUNEN LECIFU") and over the names joined to it ("Sons Befor, Loveve and Gukinos")."""
    spans = sorted(spans, key=lambda s: s.start)
    taken = [(s.start, s.end) for s in spans]
    result: list[Span] = []
    frontier: list[Span] = []
    for span in spans:
        if span.kind != "NAME":
            result.append(span)
            continue
        start, end = span.start, span.end
        for _ in range(2 if span.score >= 0.65 else 0):
            end = _stretch(text, start, end, titled=span.score >= 0.85 and len(text[start:end].split()) == 1)
            before = _BEFORE.search(text, max(0, start - 40), start)
            if (
                before
                and _akin(before.group("v"), text[start:end].split()[0])
                and not _taken(taken, before.start("v"), start, span)
            ):
                start = before.start("v")
        start, end = _free(taken, span, start, end)
        grown = Span(start, end, "NAME", text[start:end], span.score)
        result.append(grown)
        frontier.append(grown)
    taken = [(s.start, s.end) for s in result]
    while frontier:
        span = frontier.pop()
        match = _JOIN.match(text, span.end)
        if not match:
            continue
        word, last = match.group("v"), span.text.split()[-1]
        # "sons fry, painter and bell", "drs staples and lee": a Census name joined to a name found in a
        # strong place (a relative, a title), written alike, before a close.
        joined = (
            span.score >= 0.75
            and _shape(word) == _shape(last)
            and _surname(word)
            and _CLOSES.match(text, match.end("v"))
        ) or (
            # "both suzette and hank are", "morris and roger in to visit": a Census first name that is also
            # a word, joined to any name, before a close.
            _key(word) in _all_first()
            and _surname(word)
            and _shape(word) == _shape(last)
            and _CLOSES.match(text, match.end("v"))
        )
        if not (_akin(word, last) or joined):
            continue
        start, end = match.span("v")
        end = _stretch(text, start, end)
        if any(start < b and a < end for a, b in taken):
            continue
        new = Span(start, end, "NAME", text[start:end], span.score if joined else 0.6)
        taken.append((start, end))
        result.append(new)
        frontier.append(new)
    return sorted(result, key=lambda s: s.start)


def _taken(taken: list[tuple[int, int]], start: int, end: int, own: Span) -> bool:
    """Tell whether another span already holds part of start..end."""
    return any(start < b and a < end and (a, b) != (own.start, own.end) for a, b in taken)


def _free(taken: list[tuple[int, int]], own: Span, start: int, end: int) -> tuple[int, int]:
    """Shrink a stretched name back to its own span where it would run into another span."""
    if _taken(taken, start, own.start, own):
        start = own.start
    if _taken(taken, own.end, end, own):
        end = own.end
    return start, end


# A place no list holds, after a word that leads to a place: "lives in Kovo", "called from Newucott",
# "at Zawi Wihikutt", "rehab (hubeher zanutt)"; and a ward with its floor: "to Pobott 2", "ON PEWIFIN 2".
_PLACE_AFTER = re.compile(
    rf"(?i)(?<![A-Za-z])(?:in|from|at|@|near|rehab\s?\(|rehab:|facility:?)(?:\s|(?<=[(:@]))(?:the\s)?"
    rf"(?=(?P<v>{W}(?:\s{W}){{0,2}}))"
)
_WARD_FLOOR = re.compile(
    r"(?i:\b(?:to|on|from|at|transfer|tx|or)\s|\b(?:plan|dispo|disposition|transfer|bed)[ \t]?:[ \t]*)"
    rf"(?P<v>{W}\s(?:[1-9]|1[0-2]))"
    r"(?![\w:/%-]|\.\d|\s?(?i:mg|mcg|ml|cc|units?|u\b|l\b|hrs?|min|x\b|of\b|am\b|pm\b))"
)
# A ward with its floor before its nurse or team: "per Knouff 3 RN", "called from Pobott 4 charge nurse".
_WARD_STAFF = re.compile(
    rf"(?i)\b(?:per|from|with|by|to)\s(?P<v>{W}\s(?:[1-9]|1[0-2]))"
    r"\s(?:rn|nurse|charge nurse|nursing|staff|team|resident|np)\b"
)
# A ward with its floor where a patient is moved, named by a Census name that is also a word: "transfer to
# Flowers 2", "transferred to wise 5", "admitted to peck 7", "found from leach 5", "plan: sample 2", "per
# storey 3 rn", "on peters 2 with". Never before a dose, a count or "of" ("went to sleep x2", "on pod 2").
_WARD_MOVED = re.compile(
    r"(?i:\b(?:transfer(?:red|ring)?|transfered|trans|tx'?d?|admit(?:ted)?|sent|taken|went|go|going|goes|back"
    r"|d/c'?d?|dc'?d?|discharged|moved|brought|came|come|arrived|returned|return|found|accepted|bed)"
    r"(?:\s(?:to|from|on|back to|over to))?\s"
    r"|\b(?:plan|dispo|disposition|transfer|bed)[ \t]?:[ \t]*|\bper\s(?=\S+\s\d+\s(?:rn|nurse)\b)"
    r"|\bon\s(?=\S+\s\d+\s(?:with|since|when|where|and|at|@|for|in|pt|the)\b)"
    r"|(?<=[A-Za-z]\s[1-9]\sor\s))"
    rf"(?P<v>{W}\s(?:[1-9]|1[0-2]))"
    r"(?![\w:/%-]|\.\d|\s?(?i:mg|mcg|ml|cc|units?|u\b|l\b|hrs?|min|x\b|of\b|times|days?|weeks?|mins?|hours?"
    r"|liters?|lpm|grams?|g\b|kg|to\s\d|-\d|am\b|pm\b|a\.m|p\.m|o'?clock|md\b))"
)
# Where a person lives, named by a Census name that is also a word: "lives in bright", "lives nearby in
# Rushing", "son and family in carver", "who is home in gage", "shelter in rushing area", "church in whiting".
_LIVES_IN = re.compile(
    r"(?i)\b(?:(?:lives?|living|lived|resides?|residing|raised|born|grew up|home|church|shelter"
    r"|apartment|condo|stays|staying|works|working)(?:\s(?:nearby|alone|locally|now|currently|here))?\sin"
    rf"|moved\s(?:in|to)|(?:son|daughter|wife|husband|dtr) and family in)\s(?P<v>{W}(?:\s{W})?)"
)
_NOT_AFTER_LIVES = re.compile(
    r"(?i)['’]s?\b|[ -](?:housing|living|home|apartment|facility|building|complex|care|unit|room|bed"
    r"|house|hall|community|center|place)\b"
)
# Census names that are words for a state or a kind of place after "in": "lives in fear", "family in
# good spirits", "home in town", "works in public", "lives in the woods" ("the" is no town's either).
_NOT_LIVED_IN = frozenset(
    """
    good fear fair poor bad high low love touch favor place town care hope shock danger back person public
    general church law school shape park bay pool field wood woods hall hill hills lake river way denial
    pain tears crisis trouble debt distress order time the a an this that her his their our my
    """.split()  # noqa: SIM905
)
# Census names that are words, two or three in a row before a close after "at the" / "from the" or in a
# rehab's brackets: "at the laws dowdy.", "from the foreman craven-", "rehab (silver miles swain)"; a
# saint's name that is a word after a preposition ("accepted by st. duke", "to go to st. parks"); and
# where a relative is from ("daughter grace of roman visited", "nephew, neil meitz of weathers visited").
_WORD_NAMES_PLACE = re.compile(
    rf"(?i)(?<![A-Za-z])(?P<p>(?:at|from)\sthe|rehab\s?\(|facility:)\s?(?<=[\s(:])(?P<v>{W}(?:\s{W}){{1,2}})"
    r"(?=\s?(?:[-,.;)]|$))"
)
_SAINT_WORD = re.compile(
    rf"(?i)(?<![A-Za-z])(?:to|at|from|by|@|in)\s(?:the\s)?(?P<v>(?:st\.|mt\.|saint)\s?(?P<n>{W}))(?![A-Za-z'’])"
    r"(?!\s(?i:elevat|depress|segment|change|high|low|wave|pressure))"
)
_KIN_FROM = re.compile(
    rf"(?i)(?<![A-Za-z]){KIN}[,:]?\s(?:{W}\s){{1,2}}of\s(?P<v>{W}(?:\s{W})?)"
    r"(?=\s?(?:,|\.|;|\)|visited|visiting|called|came|was|is|in\b|and\b|here|at\b|by\b))"
)
# A nursing home named by a word-name, before what says so: "rivers house nh resident", "Oakes Manor SNF".
_HOME_NAME = re.compile(
    rf"(?i)(?<![A-Za-z'’])(?P<v>{W}\s(?:house|manor|lodge|gardens|village|home))"
    r"\s(?:nh|n\.h\.|nursing home|snf|ltc|resident|rehab|facility|assisted living)(?![A-Za-z])"
)
# A ward between the units it is listed with: "from F-MICU/Quartermain/CCU teams".
_UNIT = r"(?:[a-z]-)?(?:micu|sicu|ccu|csru|ctu|icu|cvicu|tsicu|nicu|picu|pacu|er|ew|ed|or|pcu)"
_WARD_AMONG_UNITS = re.compile(
    rf"(?i)(?:(?<![A-Za-z]){_UNIT}/(?P<a>{W})(?![A-Za-z'’-])|(?<![A-Za-z'’-])(?P<b>{W})/{_UNIT}(?![A-Za-z]))"
)
# A hospital whose name is an ordinary word, after a verb of going or sending or after "from" / "at":
# "went to Harbor on 3/6", "Surgeon from Harbor in", "meeting at harbor". Only nouns that name places,
# and "to" only after a verb of moving ("continues to harbor MRSA" is the verb).
_FACILITY_WORDS = (
    r"(?:harbor|harbour|haven|pines|oaks|meadows|grove|summit|glen|crest|ridge|bayview|fairview)"
)
_FACILITY_AFTER = re.compile(
    r"(?i:\b(?:(?:go|goes|going|gone|went|back|transfer(?:red|ring)?|tx'?d?|sent|admitted|discharged|return(?:ed|ing)?"
    rf"|d/c'?d?|dc'?d?|brought|came|come|coming|moved)\s(?:to|from)|from|at)\s)(?P<v>(?i:{_FACILITY_WORDS}))"
    r"(?![\w'’-]|\s(?i:of|and\s(?:a|the)\b))"
)


# A hospital named by a Census name, also one that is a word, or by a word no list holds, right after a
# move and right before what comes after a hospital's name in a note: why the patient went there, when, its
# unit, or the clause's end ("sent to grave for further eval", "transfered to staples for cath", "taken to
# found where", "trans to clear 7/23", "discharge to brunt tomorrow", "admitted to whack w/ chf", "arrived to
# sample at 0330", "adm from sins cath lab", "referred to cairns.", "sent to dare, pt also").
_MOVE_TO_PLACE = re.compile(
    r"(?im)(?<![A-Za-z])(?:transfer(?:red|ring)?|transfered|trans|tx'?d|xfer(?:red)?|sent|taken|admitted|adm"
    r"|referred|discharged?|d/c'?d?|dc'?d|medflight(?:ed)?|flown|brought|went|go|goes|going|return(?:ed|ing)?"
    r"|arrived|arrival|enroute|en route|presenting|presented|came|transported|accepted)"
    rf"\s(?:to|from|by|(?<=arriv(?:ed|al)\s)at)\s(?P<v>{W})"
    r"(?=\s(?:for\s(?:further|emergent|urgent|cath|eval|evaluation|possible|treatment|management|mgmt|w/u"
    r"|workup|surgery|care|intervention|procedure|rehab|placement)\b|w/|where\b|from\s(?:home|the|his|her)\b"
    r"|on\s(?:mon|tues?|wed|thu|thurs|fri|sat|sun)[a-z]*\b|(?:tomorrow|today|tonight|via)\b"
    r"|this\s(?:am|pm|morning|afternoon|evening)\b|(?:at|on)\s\d|\d\d?/\d\d?\b|cath\slab\b"
    r"|(?:er|ew|ed|micu|ccu|icu)\b)|\s?[,;]|\.(?:\s|$)|[ \t]*$)"
)
# Words for kinds of place, times, daily doings and staff, not a place's own name: "went to church on sunday",
# "dc'd at noon", "went to sleep where", "report called from nurse in ep lab".
_NOT_MOVED_TO = frozenset(
    """
    church work court hall street school town city country state county area scale jail home park noon
    midnight sleep lunch dinner breakfast supper bathroom shower toilet nurse nurses staff doctor doctors
    resident residents fellow attending office
    """.split()  # noqa: SIM905
)

# What only follows a hospital's own name after a move: why the patient was sent there, or its emergency room
# or cath lab ("sent to union for cath", "taken to mercy where", "went to harbor er").
_WHY_THERE = re.compile(
    r"(?i)\s(?:for\s(?:further|emergent|urgent|cath|eval|evaluation|possible|treatment|management|mgmt|w/u"
    r"|workup|surgery|intervention|procedure)\b|where\b|(?:er|ew|ed)\b|cath\slab\b)"
)


def _ordinary_hospital(text: str, end: int, word: str) -> bool:
    """An ordinary word that names a hospital after a move, when only a hospital's name fits what follows:
    "sent to union for cath", "taken to mercy where"; not a word that says which kind, a clinical word,
    a service or a word of seven letters or more with a clinical or abstract ending ("to angiography for")."""
    from balint.privacy.screening.uncased.places import _KIND_OF_HOSPITAL, _hospital_word

    key = _key(word)
    if len(key) < 4 or (len(key) > 6 and WORDISH.search(key)) or key in _NOT_MOVED_TO:
        return False
    return _hospital_word(word, _KIND_OF_HOSPITAL) and _WHY_THERE.match(text, end) is not None


# Where a relative calls or comes from, named by a Census name, also one that is a word, or a word no list
# holds, before the clause goes on: "sister called from boehne", "son flew in from dais today", "wife drove up
# from rushing this am", "daughter visiting from grange,". Not after "call from" (a call from a person).
_CAME_FROM = re.compile(
    r"(?i)(?<![A-Za-z])(?:called|calls|calling|phoned|phones|phoning|drove|drives|driving|flew|flies|flying"
    r"|came|comes|coming|visiting|visited|travel(?:l)?ed|travel(?:l)?ing)(?:\s(?:in|up|down|over|back|home))?"
    rf"\sfrom\s(?:the\s)?(?P<v>{W}(?:\s{W})?)"
)
_CAME_CLOSE = re.compile(
    r"(?i)\s?(?:[.,;:)\n-]|$)|\s(?:today|tonight|tomorrow|yesterday|this|last|and|to|for|on|at|in|with|w/)\b"
)


# A place named with its kind: "Franklin Square", "the Eastern Shore", "North Campus", "Glen Burnie Heights".
_PLACE_NOUN = re.compile(
    rf"(?i)(?<![A-Za-z'’])(?P<v>{W}(?:\s{W})?)\s(?:square|shore|county|heights|hills|village|campus|island"
    r"|beach|springs|falls|valley|township)(?![A-Za-z])"
)
_COMPASS = frozenset(
    ["north", "south", "east", "west", "eastern", "western", "northern", "southern", "upper", "lower"]
)


def _place_word(word: str, mixed: bool) -> bool:
    """A word that may name a place before "Square" or "Shore": capitalised in mixed-case text, and a
    name, a town, a direction or a word no list holds."""
    key = _key(word)
    if (mixed and not word.istitle()) or key in NOT_A_NAME or key in CLINICAL or len(key) < 3:
        return False
    return key in _COMPASS or key in _all_names() or key in lexicon()[3] or unknown(word)


def _mixed_case(text: str) -> bool:
    """Tell whether a text is written in mixed case, where a place's name would have its capital."""
    lower = sum(c.islower() for c in text)
    titled = any(word.group().istitle() and len(word.group()) > 1 for word in WORD.finditer(text))
    return titled and lower > 0.3 * sum(c.isalpha() for c in text)


def _case_fits(word: str, mixed: bool) -> bool:
    """In text written in mixed case a place's name has its capital; in lower case or capitals, any word."""
    return not mixed or word.istitle() or word.isupper()


# A surname-like word where a place stands: "in Turano", "at Schomin Goessl", "AT BIERL-"; and names after
# "the", which a person's name seldom has: "from the Omer Belcourt", "at the rheaume braegelmann".
_NAMED_PLACE = re.compile(rf"(?i)(?<![A-Za-z])(?:in|at|@|near)\s(?!to\b)(?P<v>{W}(?:\s{W}){{0,2}})")
_THE_PLACE = re.compile(rf"(?i)(?<![A-Za-z])(?:from|at|in|to|on|near|into)\sthe\s(?P<v>{W}(?:\s{W}){{0,2}})")
_NOT_AFTER_PLACE = re.compile(r"(?i)['’]s?\b|\s(?:family|residence|home|house|room|bedside)\b")


def _place_name_word(word: str) -> bool:
    """A word that may name a place after "in" or "the": a Census name or a word no list holds, never an
    ordinary, clinical or function word, a relative, a misspelling or a state."""
    key = _key(word)
    if len(key) < 4 or key in NOT_A_NAME or key in CLINICAL or key in SERVICES or key in lexicon()[2]:
        return False
    if re.fullmatch(_STATE_NAMES, key) or re.fullmatch(KIN, key) or misspelt(key):
        return False
    return key in _all_names() or unknown(word)


def _named_places(text: str, mixed: bool) -> Iterator[Span]:
    """Census surnames or unknown words after "in", "at", "@" or "near", and names after "the"."""
    for pattern in (_NAMED_PLACE, _THE_PLACE):
        for match in _overlapping(pattern, text):
            keep: list[re.Match[str]] = []
            for part in WORD.finditer(text, *match.span("v")):
                word = part.group()
                if (
                    not _place_name_word(word)
                    or (mixed and not word.istitle())
                    or (keep and _shape(word) != _shape(keep[0].group()))
                ):
                    break
                keep.append(part)
            if not keep or _NOT_AFTER_PLACE.match(text, keep[-1].end()):
                continue
            first = _key(keep[0].group())
            # After "in" or "at", a first name is a person ("in Maria's care" aside) and one word no list
            # holds is left to the rule above; after "the" any name reads as a place.
            listed = [p for p in keep if _key(p.group()) in _all_names()]
            if pattern is _NAMED_PLACE and (first in lexicon()[0] or not listed):
                continue
            # One short word no list holds after "the" is an abbreviation far more often ("the tpn").
            if not listed and len(keep) == 1 and len(first) < 5:
                continue
            start, end = keep[0].start(), keep[-1].end()
            yield Span(start, end, "LOCATION", text[start:end], 0.65)


# Words before a number that count days, stages or things, not floors: "on pod 2", "grade 3", "line 2".
_NOT_WARDS = frozenset(
    """
    pod pd dol day days week grade stage level phase cycle step round page line lines port class type zone
    pump chest tube tubes number size trial dose doses session sessions attempt attempts hour during early
    late last below above bring after before until since about around over under
    """.split()  # noqa: SIM905
)


def _ward_word(word: str) -> bool:
    """A word that may name a ward before its floor after a move: a Census name, also one that is a word,
    or a word no list holds, but no clinical word, service, relative or function word ("to bed 2")."""
    from balint.privacy.screening.uncased.places import _census_place_word  # places imports this module

    key = _key(word)
    if len(key) < 3 or key in NOT_A_NAME or key in CLINICAL or key in SERVICES or key in _NOT_WARDS:
        return False
    if re.fullmatch(KIN, key):
        return False
    return _census_place_word(word) or (unknown(word) and len(key) > 3 and not misspelt(key))


# A patient transferred to or from a ward: "plan: transfer to network 5", "transferred from tower 3".
_TRANSFER_TO = re.compile(
    r"(?i)\b(?:transfer(?:red|ring)?|transfered|xfer(?:red)?|tx'?d|admitted|moved)\s(?:back\s)?(?:to|from)\s$"
)


def _transfer_ward(text: str, start: int, word: str) -> bool:
    """Right after "transfer to" or "transferred from", a ward's name before its floor may be any word, also
    an ordinary one ("transfer to tower 2", "transferred to garden 5"): only a ward has a floor there. Not a
    clinical or function word, a service, a kind of hospital or a word that counts ("to floor 2", "to bed 2",
    "to level 2", "to pod 2")."""
    key = _key(word)
    if len(key) < 4 or not key.isalpha() or key in NOT_A_NAME or key in CLINICAL or key in SERVICES:
        return False
    if key in _NOT_WARDS or key in PLAIN_HOSPITAL or re.fullmatch(KIN, key):
        return False
    return bool(_TRANSFER_TO.search(text, max(0, start - 24), start))


def _word_named_places(text: str, mixed: bool) -> Iterator[Span]:
    """Places named by Census names that are words, where only a place stands (see _WORD_NAMES_PLACE)."""
    first_names = _all_first()

    def fits(word: str) -> bool:
        return _ward_word(word) and _key(word) not in _NOT_LIVED_IN and (word.istitle() or not mixed)

    for match in _overlapping(_WORD_NAMES_PLACE, text):
        keep = []
        for part in WORD.finditer(text, *match.span("v")):
            if not fits(part.group()):
                break
            keep.append(part)
        # Two names or more, the whole of what stands before a close ("at the laws dowdy.").
        if len(keep) < 2 or keep[-1].end() != match.end("v"):
            continue
        start, end = keep[0].start(), keep[-1].end()
        yield Span(start, end, "LOCATION", text[start:end], 0.7)
    for match in _SAINT_WORD.finditer(text):
        name = match.group("n")
        if len(name) > 3 and (fits(name) or _key(name) in first_names):
            yield Span(match.start("v"), match.end("v"), "LOCATION", match.group("v"), 0.7)
    for match in _KIN_FROM.finditer(text):
        keep = []
        for part in WORD.finditer(text, *match.span("v")):
            if not fits(part.group()) and not (
                unknown(part.group()) and (part.group().istitle() or not mixed)
            ):
                break
            keep.append(part)
        if keep:
            start, end = keep[0].start(), keep[-1].end()
            # Above a capitalised Census name's score: "Daughter Grace of Sanford visited".
            yield Span(start, end, "LOCATION", text[start:end], 0.85)


def place_spans(text: str) -> Iterator[Span]:
    """Unknown words in a place's position, as LOCATION spans."""
    mixed = _mixed_case(text)
    yield from _named_places(text, mixed)
    for match in _PLACE_AFTER.finditer(text):
        parts = list(WORD.finditer(text, *match.span("v")))
        keep = []
        for part in parts:
            word = part.group()
            if (
                not unknown(word)
                or misspelt(_key(word))
                or (mixed and not word.istitle())
                or (keep and _shape(word) != _shape(keep[0].group()))
            ):
                break
            keep.append(part)
        # Text without telling capitals: a short word after "in" or "from" is an abbreviation ("in nad",
        # "from bld") far more often than a place.
        if keep and (mixed or len(keep[0].group()) > 4 or len(keep) > 1):
            start, end = keep[0].start(), keep[-1].end()
            # After "rehab (" or "facility:" the words are a place's, above a name's score.
            strong = text[match.start() : match.start("v")].lower().startswith(("rehab", "facility"))
            yield Span(start, end, "LOCATION", text[start:end], 0.7 if strong else 0.55)
    for match in _PLACE_NOUN.finditer(text):
        parts = list(WORD.finditer(text, *match.span("v")))
        while parts and not _place_word(parts[0].group(), mixed):
            parts = parts[1:]
        if parts and all(_place_word(p.group(), mixed) for p in parts):
            start, end = parts[0].start(), match.end()
            # Above a capitalised first name's score: "Franklin Square" is a place, not a person.
            yield Span(start, end, "LOCATION", text[start:end], 0.75)
    for match in _WARD_FLOOR.finditer(text):
        word = WORD.match(text, match.start("v"))
        if (
            word
            and unknown(word.group())
            and len(word.group()) > 3
            and (word.group().istitle() or not mixed)
            and not misspelt(_key(word.group()))
        ):
            yield Span(match.start("v"), match.end("v"), "LOCATION", match.group("v"), 0.6)
    for match in _WARD_STAFF.finditer(text):
        word = WORD.match(text, match.start("v"))
        if word and _place_name_word(word.group()) and (word.group().istitle() or not mixed):
            yield Span(match.start("v"), match.end("v"), "LOCATION", match.group("v"), 0.8)
    for match in _overlapping(_LIVES_IN, text):
        keep = []
        for part in WORD.finditer(text, *match.span("v")):
            word = part.group()
            if not _ward_word(word) or (mixed and not word.istitle()) or _key(word) in lexicon()[0]:
                break
            if not keep and _key(word) in _NOT_LIVED_IN:
                break
            keep.append(part)
        if keep and not _NOT_AFTER_LIVES.match(text, keep[-1].end()):
            start, end = keep[0].start(), keep[-1].end()
            yield Span(start, end, "LOCATION", text[start:end], 0.7)
    for match in _WARD_MOVED.finditer(text):
        word = WORD.match(text, match.start("v"))
        if (
            word
            and (_ward_word(word.group()) or _transfer_ward(text, match.start("v"), word.group()))
            and _case_fits(word.group(), mixed)
        ):
            yield Span(match.start("v"), match.end("v"), "LOCATION", match.group("v"), 0.7)
    yield from _word_named_places(text, mixed)
    for match in _HOME_NAME.finditer(text):
        word = WORD.match(text, match.start("v"))
        if (
            word
            and (_ward_word(word.group()) or unknown(word.group()))
            and _key(word.group()) not in _NOT_LIVED_IN
        ) and _case_fits(word.group(), mixed):
            yield Span(match.start("v"), match.end("v"), "LOCATION", match.group("v"), 0.9)  # above a name
    for match in _WARD_AMONG_UNITS.finditer(text):
        group = "a" if match.group("a") else "b"
        word = match.group(group)
        if (
            (_ward_word(word) or (unknown(word) and not misspelt(_key(word))))
            and len(word) > 3
            and _case_fits(word, mixed)
        ):
            yield Span(match.start(group), match.end(group), "LOCATION", word, 0.65)
    for match in _FACILITY_AFTER.finditer(text):
        word = match.group("v")
        if _case_fits(word, mixed):
            yield Span(match.start("v"), match.end("v"), "LOCATION", word, 0.6)
    for match in _MOVE_TO_PLACE.finditer(text):
        word = match.group("v")
        key = _key(word)
        if key in _NOT_MOVED_TO or key in _NOT_WARDS or not _case_fits(word, mixed):
            continue
        named = (_ward_word(word) or unknown(word)) and not misspelt(key)
        if named or _ordinary_hospital(text, match.end("v"), word):
            yield Span(match.start("v"), match.end("v"), "LOCATION", word, 0.65)
    for match in _CAME_FROM.finditer(text):
        keep = []
        for part in WORD.finditer(text, *match.span("v")):
            word, key = part.group(), _key(part.group())
            if (
                key in _NOT_MOVED_TO
                or key in _NOT_LIVED_IN
                or key in _NOT_WARDS
                or not _case_fits(word, mixed)
            ):
                break
            if not ((_ward_word(word) or unknown(word)) and not misspelt(key)):
                break
            keep.append(part)
        # The name, then the clause goes on: "from long island today" is a place, "from long distance" is not.
        if (
            keep
            and _CAME_CLOSE.match(text, keep[-1].end())
            and not _NOT_AFTER_PLACE.match(text, keep[-1].end())
        ):
            start, end = keep[0].start(), keep[-1].end()
            yield Span(start, end, "LOCATION", text[start:end], 0.65)
