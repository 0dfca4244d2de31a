"""Memo links go out as NoteRefs (XSD-valid) and come back as the same links in another program."""

import io
import zipfile

import pytest
from lxml import etree

from balint.coding import services
from balint.coding.models import Memo
from balint.coding.services import MemoLinks
from balint.coding.tests.factories import world_analysis
from balint.exchange import qda
from balint.exchange.refi_qda.tests.helpers import official_schema
from balint.programs.models import Program

pytestmark = pytest.mark.django_db
STAYS = ("memo", "passage", "round")  # no object the REFI-QDA writer may refer a note to: kept in Balint only


def _linked(world) -> Memo:
    a = world_analysis(world)
    later = services.memo_create(program=world.program, author=world.leader, title="Later", body="After.")
    return services.memo_create(
        program=world.program,
        author=world.leader,
        title="Linked",
        body="About many things.",
        theme=a.theme,
        links=MemoLinks(
            memos=[a.memo, later],
            sources=[a.source],
            themes=[a.other_theme],
            codings=[a.coding],
            passages=[(a.source, 4, 20)],
            rounds=[a.round],
        ),
    )


def _export(program) -> bytes:
    return qda.qdpx_export(program=program, scope=qda.export_scope(program))


def _subjects(memo: Memo) -> set[tuple[str, str]]:
    names = set()
    for link in memo.links.select_related("source", "theme", "coding__theme").exclude(kind__in=STAYS):
        if link.kind == "source":
            names.add(("source", link.source.title))
        elif link.kind == "theme":
            names.add(("theme", link.theme.name))
        else:
            names.add(("coding", f"{link.coding.theme.name} {link.coding.start}-{link.coding.end}"))
    return names


def test_it_writes_a_memos_links_as_noterefs_valid_against_the_schema(world):
    memo = _linked(world)
    with zipfile.ZipFile(io.BytesIO(_export(world.program))) as archive:
        document = etree.fromstring(archive.read("project.qde"))
    official_schema("Project-mrt2019.xsd").assertValid(document)
    ns = {"q": "urn:QDA-XML:project:1.0"}
    note = next(n for n in document.findall("q:Notes/q:Note", ns) if n.get("name") == "Linked")
    # REFI-QDA puts a NoteRef inside what the note is about, pointing at the note.
    about = [
        ref.getparent()
        for ref in document.iter("{urn:QDA-XML:project:1.0}NoteRef")
        if ref.get("targetGUID") == note.get("guid")
    ]
    assert len(about) == 4  # the home theme, a source, a theme, a coding's selection
    assert sorted(etree.QName(e).localname for e in about) == [
        "Code",
        "Code",
        "PlainTextSelection",
        "TextSource",
    ]
    assert str(memo.theme.code) in {e.get("guid") for e in about}


def test_it_brings_memo_links_back_into_another_program(world):
    memo = _linked(world)
    other = Program.objects.create(name="Elsewhere", slug="elsewhere", institution="Other")
    qda.refi_import(program=other, data=_export(world.program), file_format="qdpx", deidentified=True)
    imported = Memo.objects.get(program=other, title="Linked")
    assert imported.theme.name == memo.theme.name  # the home stays the home
    expected = _subjects(memo)
    assert _subjects(imported) == expected and len(expected) == 3
    again = qda.refi_import(program=other, data=_export(world.program), file_format="qdpx", deidentified=True)
    assert again.memos_new == 0 and imported.links.count() == len(expected)
