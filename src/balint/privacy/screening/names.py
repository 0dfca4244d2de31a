"""Person-name detection without a language model: roster, titles, name lists and name contexts."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import lru_cache

from balint.privacy.screening.patterns import LOWER, UPPER, _read_list
from balint.privacy.screening.spans import Span

TOKEN = re.compile(rf"[{UPPER}](?:[{LOWER}]|[{UPPER}](?=[{LOWER}])|['’-](?=[{UPPER}{LOWER}])){{1,30}}")
POSSESSIVE = re.compile(r"['’]s?$")
INITIAL = re.compile(rf"[{UPPER}]\.")

# Capitalised words that open sentences or name things but are never a person's name.
COMMON_CAPS = frozenset(
    [
        "A",
        "An",
        "The",
        "This",
        "That",
        "These",
        "Those",
        "There",
        "Then",
        "Than",
        "Thus",
        "Here",
        "He",
        "She",
        "It",
        "We",
        "They",
        "I",
        "You",
        "His",
        "Her",
        "Hers",
        "Its",
        "Our",
        "Their",
        "My",
        "Your",
        "Him",
        "Them",
        "Us",
        "Me",
        "Who",
        "Whom",
        "Whose",
        "What",
        "When",
        "Where",
        "Why",
        "How",
        "Which",
        "While",
        "Whether",
        "If",
        "Once",
        "After",
        "Before",
        "Since",
        "Until",
        "Because",
        "Although",
        "Though",
        "As",
        "At",
        "By",
        "For",
        "From",
        "In",
        "Into",
        "Of",
        "On",
        "Onto",
        "Out",
        "Over",
        "To",
        "Toward",
        "Under",
        "Upon",
        "With",
        "Within",
        "Without",
        "And",
        "But",
        "Or",
        "Nor",
        "So",
        "Yet",
        "Also",
        "Both",
        "Each",
        "Every",
        "Either",
        "Neither",
        "No",
        "Not",
        "Some",
        "Any",
        "All",
        "Many",
        "Much",
        "Most",
        "Several",
        "Few",
        "One",
        "Two",
        "Three",
        "Four",
        "Five",
        "Six",
        "Seven",
        "Eight",
        "Nine",
        "Ten",
        "First",
        "Second",
        "Third",
        "Last",
        "Next",
        "Another",
        "Other",
        "Such",
        "Only",
        "Just",
        "Even",
        "Still",
        "Again",
        "Later",
        "Earlier",
        "Today",
        "Yesterday",
        "Tomorrow",
        "Tonight",
        "Now",
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
        "Christmas",
        "Easter",
        "Thanksgiving",
        "Dr",
        "Mr",
        "Mrs",
        "Ms",
        "Miss",
        "Mx",
        "Prof",
        "Doctor",
        "Nurse",
        "Patient",
        "Resident",
        "Residents",
        "Attending",
        "Leader",
        "Leaders",
        "Group",
        "Groups",
        "Session",
        "Sessions",
        "Balint",
        "Case",
        "Cases",
        "Notes",
        "Note",
        "Survey",
        "Surveys",
        "Program",
        "Programs",
        "Clinic",
        "Hospital",
        "Family",
        "Medicine",
        "Psychiatry",
        "Pediatrics",
        "Internal",
        "Emergency",
        "Department",
        "Unit",
        "ICU",
        "ER",
        "ED",
        "PGY",
        "Chief",
        "Director",
        "English",
        "Spanish",
        "French",
        "Arabic",
        "Chinese",
        "Mandarin",
        "Vietnamese",
        "Somali",
        "Russian",
        "Portuguese",
        "Haitian",
        "Creole",
        "American",
        "Mexican",
        "African",
        "Asian",
        "Latino",
        "Latina",
        "Hispanic",
        "Catholic",
        "Muslim",
        "Jewish",
        "Christian",
        "Buddhist",
        "Hindu",
        "God",
        "Lord",
        "Jesus",
        "Medicaid",
        "Medicare",
        "Tylenol",
        "Suboxone",
        "Narcan",
        "Ativan",
        "Xanax",
        "Oxycodone",
        "Percocet",
        "Zoloft",
        "Yes",
        "Okay",
        "OK",
        "Thanks",
        "Please",
        "Well",
        "Oh",
        "Hi",
        "Hello",
        "Dear",
        "Sorry",
        "Overall",
        "However",
        "Instead",
        "Meanwhile",
        "Perhaps",
        "Maybe",
        "Someone",
        "Everyone",
        "Nobody",
        "Somebody",
        "Everybody",
        "Anyone",
        "Something",
        "Nothing",
        "Everything",
        "Anything",
        "Mom",
        "Dad",
        "Grandma",
        "Grandpa",
        "Mother",
        "Father",
        "Sister",
        "Brother",
        "Aunt",
        "Uncle",
        "Baby",
        "Husband",
        "Wife",
        "Son",
        "Daughter",
        "Theme",
        "Themes",
        "Process",
        "Content",
        "Focus",
        "Discussion",
        "Reflection",
        "Feelings",
        "Trust",
        "Responsibility",
        "Supervision",
        "Feedback",
    ]
)

TITLES = (
    r"(?:Dr|Doctor|Mr|Mrs|Ms|Miss|Mx|Prof|Professor|Nurse|Sister|Brother|Father|Fr|Pastor|Rev|Reverend|Rabbi"
    r"|Imam|Judge|Officer|Coach|Aunt|Auntie|Uncle|Grandma|Grandpa|Granny|Nana|Papa|Mama|Abuela|Abuelo|Señora"
    r"|Señor|Sra|Sr|Madam|Sir|Lady|Captain|Sergeant|Sgt|Detective|Principal|Deacon|Cousin)"
)
TITLE_NAME = re.compile(
    rf"\b{TITLES}\.?\s(?P<v>(?:{TOKEN.pattern}|[{UPPER}]\.)(?:\s(?:{TOKEN.pattern}|[{UPPER}]\.)){{0,2}})"
)

RELATIONS = (
    r"(?:patient|patients|pt|woman|man|lady|gentleman|girl|boy|son|daughter|husband|wife|partner|spouse"
    r"|ex-husband|ex-wife|ex|mother|father|mom|mum|dad|stepfather|stepmother|stepdad|stepmom|brother|sister"
    r"|grandmother|grandfather|grandson|granddaughter|grandma|grandpa|aunt|uncle|niece|nephew|cousin|friend"
    r"|boyfriend|girlfriend|fiancé|fiancée|fiance|fiancee|child|kid|baby|infant|toddler|teen|teenager"
    r"|roommate|neighbor|neighbour|caregiver|guardian|landlord|employer|boss|coworker|co-worker|colleague"
    r"|resident|intern|attending|preceptor|nurse|aide|social worker|case manager|interpreter|therapist"
    r"|counselor|pharmacist|chaplain|student|presenter|co-leader|leader|classmate|senior|junior|twin"
    r"|named|called|name is|name was|known as|goes by|went by|introduced himself as|introduced herself as"
    r"|calls himself|calls herself|asked for|signed as|nicknamed|née|nee)"
)
RELATION_NAME = re.compile(
    rf"\b(?i:{RELATIONS}),?\s(?:\"|“)?(?P<v>{TOKEN.pattern}(?:\s(?:[{UPPER}]\.\s)?{TOKEN.pattern})?)"
)
SENTENCE_END = '.!?:;"“”()[]\n\r•*-–—>'


@lru_cache(maxsize=1)
def name_lists() -> tuple[frozenset[str], frozenset[str], frozenset[str], frozenset[str]]:
    """Load first names, surnames, ambiguous names and stop words from the shipped data files."""
    first = frozenset(_read_list("first_names.txt")) | frozenset(_read_list("extra_first_names.txt"))
    surnames = frozenset(_read_list("surnames.txt"))
    ambiguous = frozenset(_read_list("ambiguous_names.txt"))
    stop = frozenset(_read_list("name_stop_words.txt")) | COMMON_CAPS
    return first, surnames, ambiguous, stop


def _bare(word: str) -> str:
    """Drop a possessive ending from a token."""
    return POSSESSIVE.sub("", word)


def _at_sentence_start(text: str, start: int) -> bool:
    """Tell whether a token opens a sentence, a line or a quotation."""
    i = start - 1
    while i >= 0 and text[i] in " \t":
        i -= 1
    return i < 0 or text[i] in SENTENCE_END


def _trim_possessive(text: str, start: int, end: int) -> int:
    """Move the end of a name span before a possessive 's."""
    match = POSSESSIVE.search(text, start, end)
    return match.start() if match else end


def name_spans(text: str, roster_names: Iterable[str] = ()) -> Iterator[Span]:
    """Yield candidate person-name spans."""
    first, surnames, ambiguous, stop = name_lists()
    yield from _roster_spans(text, roster_names, stop)
    for pattern, score in ((TITLE_NAME, 0.9), (RELATION_NAME, 0.85)):
        for match in pattern.finditer(text):
            start, end = match.span("v")
            words = [_bare(w) for w in match.group("v").split()]
            keep = 0
            for word in words:
                if word in stop and not (pattern is TITLE_NAME and keep == 0 and word not in COMMON_CAPS):
                    break
                keep += 1
            if keep == 0:
                continue
            end = start + len(" ".join(match.group("v").split()[:keep]))
            end = _trim_possessive(text, start, end)
            yield Span(start, end, "NAME", text[start:end], score)
    tokens = list(TOKEN.finditer(text))
    for index, token in enumerate(tokens):
        word = _bare(token.group())
        if word in stop:
            continue
        sentence_start = _at_sentence_start(text, token.start())
        follower = _surname_after(text, tokens, index, stop)
        if word in first:
            if word in ambiguous and sentence_start and follower is None:
                continue
            score = 0.7 if word not in ambiguous else 0.6
        elif word in surnames and not sentence_start and not _follows_token(text, tokens, index):
            score = 0.55
        else:
            continue
        end = follower.end() if follower is not None and word in first else token.end()
        end = _trim_possessive(text, token.start(), end)
        yield Span(token.start(), end, "NAME", text[token.start() : end], score)


def _follows_token(text: str, tokens: list[re.Match[str]], index: int) -> bool:
    """Tell whether the previous capitalised token sits right before this one (a longer proper noun)."""
    if index == 0:
        return False
    previous = tokens[index - 1]
    return text[previous.end() : tokens[index].start()] == " " and _bare(previous.group()) not in COMMON_CAPS


def _surname_after(
    text: str, tokens: list[re.Match[str]], index: int, stop: frozenset[str]
) -> re.Match | None:
    """Return the capitalised token that continues a first name as a surname, if any."""
    token = tokens[index]
    if POSSESSIVE.search(token.group()):
        return None
    cursor = token.end()
    initial = INITIAL.match(text, cursor + 1) if text[cursor : cursor + 1] == " " else None
    if initial:
        cursor = initial.end()
    if index + 1 >= len(tokens):
        return None
    nxt = tokens[index + 1]
    if text[cursor : nxt.start()] != " " or _bare(nxt.group()) in stop:
        return None
    return nxt


def _roster_spans(text: str, roster_names: Iterable[str], stop: frozenset[str]) -> Iterator[Span]:
    """Yield spans for the program's own people, by the one rule of `balint.privacy.names` (which coding
    and reports use to mask residents' names too): full names, then each part of a name."""
    from balint.privacy.names import name_matches  # it reads this package's data lists

    for found in name_matches(text, roster_names):
        score = 0.98 if found.full else 0.96
        yield Span(found.start, found.end, "NAME", text[found.start : found.end], score)
