"""Places typed without telling capitals: hospitals and facilities, wards, streets, towns and areas."""

from __future__ import annotations

import re
from collections.abc import Iterator

from balint.privacy.screening.spans import Span
from balint.privacy.screening.uncased.words import (
    _AREA,
    _CITY_STATE,
    _HOSPITAL_INITIALS,
    _HOSPITAL_INITIALS_AFTER,
    _STATE_NAMES,
    _STRONG_FACILITY,
    _UNIVERSITY,
    _WARD,
    CLINICAL,
    FACILITY,
    NOT_A_NAME,
    NOT_HOSPITAL_INITIALS,
    PLAIN_HOSPITAL,
    SAINT_WORDS,
    SAINTLY,
    SERVICES,
    TRANSFER,
    WORD,
    _all_names,
    _key,
    lexicon,
    towns,
)

_FACILITY_NAME = re.compile(
    rf"(?i)(?<![A-Za-z])(?P<v>(?:{SAINTLY}\s?)?(?:{WORD.pattern}[ -]){{1,3}}"
    rf"{FACILITY}(?:[ -]{FACILITY}\b)?)\b"
)


_SAINT_NAME = re.compile(rf"(?i)(?<![\w])(?P<v>{SAINTLY}\s?{WORD.pattern}(?:['’]s)?(?:\s{WORD.pattern})?)")


_MOVED = re.compile(
    rf"(?i)(?<![A-Za-z]){TRANSFER}\s"
    r"(?:(?:in|to|from|at|by|into|back to|over to|out of|over from)\s)(?:the\s)?"
    rf"(?P<v>{WORD.pattern}(?:[ -]{WORD.pattern}){{0,2}})"
)


# What may follow a place's name and belongs to it: "laurel regional", "sacred heart memorial", "kernan ew".
_FACILITY_TAIL = re.compile(rf"(?i)(?:[ -]+(?:{FACILITY}|ew|er|ed))+\b")


# A hospital's name before its emergency room: "from kernan ew", "sent to warren grant er", and after an
# arrow that stands for "taken to" ("found unresponsive-> gh ew today").
_BEFORE_ER = re.compile(
    rf"(?i)(?:\b(?:from|to|at|@|in)\s|->\s?)(?P<v>{WORD.pattern}(?:\s{WORD.pattern})?)"
    r"\s(?:ew|er|ed|emergency room)\b"
)


_STREET = (
    r"(?:street|st|avenue|ave|road|rd|boulevard|blvd|lane|ln|drive|dr|court|ct|place|pl|way|terrace|ter"
    r"|circle|cir|highway|hwy|parkway|pkwy|square|sq|pike|alley)"
)


# A street address typed in any case: "19 clover st.", "4402 OLD FREDERICK RD".
_UNCASED_ADDRESS = re.compile(
    rf"(?i)(?<![\w/.-])(?P<v>\d{{1,5}}[a-z]?\s(?:[nsew]\.?\s)?(?:{WORD.pattern}\s){{1,3}}{_STREET}\b\.?)"
    r"(?!\s?(?:elevations?|depressions?|segments?|changes|dep|elev|wave|[0-9]))"
)


def _places(text: str) -> Iterator[Span]:
    """Hospitals and towns in any case, each stretched over the facility words that follow it."""
    for span in _place_names(text):
        tail = _FACILITY_TAIL.match(text, span.end)
        if tail:
            span = Span(span.start, tail.end(), span.kind, text[span.start : tail.end()], span.score)
        yield span


def _place_names(text: str) -> Iterator[Span]:
    """Hospitals and towns in any case: "CALVERT HOSPITAL", "holy cross", "transferred to gh"."""
    _, _, common, cities = lexicon()
    for match in _BEFORE_ER.finditer(text):
        parts = list(WORD.finditer(text, *match.span("v")))
        # Right before "ER" a Census name or a town that is also a word names the hospital ("sent to
        # warren grant ew"); other ordinary words describe it ("to the nearest er").
        while parts and (_key(parts[0].group()) in common or _key(parts[0].group()) in NOT_A_NAME):
            key = _key(parts[0].group())
            named = key in _all_names() or key in cities or key in towns()
            if named and key not in NOT_A_NAME | CLINICAL | PLAIN_HOSPITAL | SERVICES:
                break
            parts = parts[1:]
        if parts and all(_key(p.group()) not in CLINICAL for p in parts):
            start, end = parts[0].start(), parts[-1].end()
            yield Span(start, end, "LOCATION", text[start:end], 0.8)
    for match in _UNCASED_ADDRESS.finditer(text):
        words = [_key(p.group()) for p in WORD.finditer(text, *match.span("v"))][:-1]
        if words and not any(w in CLINICAL or w in NOT_A_NAME for w in words):
            yield Span(match.start("v"), match.end("v"), "ADDRESS", match.group("v"), 0.85)
    yield from _hospital_initials(text)
    yield from _named_areas(text, common, cities)
    yield from _towns(text, common)
    from balint.privacy.screening.contexts import _mixed_case  # contexts imports this package

    mixed: bool | None = None  # whether the text is written in mixed case, worked out when first needed
    for match in _FACILITY_NAME.finditer(text):
        start, end = match.span("v")
        parts = list(WORD.finditer(text, start, end))
        suffix_at = len(parts) - 1
        while suffix_at > 0 and re.fullmatch(
            rf"(?i){FACILITY}(?: {FACILITY})*", " ".join(p.group() for p in parts[suffix_at - 1 :])
        ):
            suffix_at -= 1
        strong = bool(_STRONG_FACILITY.search(" ".join(p.group() for p in parts[suffix_at:])))
        # Walk back from the suffix over the place's own words: capitalised or not ordinary words, or, before
        # "hospital", any word that does not only describe it ("LAUREL HOSPITAL" but not "outside hospital").
        first = suffix_at
        while first > 0:
            word = parts[first - 1].group()
            key = _key(word)
            if key in PLAIN_HOSPITAL or key in NOT_A_NAME:
                break
            if (
                word.lower().rstrip(".") in SAINT_WORDS
                or key not in common
                or word.istitle()
                or (strong and first == suffix_at and len(key) > 1 and (key in cities or key in _all_names()))
            ):
                first -= 1
            else:
                break
        # "greater baltimore med ctr", "north arundel hospital": a direction before the place's own name.
        if 0 < first < suffix_at and parts[first - 1].group().lower() in _BEFORE_OWN_NAME:
            first -= 1
        walked = first
        rehab = parts[suffix_at].group().lower().startswith("rehab")
        if strong or rehab:
            first = _named_by_people(text, parts, first)
        if (strong or rehab) and suffix_at - first < 2:
            kinds = _KIND_OF_REHAB if rehab else _KIND_OF_HOSPITAL
            if mixed is None:
                mixed = _mixed_case(text)
            first = _named_by_words(text, parts, first, 2 - (suffix_at - first), kinds, mixed)
        # Census names that are words, after a preposition or "the": "at staples rehab", "to piper rehab".
        by_people = first < walked
        own = parts[first:suffix_at]
        if not own and strong and len(parts) - suffix_at > 1:
            # "transferred from memorial hospital", "at the general hospital": the first word is the name.
            own_start = parts[suffix_at].start()
            yield Span(own_start, end, "LOCATION", text[own_start:end], 0.75)
            continue
        if not own:
            continue
        saintly = own[0].group().lower().rstrip(".") in SAINT_WORDS
        if not (saintly or strong or by_people) and all(_key(p.group()) in common for p in own):
            continue
        start = parts[first].start()
        yield Span(start, end, "LOCATION", text[start:end], 0.85)
    for match in _SAINT_NAME.finditer(text):
        start, end = match.span("v")
        parts = list(WORD.finditer(text, start, end))
        if len(parts) < 2:
            continue
        second = _key(parts[1].group())
        # "holy cross", "sacred heart", "saint agnes"; after "st" or "mt" only a word that is not ordinary.
        devout = parts[0].group().lower() in {"holy", "sacred", "saint"}
        if second in NOT_A_NAME or second in CLINICAL or (second in common and not devout):
            continue
        if len(parts) == 3 and _key(parts[2].group()) in common:
            end = parts[1].end()
        yield Span(start, end, "LOCATION", text[start:end], 0.8)
    for match in _MOVED.finditer(text):
        parts = list(WORD.finditer(text, *match.span("v")))
        keep = []
        for part in parts:
            key = _key(part.group())
            # A capitalised word in a sentence written in mixed case is a name ("went to Harbor").
            proper = part.group().istitle() and key not in SERVICES and key not in NOT_A_NAME | CLINICAL
            ordinary = key in common and (key not in cities or key in CLINICAL)
            if (ordinary and not proper) or len(key) < 2 or key in SERVICES:
                break
            keep.append(part)
        # "d/c'd to funk collier garrison", "ready to go to stokes pope": two or more Census names in a row.
        people = []
        for part in parts:
            if not _census_place_word(part.group()):
                break
            people.append(part)
        if len(people) > 1 and len(people) > len(keep):
            keep = people
        if not keep:
            continue
        start, end = keep[0].start(), keep[-1].end()
        yield Span(start, end, "LOCATION", text[start:end], 0.7)
    words = list(WORD.finditer(text))
    for index, match in enumerate(words):
        key = match.group().lower()
        if key in cities and key not in common and (len(key) > 4 or not match.group().isupper()):
            yield Span(match.start(), match.end(), "LOCATION", match.group(), 0.6)
        for size in (2, 3):
            # Towns of more than one word: "san diego", "BEL AIR", "daytona beach".
            group = words[index : index + size]
            gaps = [text[a.end() : b.start()] for a, b in zip(group, group[1:], strict=False)]
            if len(group) == size and all(gap == " " for gap in gaps):
                name = " ".join(w.group() for w in group).lower()
                if name in cities:
                    yield Span(
                        group[0].start(),
                        group[-1].end(),
                        "LOCATION",
                        text[group[0].start() : group[-1].end()],
                        0.7,
                    )


_BEFORE_OWN_NAME = frozenset(
    [
        "greater",
        "north",
        "south",
        "east",
        "west",
        "northern",
        "southern",
        "eastern",
        "western",
        "upper",
        "central",
    ]
)


# Census names that are the words of a hospital's rooms and things: "sent to blood bank", "in blood pump".
_HOSPITAL_THINGS = frozenset(
    "blood bank pump gift shop cafeteria lobby waiting main front day night family bath rest".split()  # noqa: SIM905
)


def _census_place_word(word: str) -> bool:
    """A Census name, also one that is a word, that may name a hospital: "crews mead hospital"."""
    key = _key(word)
    if len(key) < 3 or key in PLAIN_HOSPITAL or key in NOT_A_NAME or key in CLINICAL or key in SERVICES:
        return False
    if key in _HOSPITAL_THINGS:
        return False
    return key in _all_names()


_BEFORE_NAMED = re.compile(r"(?i)(?:\b(?:to|from|at|in|into|by|the)|@)\s$")


def _named_by_people(text: str, parts: list[re.Match[str]], first: int) -> int:
    """Stretch a hospital's or rehab's name back over Census names that are also words, when a
    preposition or "the" comes before them: "to crews mead hospital", "from hooks fuller hospital",
    "screened by booth dill rehab" (not "long hospital stay")."""
    back = first
    while back > 0 and _census_place_word(parts[back - 1].group()):
        back -= 1
    if back < first and _BEFORE_NAMED.search(text, max(0, parts[back].start() - 8), parts[back].start()):
        return back
    return first


# Words that say which kind of hospital, or whose, without naming it: "to outside hospital", "to acute
# hospital", "the va hospital", "wanted to leave hospital" (PLAIN_HOSPITAL holds "outside", "local", "psych").
_KIND_OF_HOSPITAL = frozenset(
    """
    leave left leaving enter entered stay stayed staying visit visiting reach call contact self acute chronic
    subacute regular usual own main big small large larger smaller good better best bad current last next
    nearest closest nearer further tertiary rural va vet vets veterans army navy military field day night
    animal detox rehab rehabilitation home ltac lthc long term short whole entire every each one two
    """.split()  # noqa: SIM905
)


# ... and which kind of rehab: "referred to cardiac rehab", "at prev rehab", "to inpatient rehab".
_KIND_OF_REHAB = _KIND_OF_HOSPITAL | frozenset(
    """
    cardiac cardio cardiopulmonary pulmonary pulm respiratory physical phys occupational speech swallow
    stroke neuro neurologic neurological ortho orthopedic orthopaedic spine spinal cord brain injury trauma
    inpatient outpatient inpt outpt residential intensive aggressive further more possible poss potential
    future skilled nursing intermediate partial geriatric geri vent weaning wean trach drug alcohol
    substance vocational cardiovascular prev hospital facility
    """.split()  # noqa: SIM905
)


# Where a hospital's own name starts: after "from", "at", "in", "by", "@", or "to" after a move ("transferred
# to", "brought him to", "went back to"), with "the" or not.
_BEFORE_HOSPITAL_NAME = re.compile(
    rf"(?i)(?:\b(?:from|at|in|into|by)|@|(?<![A-Za-z]){TRANSFER}(?:\s(?:him|her|pt|patient|them|via\s\w+|by\s\w+))?\s(?:back\s)?to)"
    r"\s(?:the\s)?$"
)


def _hospital_word(word: str, kinds: frozenset[str]) -> bool:
    """An ordinary word that may be a hospital's own name before "hospital": "from harbor hospital",
    "to sinai hospital"; not one that says which kind ("outside", "acute") and no clinical word."""
    key = _key(word)
    if word.lower().rstrip(".") in SAINT_WORDS:
        return True
    if len(key) < 3 or not key.isalpha() or key in PLAIN_HOSPITAL or key in kinds:
        return False
    return not (key in NOT_A_NAME or key in CLINICAL or key in SERVICES or key in _HOSPITAL_THINGS)


def _named_by_words(
    text: str, parts: list[re.Match[str]], first: int, most: int, kinds: frozenset[str], mixed: bool
) -> int:
    """Stretch a hospital's or a rehab's name back over ordinary words right after a preposition or a move
    (two at most with those already taken): "transferred from qualified hospital", "went via ambulance to
    st. mercy hospital", "medflight from sixteenth street med ctr", "happy at lantern rehab". A hospital's
    name is often an ordinary word (Harbor, Union, Mercy); in text written without capitals only its place
    tells it, and after "from" or "transferred to" a word before "hospital" names it unless it says which
    kind ("to outside hospital", "to acute rehab"). In text written in mixed case the name has a capital."""
    for size in range(most, 0, -1):
        back = first - size
        words = [p.group() for p in parts[back:first]] if back >= 0 else []
        if not words or not all(_hospital_word(w, kinds) and (not mixed or not w.islower()) for w in words):
            continue
        if parts[back].group().lower().rstrip(".") in SAINT_WORDS and size == 1:
            continue
        if _BEFORE_HOSPITAL_NAME.search(text[max(0, parts[back].start() - 60) : parts[back].start()]):
            return back
    return first


def _hospital_initials(text: str) -> Iterator[Span]:
    """A hospital's initials after "to", "at", "from" or before "ER": "to GH", "at bidmc", "MGH EW"."""
    for pattern in (_HOSPITAL_INITIALS, _HOSPITAL_INITIALS_AFTER):
        for match in pattern.finditer(text):
            word = match.group("v")
            key = word.lower()
            if key in NOT_HOSPITAL_INITIALS or key in lexicon()[2] or len(key) < 2:
                continue
            if not word.istitle() or pattern is _HOSPITAL_INITIALS_AFTER:
                yield Span(match.start("v"), match.end("v"), "LOCATION", word, 0.8)


_NAME_STATE = re.compile(rf"(?<![\w'’-])(?P<v>{WORD.pattern}),?\s(?i:{_STATE_NAMES})(?:['’][sS])?(?![\w'’-])")


def _named_areas(text: str, common: frozenset[str], cities: frozenset[str]) -> Iterator[Span]:
    """Universities, areas, towns before a state, and wards with a floor: "u maryland", "edgemere area",
    "towson maryland", "ANNAPOLIS, MD", "on Quartermain 2"."""
    first, surnames, _, _ = lexicon()
    for match in _UNIVERSITY.finditer(text):
        parts = [p for p in WORD.finditer(text, *match.span("v")) if p.group().lower() != "of"]
        if len(parts) < 2 or _key(parts[1].group()) in NOT_A_NAME:
            continue
        end = parts[2].end() if len(parts) > 2 and _key(parts[2].group()) not in common else parts[1].end()
        yield Span(parts[0].start(), end, "LOCATION", text[parts[0].start() : end], 0.9)
    for match in _AREA.finditer(text):
        parts = [p for p in WORD.finditer(text, *match.span("v")) if _key(p.group()) not in common]
        if parts:
            start, end = parts[0].start(), parts[-1].end()
            yield Span(start, end, "LOCATION", text[start:end], 0.7)
    for match in _CITY_STATE.finditer(text):
        parts = list(WORD.finditer(text, *match.span("v")))
        while parts and not _town(_key(parts[0].group()), cities) and len(parts) > 1:
            parts = parts[1:]
        if parts and _town(" ".join(p.group() for p in parts).lower(), cities):
            start, end = parts[0].start(), parts[-1].end()
            yield Span(start, end, "LOCATION", text[start:end], 0.9)
    for match in _NAME_STATE.finditer(text):
        # "this pritchett maryland's facility", "lives in Quokon, Maryland": a surname or a word no list
        # holds before a state written out in full is a town the lists do not know.
        word = match.group("v")
        key = _key(word)
        if len(key) > 3 and key not in common and key not in first and key not in NOT_A_NAME | CLINICAL:
            yield Span(match.start("v"), match.end("v"), "LOCATION", word, 0.85)
    for match in _WARD.finditer(text):
        word = WORD.match(text, match.start("v"))
        key = _key(word.group()) if word else ""
        if len(key) > 3 and key not in common and (key in surnames or word.group().istitle()):
            yield Span(match.start("v"), match.end("v"), "LOCATION", match.group("v"), 0.75)


# Where a town stands: "lives in Lansdowne", "nephew of towson", "FROM EDGEMERE", "near rockport".
_TOWN_AFTER = re.compile(
    r"(?i)(?<![A-Za-z])(?:in|of|from|near|outside|outside of|around|at)\s"
    rf"(?=(?P<v>{WORD.pattern}(?:\s{WORD.pattern}){{0,2}}))"  # a lookahead: "from the va in balt" has two
)


def _town(name: str, cities: frozenset[str]) -> bool:
    """A city of the hand-written or larger lists, or a smaller town that is no ordinary or clinical word
    ("IJ QUINTON IN" is a catheter before "in", not a town in Indiana)."""
    return name in cities or (name in towns() and len(name) > 3 and name not in lexicon()[2])


def _towns(text: str, common: frozenset[str]) -> Iterator[Span]:
    """Smaller US towns from GeoNames: on their own when no Census name ("edgemere", "CATONSVILLE"), of
    several words when one word is not ordinary ("bel air"), and after "in", "of", "from", "near" or "at"
    also when a Census name ("in Lansdowne", "AT CALVERT")."""
    from balint.privacy.screening.contexts import (  # contexts imports this package
        _case_fits,
        _mixed_case,
        misspelt,
    )

    places = towns()
    words = list(WORD.finditer(text))
    mixed = _mixed_case(text)
    for index, match in enumerate(words):
        key = match.group().lower()
        if (
            key in places
            and len(key) > 4
            and key not in common
            and key not in _all_names()
            and _case_fits(match.group(), mixed)
            and not misspelt(key)
        ):
            yield Span(match.start(), match.end(), "LOCATION", match.group(), 0.6)
        for size in (3, 2):
            group = words[index : index + size]
            gaps = [text[a.end() : b.start()] for a, b in zip(group, group[1:], strict=False)]
            if len(group) == size and all(gap in (" ", "-") for gap in gaps):
                name = " ".join(w.group() for w in group).lower()
                if name in places and all(_case_fits(w.group(), mixed) for w in group):
                    start, end = group[0].start(), group[-1].end()
                    yield Span(start, end, "LOCATION", text[start:end], 0.7)
                    break
    for match in _TOWN_AFTER.finditer(text):
        parts = list(WORD.finditer(text, *match.span("v")))
        for size in (3, 2, 1):
            group = parts[:size]
            if len(group) < size:
                continue
            name = " ".join(p.group() for p in group).lower()
            if not _town(name, lexicon()[3]) or name in common or name in NOT_A_NAME or name in CLINICAL:
                continue
            if not all(_case_fits(p.group(), mixed) for p in group) or len(name) < 4:
                continue
            start, end = group[0].start(), group[-1].end()
            yield Span(start, end, "LOCATION", text[start:end], 0.7)
            break
