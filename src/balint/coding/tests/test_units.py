import pytest

from balint.coding.units import CodedSpan, Granularity, Unit, split_units, themes_by_unit


def _texts(text: str, granularity: str) -> list[str]:
    return [unit.text(text) for unit in split_units(text=text, granularity=granularity)]


def test_it_makes_the_whole_source_one_trimmed_unit():
    assert split_units(text="  Hello there.\n", granularity="source") == [Unit(index=0, start=2, end=14)]


def test_it_gives_no_units_for_blank_text():
    for granularity in Granularity:
        assert split_units(text=" \n\t\n ", granularity=granularity) == []
        assert split_units(text="", granularity=granularity) == []


def test_it_splits_paragraphs_on_blank_lines_only():
    text = "First line\nwrapped line.\n\nSecond.\r\n  \r\nThird.\n\n\n\nFourth.\u2029Fifth."
    assert _texts(text, "paragraph") == [
        "First line\nwrapped line.",
        "Second.",
        "Third.",
        "Fourth.",
        "Fifth.",
    ]


def test_it_numbers_units_in_reading_order():
    units = split_units(text="One.\n\nTwo.\n\nThree.", granularity="paragraph")
    assert [u.index for u in units] == [0, 1, 2]
    assert [(u.start, u.end) for u in units] == [(0, 4), (6, 10), (12, 18)]


def test_it_keeps_titles_and_latin_abbreviations_inside_a_sentence():
    text = "Dr. Smith and Mrs. Jones met Prof. Lee. They discussed feelings, e.g. anger, i.e. the hard ones."
    assert _texts(text, "sentence") == [
        "Dr. Smith and Mrs. Jones met Prof. Lee.",
        "They discussed feelings, e.g. anger, i.e. the hard ones.",
    ]


def test_it_does_not_split_decimals_numbers_or_initials():
    text = (
        "The dose was 2.5 mg vs. 0.5 mg on p. 12 of No. 3. J. R. Doe agreed. It cost $1,000.50 in 2020. Done."
    )
    assert _texts(text, "sentence") == [
        "The dose was 2.5 mg vs. 0.5 mg on p. 12 of No. 3.",
        "J. R. Doe agreed.",
        "It cost $1,000.50 in 2020.",
        "Done.",
    ]


def test_it_splits_on_question_and_exclamation_marks_and_closing_quotes():
    text = 'Why me? I felt stuck! She said "Enough." Then silence... And then we talked.'
    assert _texts(text, "sentence") == [
        "Why me?",
        "I felt stuck!",
        'She said "Enough."',
        "Then silence...",
        "And then we talked.",
    ]


def test_it_does_not_split_before_a_lowercase_word():
    text = "He waited... and waited. The U.S. system is odd. Etc. etc."
    assert _texts(text, "sentence") == ["He waited... and waited.", "The U.S. system is odd.", "Etc. etc."]


def test_it_keeps_numbered_list_markers_with_their_item():
    text = "Two steps:\n1. Listen first.\n2. Then ask."
    assert _texts(text, "sentence") == ["Two steps:\n1. Listen first.", "2. Then ask."]


def test_it_never_lets_a_sentence_cross_a_paragraph_break():
    text = "No full stop here\n\nNext paragraph. Second sentence"
    assert _texts(text, "sentence") == ["No full stop here", "Next paragraph.", "Second sentence"]


def test_it_counts_offsets_in_code_points_with_emoji_and_combining_marks():
    # "😀" is one code point, "👩‍⚕️" four (woman, ZWJ, staff of Aesculapius, VS16), "é" two (e + U+0301).
    text = "I smiled 😀. The 👩\u200d⚕\ufe0f was cafe\u0301 tired. End."
    units = split_units(text=text, granularity="sentence")
    assert [u.text(text) for u in units] == [
        "I smiled 😀.",
        "The 👩\u200d⚕\ufe0f was cafe\u0301 tired.",
        "End.",
    ]
    assert (units[0].start, units[0].end) == (0, 11)
    assert (units[1].start, units[1].end) == (12, 12 + len("The 👩\u200d⚕\ufe0f was cafe\u0301 tired."))
    assert units[2].start == text.index("End.")


def test_it_splits_right_to_left_and_caseless_scripts():
    text = "הרופא הקשיב. המטופל שתק.\n\nهل فهمت؟ نعم.\n\n我很累。我们谈了。"
    units = split_units(text=text, granularity="sentence")
    assert [u.text(text) for u in units] == [
        "הרופא הקשיב.",
        "המטופל שתק.",
        "هل فهمت؟",
        "نعم.",
        "我很累。",
        "我们谈了。",
    ]
    assert all(text[u.start : u.end] == u.text(text) for u in units)
    assert units[2].start == text.index("هل")


def test_it_refuses_an_unknown_granularity():
    with pytest.raises(ValueError):
        split_units(text="Hi.", granularity="word")


def test_it_maps_spans_to_every_unit_they_touch_by_one_character():
    text = "First sentence. Second sentence. Third sentence."
    units = split_units(text=text, granularity="sentence")
    spans = [
        CodedSpan(start=14, end=17, theme_id="trust", coder="ana"),  # "e. " crosses units 0 and 1
        CodedSpan(start=33, end=38, theme_id="anger", coder="ben"),
    ]
    result = themes_by_unit(units=units, spans=spans)
    assert result == {
        "ana": {0: {"trust"}, 1: {"trust"}, 2: set()},
        "ben": {0: set(), 1: set(), 2: {"anger"}},
    }


def test_it_does_not_count_a_span_that_only_touches_a_unit_boundary():
    text = "One. Two."
    units = split_units(text=text, granularity="sentence")
    spans = [
        CodedSpan(start=0, end=4, theme_id="t", coder="ana"),
        CodedSpan(start=4, end=5, theme_id="u", coder="ana"),
    ]
    assert themes_by_unit(units=units, spans=spans) == {"ana": {0: {"t"}, 1: set()}}


def test_it_applies_a_minimum_fraction_of_the_unit_over_merged_spans():
    text = "0123456789"
    units = split_units(text=text, granularity="source")
    short = [CodedSpan(start=0, end=3, theme_id="t", coder="ana")]
    halves = [
        CodedSpan(start=0, end=3, theme_id="t", coder="ana"),
        CodedSpan(start=2, end=6, theme_id="t", coder="ana"),
    ]
    assert themes_by_unit(units=units, spans=short, min_overlap=0.5) == {"ana": {0: set()}}
    assert themes_by_unit(units=units, spans=halves, min_overlap=0.5) == {"ana": {0: {"t"}}}
    assert themes_by_unit(units=units, spans=short) == {"ana": {0: {"t"}}}


def test_it_lists_coders_who_applied_nothing_with_empty_units():
    units = split_units(text="One. Two.", granularity="sentence")
    result = themes_by_unit(units=units, spans=[], coders=["ana", "ben"])
    assert result == {"ana": {0: set(), 1: set()}, "ben": {0: set(), 1: set()}}


def test_it_refuses_a_bad_span_or_fraction():
    units = split_units(text="One.", granularity="source")
    with pytest.raises(ValueError):
        themes_by_unit(units=units, spans=[CodedSpan(start=3, end=1, theme_id="t", coder="ana")])
    with pytest.raises(ValueError):
        themes_by_unit(units=units, spans=[], min_overlap=1.5)
