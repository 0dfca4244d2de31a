"""Tests for the patient-identifier screener."""

from __future__ import annotations

import pytest

from balint.privacy.screening import Span, evaluate, load_corpus, redact, screen


def kinds_of(text: str, **kwargs: object) -> dict[str, str]:
    """Map each found span's text to its kind."""
    return {span.text: span.kind for span in screen(text, **kwargs)}


@pytest.mark.parametrize(
    ("text", "expected", "kind"),
    [
        ("The resident presented Maria Gonzalez again.", "Maria Gonzalez", "NAME"),
        ("Dr. Okafor asked the group to slow down.", "Okafor", "NAME"),
        ("Her husband Tom drives her to every visit.", "Tom", "NAME"),
        ("A patient named Thandiwe came in alone.", "Thandiwe", "NAME"),
        ("She was seen on March 3rd and felt worse.", "March 3rd", "DATE"),
        ("Follow-up on 3/14 with the pain clinic.", "3/14", "DATE"),
        ("He came in last Tuesday the 12th.", "last Tuesday the 12th", "DATE"),
        ("Born 12/25/1930 in a farmhouse.", "12/25/1930", "DATE"),
        ("Admitted on 2023-11-08 with sepsis.", "2023-11-08", "DATE"),
        ("A 92-year-old widower lives alone.", "92-year-old", "AGE"),
        ("Call (614) 555-0187 after noon.", "(614) 555-0187", "PHONE"),
        ("Fax to 937.555.0112 please.", "937.555.0112", "PHONE"),
        ("Write to jlarkin77@gmail.com tonight.", "jlarkin77@gmail.com", "EMAIL"),
        ("She lives at 418 Maple Avenue, Apt 2C with her son.", "418 Maple Avenue, Apt 2C", "ADDRESS"),
        ("Seen at St. Vincent's Hospital yesterday.", "St. Vincent's Hospital", "LOCATION"),
        ("She moved to Springfield last year.", "Springfield", "LOCATION"),
        ("MRN 00482913 was merged in error.", "00482913", "ID"),
        ("See https://example.org/patients/17.", "https://example.org/patients/17", "URL"),
        ("Login came from 192.168.14.22 at night.", "192.168.14.22", "IP"),
        ("Login came from 2001:db8::7334 at night.", "2001:db8::7334", "IP"),
        ("SSN 123-45-6789 was on the form.", "123-45-6789", "SSN"),
    ],
)
def test_it_detects_each_kind(text: str, expected: str, kind: str) -> None:
    assert kinds_of(text).get(expected) == kind


def test_it_detects_roster_names_and_their_parts() -> None:
    text = "Ellis was late again, and Jordan Ellis apologised to Zephyrine."
    found = kinds_of(text, roster_names=["Jordan Ellis", "Zephyrine Okoro"])
    assert found == {"Ellis": "NAME", "Jordan Ellis": "NAME", "Zephyrine": "NAME"}


def test_it_leaves_ordinary_sentences_alone() -> None:
    text = (
        "Will the group allow problem solving? Hope and trust came up. The resident felt angry. "
        "Mark the theme as Balint process. Grace under pressure was discussed on Tuesday."
    )
    assert screen(text) == []


def test_it_keeps_offsets_right_with_emoji_and_rtl_text() -> None:
    text = "👩‍⚕️🙂 مريض جديد Dr. Haddad 🧠 called (614) 555-0187 שלום on March 3rd."
    spans = screen(text)
    assert [(s.kind, s.text) for s in spans] == [
        ("NAME", "Haddad"),
        ("PHONE", "(614) 555-0187"),
        ("DATE", "March 3rd"),
    ]
    assert all(text[s.start : s.end] == s.text for s in spans)


def test_it_returns_sorted_non_overlapping_spans() -> None:
    spans = screen("Lives at 2217 N. Clark Street, Chicago, IL 60614; Maria Gonzalez, MRN 5567281, 3/14.")
    assert spans == sorted(spans, key=lambda s: s.start)
    assert all(a.end <= b.start for a, b in zip(spans, spans[1:], strict=False))


def test_it_redacts_exactly_the_chosen_spans() -> None:
    text = "Maria Gonzalez called (614) 555-0187 on March 3rd."
    spans = screen(text)
    decisions = {span: span.kind != "DATE" for span in spans}
    assert redact(text, spans, decisions) == "[NAME] called [PHONE] on March 3rd."
    assert redact(text, spans, spans) == "[NAME] called [PHONE] on [DATE]."
    assert redact(text, spans, {}) == text


def test_it_refuses_a_span_that_does_not_match_the_text() -> None:
    with pytest.raises(ValueError):
        redact("hello world", [Span(0, 5, "NAME", "howdy", 1.0)], None)


def test_it_handles_empty_text() -> None:
    assert screen("") == []
    assert redact("", [], {}) == ""


def test_it_finishes_very_long_text() -> None:
    paragraph = "Maria Gonzalez was seen on 3/14 at Mercy General Hospital and felt heard by the group. "
    text = (paragraph * (200_000 // len(paragraph) + 1))[:200_000]
    spans = screen(text)
    assert len(spans) > 1000
    assert all(text[s.start : s.end] == s.text for s in spans[:50])


@pytest.mark.parametrize(
    "text",
    [
        "a" * 50_000 + "@",
        "a." * 50_000,
        "1." * 50_000,
        "1 " * 50_000,
        "A " * 50_000,
        "Aa " * 50_000 + "Hospital!",
        "1 Aa " * 20_000,
        "9" * 100_000,
        "1-" * 50_000,
        "1/" * 50_000,
        "a:" * 50_000,
        "http://" + "a" * 100_000,
        "Dr. " * 30_000,
        "her husband " * 20_000,
        "(" * 50_000 + "555",
        "-" * 100_000,
    ],
)
def test_it_survives_pathological_input(text: str) -> None:
    spans = screen(text)
    assert all(text[s.start : s.end] == s.text for s in spans)


def test_it_meets_quality_targets_on_the_corpus() -> None:
    report = evaluate(load_corpus())
    assert report["NAME"]["recall"] >= 0.95
    assert report["DATE"]["recall"] >= 0.95
    assert report["overall"]["recall"] >= 0.9
    assert report["overall"]["precision"] >= 0.8


def test_it_reports_both_halves_of_the_corpus() -> None:
    tune, heldout = load_corpus(split="tune"), load_corpus(split="heldout")
    assert len(tune) >= 75 and len(heldout) >= 75
    assert sum(len(r["spans"]) for r in tune + heldout) >= 290
    assert sum(1 for r in tune + heldout if not r["spans"]) >= 30
    assert evaluate(heldout)["overall"]["recall"] >= 0.85
