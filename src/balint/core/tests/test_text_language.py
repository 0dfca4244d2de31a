"""The cheap language check by which screening, themes and suggestions say what they cannot read."""

from django.utils import translation

from balint.core.text_language import detect_language, language_name, unsupported_language

ENGLISH = (
    "The resident spoke about the patient who had come back to the clinic with the same pain and felt stuck."
)
GERMAN = (
    "Die Ärztin erzählte von einer Patientin, die mit den gleichen Schmerzen wieder in die Praxis kam, "
    "und sie war ratlos."
)
SPANISH = (
    "La residente habló de una paciente que volvió a la consulta con el mismo dolor y sintió que no "
    "podía hacer nada."
)


def test_it_tells_english_german_and_spanish_apart() -> None:
    assert [detect_language(t) for t in (ENGLISH, GERMAN, SPANISH)] == ["en", "de", "es"]


def test_it_gives_no_answer_for_a_short_or_wordless_text() -> None:
    assert detect_language("Dr Müller, ward 4") is None
    assert detect_language("12 14 17 — 3.5 · 42 " * 5) is None


def test_it_names_only_a_language_the_analysis_does_not_read() -> None:
    assert unsupported_language(GERMAN, ("en",)) == "de"
    assert unsupported_language(ENGLISH, ("en",)) is None
    assert unsupported_language("Kurz.", ("en",), fallback="es") == "es"  # too short: the program's language
    assert unsupported_language("", ("en",), fallback="de") is None  # nothing to read, nothing to say


def test_it_names_the_language_in_the_language_of_the_page() -> None:
    with translation.override("de"):
        assert language_name("de") == "Deutsch"
    with translation.override("es"):
        assert language_name("de") == "Alemán"
    assert language_name("en") == "English"
