"""Which language a text is written in, cheaply, so analysis that reads only some languages can say so.

Screening, candidate themes and suggestions each declare the languages they support (SUPPORTED_LANGUAGES in
their own module). A text they are given is checked here by its share of common function words per language;
a text in another language gets a "not supported for <language>" notice instead of being read as English
without a word. Short or mixed texts give no answer (None), and then the program's language is used.
"""

import re

from django.utils.translation import get_language_info


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# The most frequent function words of each language (articles, pronouns, prepositions, auxiliaries): words
# that carry no topic, so their share says which language a text is in whatever it is about.
STOP_WORDS = {
    "en": _words(
        "the and of to a in is it that was he she for on with as his her they at be this have had not but "
        "from by are were you i my we me him them what there been would when which their said an or so if "
        "do did about who"
    ),
    "de": _words(
        "der die das und ist nicht ich sie er es ein eine einen dem den des zu mit auf für von sich wir ihr "
        "war hat haben wird wurde auch als wie im bei aus nach noch dass aber oder wenn mir mich ihn ihm uns "
        "sind kann nur schon"
    ),
    "es": _words(
        "el la los las de del y que en un una es no se lo le por con para su sus al como más pero yo ella "
        "él nos me mi está estaba fue era ha había muy sin sobre también porque cuando ya todo esta este "
        "son hay"
    ),
}
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
MIN_WORDS = 12  # fewer words than this say too little to tell
MIN_SHARE = 0.12  # the winning language's function words must be at least this share of all words


def detect_language(text: str) -> str | None:
    """The code of the language the text is written in ("en", "de", "es"), or None when it cannot tell."""
    words = [w.lower() for w in _WORD.findall(text[:20000])]
    if len(words) < MIN_WORDS:
        return None
    shares = {code: sum(w in stop for w in words) / len(words) for code, stop in STOP_WORDS.items()}
    best = max(shares, key=shares.__getitem__)
    runner_up = max(share for code, share in shares.items() if code != best)
    if shares[best] < MIN_SHARE or shares[best] < 1.5 * runner_up:
        return None
    return best


def language_name(code: str) -> str:
    """The language's name in the language of the page (e.g. "German", "Deutsch", "Alemán")."""
    try:
        return str(get_language_info(code)["name_translated"])
    except KeyError:
        return code


def unsupported_language(text: str, supported: tuple[str, ...], fallback: str = "") -> str | None:
    """The code of the text's language when the analysis does not support it, else None.

    fallback is the language to assume when the text says too little (the program's or the person's).
    """
    if not _WORD.search(text):
        return None
    found = detect_language(text) or fallback or None
    if found and found not in supported:
        return found
    return None
