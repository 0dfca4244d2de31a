"""Importing the same file twice adds nothing, for every kind of object; export works whatever import made."""

import datetime

import pytest

from balint.coding.models import Coding, Memo, Source, Theme
from balint.exchange import qda
from balint.exchange.models import GuidLink
from balint.exchange.refi_qda import read_qdpx
from balint.exchange.refi_qda.tests import helpers
from balint.exchange.tests.factories import build_analysis
from balint.programs.models import Person, Program


@pytest.fixture
def target(db):
    return Program.objects.create(name="Target", slug="target", institution="T")


def _everything(program):
    counts = qda.theme_counts(program)
    counts["users"] = Person.objects.count()
    return counts


def test_it_adds_nothing_when_an_nvivo_file_is_imported_twice_and_still_exports(target, world):
    first = qda.refi_import(program=target, data=helpers.nvivo_emoji_qdpx(), file_format="qdpx")
    assert (first.themes_new, first.sources_new, first.codings_new, first.memos_new, first.coders_new) == (
        1,
        1,
        5,
        1,
        1,
    )
    before = _everything(target)
    again = qda.refi_import(program=target, data=helpers.nvivo_emoji_qdpx(), file_format="qdpx")
    assert _everything(target) == before
    assert (again.themes_new, again.sources_new, again.codings_new, again.memos_new, again.coders_new) == (
        0,
        0,
        0,
        0,
        0,
    )
    assert (again.codings_already, again.memos_already, again.coders_matched) == (5, 1, 1)
    # The export works and carries each GUID once.
    exported = read_qdpx(qda.qdpx_export(program=target, scope=qda.export_scope(target))).project
    assert [u.name for u in exported.users] == ["Nadia Nvivo"]


def test_it_keeps_the_texts_dates_and_creators_from_the_file(target):
    qda.refi_import(program=target, data=helpers.nvivo_emoji_qdpx(), file_format="qdpx")
    source = Source.objects.get(program=target)
    assert source.created_at == datetime.datetime(2019, 5, 2, 9, 30, tzinfo=datetime.UTC)
    codings = list(Coding.objects.filter(source=source).select_related("coder").order_by("start"))
    assert sorted(c.quote for c in codings) == sorted(helpers.EMOJI_FRAGMENTS)
    assert all(source.text[c.start : c.end] == c.quote for c in codings)
    assert {c.coder.full_name for c in codings} == {"Nadia Nvivo"}
    assert {c.created_at for c in codings} == {datetime.datetime(2019, 6, 7, 3, 36, 36, tzinfo=datetime.UTC)}
    memo = Memo.objects.get(program=target)
    assert memo.body == "Helpless “again” 😔" and memo.coding.quote == "helpless"


def test_it_adds_nothing_when_a_balint_export_is_imported_twice_with_memos_and_attributes(world, target):
    build_analysis(world)
    data = qda.qdpx_export(program=world.program, scope=qda.export_scope(world.program))
    qda.refi_import(program=target, data=data, file_format="qdpx")
    before = _everything(target)
    summary = qda.refi_import(program=target, data=data, file_format="qdpx")
    assert _everything(target) == before
    assert summary.codings_new == summary.memos_new == summary.coders_new == summary.sources_new == 0
    # A GUID with upper case matches the same objects.
    qda.refi_import(program=target, data=_upper_case_guids(data), file_format="qdpx")
    assert _everything(target) == before


def _upper_case_guids(data: bytes) -> bytes:
    import io
    import re
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as copy:
        for info in source.infolist():
            content = source.read(info)
            if info.filename == "project.qde":
                content = re.sub(
                    rb'"([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})"',
                    lambda m: b'"{' + m.group(1).upper() + b'}"',
                    content,
                )
            copy.writestr(info, content)
    return out.getvalue()


def test_it_exports_even_when_two_objects_were_linked_to_one_guid(world, target):
    qda.refi_import(program=target, data=helpers.nvivo_emoji_qdpx(), file_format="qdpx")
    imported = Person.objects.get(full_name="Nadia Nvivo")
    assert str(imported.code) == helpers.NVIVO_USER
    # Another import linked a theme to the same GUID: before, the writer refused "GUID ... is used twice".
    theme = Theme.objects.get(program=target)
    GuidLink.objects.create(
        program=target, kind="theme", object_code=theme.code, guid=helpers.NVIVO_USER.upper()
    )
    project = read_qdpx(qda.qdpx_export(program=target, scope=qda.export_scope(target))).project
    guids = [u.guid for u in project.users] + [c.guid for c in project.iter_codes()]
    assert len(guids) == len(set(guids)) == 2 and helpers.NVIVO_USER in guids


def test_it_writes_memos_as_text_files_and_balint_fields_apart_from_memo_text(world):
    build_analysis(world)
    data = qda.qdpx_export(program=world.program, scope=qda.export_scope(world.program))
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        qde = archive.read("project.qde").decode()
        names = archive.namelist()
    assert "[Balint]" not in qde and "PlainTextContent" not in qde
    assert "balint.json" in names
    project = read_qdpx(data).project
    for note in project.notes:
        assert f"sources/{note.guid}.txt" in names
    assert qde == qde.lower() or all(
        g == g.lower() for g in [u.guid for u in project.users] + [c.guid for c in project.iter_codes()]
    )
