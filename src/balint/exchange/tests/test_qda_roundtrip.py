"""Export then import into an empty program gives the same sources, themes, codings, memos, field by field."""

import pytest

from balint.coding.models import Coding, Memo, Source, Theme
from balint.exchange import qda
from balint.exchange.refi_qda import read_qdpx
from balint.exchange.tests.factories import build_analysis
from balint.programs.models import Program


def _themes(program):
    return sorted(
        (
            t.name,
            t.parent.name if t.parent else None,
            t.colour.lower(),
            t.definition,
            t.inclusion,
            t.exclusion,
            t.example,
            t.category.name if t.category else None,
        )
        for t in Theme.objects.filter(program=program, active=True).select_related("parent", "category")
    )


def _sources(program):
    return sorted(
        (s.title, s.kind, s.text, s.date, s.attributes, s.deidentified)
        for s in Source.objects.filter(program=program)
    )


def _codings(program):
    return sorted(
        (c.source.title, c.theme.name, c.coder.full_name, c.start, c.end, c.quote, c.perspective)
        for c in Coding.objects.filter(source__program=program).select_related("source", "theme", "coder")
    )


def _memos(program):
    return sorted(
        (
            m.title,
            m.body,
            m.author.full_name,
            m.source.title if m.source else None,
            m.theme.name if m.theme else None,
            m.coding.quote if m.coding else None,
        )
        for m in Memo.objects.filter(program=program).select_related("author", "source", "theme", "coding")
    )


@pytest.fixture
def empty_program(db):
    return Program.objects.create(name="Empty", slug="empty", institution="Elsewhere")


def test_it_round_trips_sources_themes_codings_and_memos_field_by_field(world, empty_program):
    build_analysis(world)
    data = qda.qdpx_export(program=world.program, scope=qda.export_scope(world.program))
    summary = qda.refi_import(program=empty_program, data=data, file_format="qdpx")
    assert summary.committed and summary.codings_new == 5 and not summary.warnings
    assert _themes(empty_program) == _themes(world.program)
    assert _sources(empty_program) == _sources(world.program)
    assert _codings(empty_program) == _codings(world.program)
    assert _memos(empty_program) == _memos(world.program)


def test_it_keeps_the_guids_when_the_imported_program_is_exported_again(world, empty_program):
    build_analysis(world)
    data = qda.qdpx_export(program=world.program, scope=qda.export_scope(world.program))
    qda.refi_import(program=empty_program, data=data, file_format="qdpx")
    again = qda.qdpx_export(program=empty_program, scope=qda.export_scope(empty_program))
    original, copy = read_qdpx(data).project, read_qdpx(again).project
    assert sorted(c.guid for c in copy.iter_codes()) == sorted(c.guid for c in original.iter_codes())
    assert sorted(s.guid for s in copy.sources) == sorted(s.guid for s in original.sources)
    assert sorted(sel.guid for s in copy.sources for sel in s.selections) == sorted(
        sel.guid for s in original.sources for sel in s.selections
    )
    assert sorted(n.guid for n in copy.notes) == sorted(n.guid for n in original.notes)
    assert sorted(u.guid for u in copy.users) == sorted(u.guid for u in original.users)


def test_it_adds_nothing_when_the_same_file_is_imported_twice(world, empty_program):
    build_analysis(world)
    data = qda.qdpx_export(program=world.program, scope=qda.export_scope(world.program))
    qda.refi_import(program=empty_program, data=data, file_format="qdpx")
    before = qda.theme_counts(empty_program)
    summary = qda.refi_import(program=empty_program, data=data, file_format="qdpx")
    assert qda.theme_counts(empty_program) == before
    assert summary.codings_already == 5 and summary.themes_matched == 3 and summary.sources_matched == 2


def test_it_round_trips_the_codebook_alone(world, empty_program):
    # A .qdc is one XML file with no room for Balint's own fields (category, when to use, example): they
    # travel in a .qdpx only, and never as text in the description other tools show.
    build_analysis(world)
    codebook = qda.qdc_export(program=world.program)
    assert b"[Balint]" not in codebook
    qda.refi_import(program=empty_program, data=codebook, file_format="qdc")
    assert [t[:4] for t in _themes(empty_program)] == [t[:4] for t in _themes(world.program)]
    assert not Source.objects.filter(program=empty_program).exists()
