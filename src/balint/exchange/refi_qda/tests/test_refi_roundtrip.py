"""What the writer exports, the reader imports unchanged, field by field, offsets included."""

from __future__ import annotations

import dataclasses

from hypothesis import given, settings
from hypothesis import strategies as st

from balint.exchange.refi_qda import (
    Code,
    Coding,
    PlainTextSelection,
    Project,
    TextSource,
    new_guid,
    qdc_bytes,
    qdpx_bytes,
    read_qdc,
    read_qdpx,
)

from .helpers import SEL_COMBINING, SEL_EMOJI, SEL_RTL, sample_project


def _assert_same(expected, actual, path="project"):
    """Compare dataclasses field by field so a failure names the field that differs."""
    if dataclasses.is_dataclass(expected):
        assert type(expected) is type(actual), path
        for field in dataclasses.fields(expected):
            _assert_same(getattr(expected, field.name), getattr(actual, field.name), f"{path}.{field.name}")
    elif isinstance(expected, list):
        assert len(expected) == len(actual), path
        for index, (left, right) in enumerate(zip(expected, actual, strict=True)):
            _assert_same(left, right, f"{path}[{index}]")
    else:
        assert expected == actual, path


def test_it_reads_back_every_field_the_writer_wrote():
    project = sample_project()
    result = read_qdpx(qdpx_bytes(project))
    assert result.unsupported == []
    assert result.warnings == []
    _assert_same(project, result.project)


def test_it_keeps_offsets_of_emoji_rtl_and_combining_marks_as_code_points():
    project = sample_project()
    source = read_qdpx(qdpx_bytes(project)).project.sources[0]
    covered = {
        selection.guid: source.text[selection.start : selection.end] for selection in source.selections
    }
    assert covered[SEL_EMOJI] == "👩🏽‍⚕️ presented"
    assert covered[SEL_RTL] == "שלום עליכם"
    assert covered[SEL_COMBINING] == "Cafe\u0301"
    assert "\r\n" in source.text  # line endings are kept, so offsets after them still match


def test_it_exports_identical_bytes_after_a_round_trip():
    first = qdpx_bytes(sample_project())
    assert qdpx_bytes(read_qdpx(first).project) == first


def test_it_round_trips_a_codebook():
    project = sample_project()
    result = read_qdc(qdc_bytes(project))
    _assert_same(project.codes, result.project.codes, "codes")


def test_it_makes_guids_canonical_on_the_way_back():
    project = sample_project()
    project.codes[0].guid = "{" + project.codes[0].guid.lower() + "}"
    for selection in project.sources[0].selections:
        for coding in selection.codings:
            if coding.code_guid.upper() == project.codes[0].guid.strip("{}").upper():
                coding.code_guid = project.codes[0].guid
    back = read_qdpx(qdpx_bytes(project)).project
    assert back.codes[0].guid == sample_project().codes[0].guid


_text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=80)


@settings(max_examples=60, deadline=None)
@given(text=_text, cuts=st.lists(st.tuples(st.integers(0, 80), st.integers(0, 80)), max_size=4), name=_text)
def test_it_round_trips_any_text_and_any_selection_within_it(text, cuts, name):
    code = Code(guid=new_guid(), name="c", color="#123ABC")
    selections = [
        PlainTextSelection(
            guid=new_guid(),
            start=min(a, b) % (len(text) + 1),
            end=max(a, b) % (len(text) + 1),
            codings=[Coding(code_guid=code.guid, guid=new_guid())],
        )
        for a, b in cuts
    ]
    selections = [s for s in selections if s.start <= s.end]
    source = TextSource(guid=new_guid(), name="source", text=text, selections=selections)
    project = Project(name="fuzz", codes=[code], sources=[source])
    back = read_qdpx(qdpx_bytes(project)).project
    assert back.sources[0].text == text
    assert [(s.start, s.end) for s in back.sources[0].selections] == [(s.start, s.end) for s in selections]
    assert [text[s.start : s.end] for s in back.sources[0].selections] == [
        text[s.start : s.end] for s in selections
    ]
    if "\x00" not in name and all(ch in "\t\n\r" or ord(ch) >= 0x20 for ch in name):
        code.name = name
        assert read_qdpx(qdpx_bytes(project)).project.codes[0].name == name
