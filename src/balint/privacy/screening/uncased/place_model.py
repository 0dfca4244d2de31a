"""A small learned model of where a place stands, read from context alone, in any case style.

The rules find a place by the words around it; capitals tell the as-written path one thing more: that a
word is a name. Typed in lower case or capitals that sign is gone, so this model weighs, for each word no
rule took, what is left: the words before and after it (only words of the public lists in `data/`, else
the lists they belong to), the punctuation between them, and which lists the word itself belongs to
(Census names, towns, cities, ordinary or clinical words), never the word itself nor its case.

The weights (`data/place_model.json`, plain numbers for each feature of a logistic regression) were
learned by `bench/_train_place_model.py` from the tuning split of the PhysioNet deid notes, with its gold
places also re-drawn from public name and town lists; they hold no text of that corpus but words of the
public lists. Read on first use; scored in pure Python.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterator
from functools import lru_cache

from balint.privacy.screening.patterns import DATA_DIR, _read_list
from balint.privacy.screening.spans import Span
from balint.privacy.screening.uncased.places import _KIND_OF_REHAB
from balint.privacy.screening.uncased.words import (
    _STATE_NAMES,
    CLINICAL,
    NOT_A_NAME,
    PLAIN_HOSPITAL,
    SERVICES,
    WORD,
    _all_names,
    _frequent_surnames,
    _key,
    lexicon,
    towns,
)

MODEL_FILE = "place_model.json"

# Words that say what kind of place a name belongs to: context, never a candidate.
_PLACE_WORDS = frozenset(
    """
    hospital hosp rehab rehabilitation medical med center ctr centre clinic memorial regional general
    infirmary hospice house manor institute nursing home county university univ health st saint mt mount
    """.split()  # noqa: SIM905
)
_STATE = re.compile(_STATE_NAMES)

# What a patient is moved onto or food comes from within the unit: "transferred to chair x2", "from kitchen".
_IN_THE_UNIT = frozenset(
    """
    chair chairs stretcher commode recliner wheelchair bedside kitchen cafeteria lobby window hallway hall
    """.split()  # noqa: SIM905
)

# Endings of ordinary words seldom a place's name: verbs, adverbs, abstract and clinical words.
_WORDISH = re.compile(
    r"(?:ed|ing|ly|tion|tions|sion|ness|ment|ments|itis|emia|ectomy|osis|ology|ologist|ive|ous|ic|ist|ics|ism"
    r"|ize|ise|able|ible|ful|less)$"
)


@lru_cache(maxsize=1)
def _lists() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """Ordinary English words, rarer and clinical words, and Census names that are words."""
    common = frozenset(_read_list("common_words.txt"))
    vocabulary = frozenset(_read_list("vocabulary.txt"))
    word_names = frozenset(_read_list("word_names.txt"))
    return common, vocabulary, word_names


def _classes(key: str) -> list[str]:
    """The lists a word belongs to (its own identity is never a feature)."""
    first, surnames, known, cities = lexicon()
    common, vocabulary, word_names = _lists()
    found = []
    if key in common:
        found.append("common")
    if key in vocabulary:
        found.append("vocab")
    if key in word_names:
        found.append("wordname")
    if key in first:
        found.append("first")
    if key in surnames:
        found.append("surname")
    if key in _frequent_surnames():
        found.append("frequent")
    if key in cities:
        found.append("city")
    if key in towns():
        found.append("town")
    if key in CLINICAL:
        found.append("clinical")
    if key in NOT_A_NAME:
        found.append("function")
    if key in SERVICES:
        found.append("service")
    if key in _PLACE_WORDS:
        found.append("placeword")
    if _STATE.fullmatch(key):
        found.append("state")
    if not found and key not in known and key not in _all_names():
        found.append("unknown")
    if len(key) > 4 and _WORDISH.search(key):
        found.append("wordish")
    return found


def _kind(classes: list[str]) -> str:
    """A word's broad kind: a place of the lists, a name that is no word, an ordinary word, or unknown."""
    if "city" in classes or "town" in classes:
        return "K:place"
    if "common" in classes:
        return "K:common"
    if "vocab" in classes:
        return "K:vocab"
    if "first" in classes or "surname" in classes:
        return "K:name"
    return "K:other"


def _context_word(key: str, classes: list[str]) -> str:
    """A neighbouring word as itself when the public word lists hold it, else as the lists it is in."""
    if key in lexicon()[2] or key in _PLACE_WORDS:
        return key
    return "<" + "+".join(classes or ["name"]) + ">"


def _gap(text: str, start: int, end: int) -> str:
    """What stands between two words: a space, a line break, or the punctuation (spaces left out)."""
    between = text[start:end]
    if "\n" in between:
        return "nl"
    stripped = re.sub(r"\s+", "", between)
    if not stripped:
        return "sp" if between else "none"
    return re.sub(r"\d+", "9", stripped)[:4]


def _length(key: str) -> str:
    for shorter_than, label in ((3, "1-2"), (4, "3"), (6, "4-5"), (9, "6-8")):
        if len(key) < shorter_than:
            return label
    return "9+"


def token_features(text: str) -> list[tuple[int, int, str, list[str]]]:
    """Each word of a text with its case-blind features: (start, end, key, features)."""
    words = list(WORD.finditer(text))
    keys = [_key(w.group()) for w in words]
    classes_of = [_classes(k) for k in keys]
    context = [_context_word(k, c) for k, c in zip(keys, classes_of, strict=True)]
    rows = []
    for i, (word, key, classes) in enumerate(zip(words, keys, classes_of, strict=True)):
        features = ["bias", "sig=" + "+".join(classes), "len=" + _length(key)]
        features += ["is=" + c for c in classes]
        before = _gap(text, words[i - 1].end(), word.start()) if i else "start"
        after = _gap(text, word.end(), words[i + 1].start()) if i + 1 < len(words) else "end"
        features += ["g-=" + before, "g+=" + after]
        rest = text[word.end() : word.end() + 4]
        if re.match(r"\s?\d", rest):
            features.append("digit+")
        if key != word.group().lower():
            features.append("possessive")
        for offset in (-2, -1, 1, 2):
            j = i + offset
            value = context[j] if 0 <= j < len(words) else "<edge>"
            features.append(f"w{offset:+d}={value}")
        if i >= 2:
            features.append(f"w-2-1={context[i - 2]}_{context[i - 1]}|{before}")
        if i >= 1:
            features.append(f"w-1g={context[i - 1]}|{before}")
        if i + 1 < len(words):
            features.append(f"w+1g={after}|{context[i + 1]}")
        if i + 2 < len(words):
            features.append(f"w+1+2={context[i + 1]}_{context[i + 2]}")
        # The same contexts for each broad kind of word: "to <an ordinary word> for" weighs otherwise than
        # "to <a town> for".
        kind = _kind(classes)
        features += [f"{kind}&{f}" for f in features if f[:2] in ("w-", "w+", "g+", "g-", "di")]
        rows.append((word.start(), word.end(), key, features))
    return rows


def candidate(key: str) -> bool:
    """A word the model may take as a place: not a function, clinical or service word, a kind of place, a
    word that says which hospital or rehab ("to outside hospital", "referred to cardiac rehab"), a time, a
    daily doing, a thing in the unit or a ward's stand-in ("went to lunch", "to chair", "to level 2"), nor
    an ordinary word with the ending of a verb, an adverb or an abstract noun ("admitted to feeling",
    "transferred to hypocritical")."""
    from balint.privacy.screening.contexts import _NOT_MOVED_TO, _NOT_WARDS  # contexts imports this package

    if len(key) < 3 or not key.isalpha():
        return False
    if (
        key in NOT_A_NAME
        or key in CLINICAL
        or key in SERVICES
        or key in _PLACE_WORDS
        or key in PLAIN_HOSPITAL
    ):
        return False
    if key in _NOT_MOVED_TO or key in _NOT_WARDS or key in _IN_THE_UNIT or key in _KIND_OF_REHAB:
        return False
    if _STATE.fullmatch(key):
        return False
    if len(key) > 4 and _WORDISH.search(key) and key in lexicon()[2]:
        return key in lexicon()[3] or key in towns()
    return True


@lru_cache(maxsize=1)
def _model() -> tuple[dict[str, float], float]:
    """The weights and the threshold, read on first use."""
    path = DATA_DIR / MODEL_FILE
    data = json.loads(path.read_text(encoding="utf-8"))
    return data["weights"], data["threshold"]


def score(features: list[str], weights: dict[str, float]) -> float:
    """The model's probability that a word is a place."""
    total = sum(weights.get(f, 0.0) for f in features)
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, total))))


def learned_places(
    text: str, weights: dict[str, float] | None = None, threshold: float | None = None
) -> Iterator[Span]:
    """Words the model finds standing where a place stands, as places of low score (every rule goes first).

    In text written in mixed case a place's name has its capital, so there only a capitalised word counts.
    """
    from balint.privacy.screening.contexts import _mixed_case  # contexts imports this package

    if weights is None or threshold is None:
        weights, threshold = _model()
    mixed = _mixed_case(text)
    for start, end, key, features in token_features(text):
        word = text[start:end]
        if mixed and not (word[:1].isupper()):
            continue
        if candidate(key) and score(features, weights) >= threshold:
            yield Span(start, end, "LOCATION", word, 0.5)
