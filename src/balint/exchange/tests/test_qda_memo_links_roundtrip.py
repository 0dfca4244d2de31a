"""Every kind of memo link goes out in the .qdpx (XSD-valid) and comes back as the same link elsewhere.

Sources, themes, codings and other memos' notes carry a NoteRef to the note; a passage is an uncoded
selection of that stretch with a NoteRef and a <Link> from the note (NVivo's annotation form); rounds (which
REFI-QDA has no place for) and which references are the memo's home travel in balint.json.
"""

import datetime
import io
import json
import subprocess
import zipfile

import pytest
from lxml import etree

from balint.coding import services
from balint.coding.models import Memo
from balint.coding.services import MemoLinks
from balint.coding.tests.factories import make_source, world_analysis
from balint.exchange import qda
from balint.exchange.refi_qda.tests.helpers import make_zip, official_schema
from balint.programs.access import roles_for
from balint.programs.models import Program

pytestmark = pytest.mark.django_db
Q = "{urn:QDA-XML:project:1.0}"


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


def _document(data: bytes) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return etree.fromstring(archive.read("project.qde"))


def _subjects(memo: Memo) -> set[tuple]:
    """Every link of the memo in words that do not depend on the program (titles, names, spans, numbers)."""
    names = set()
    for link in memo.links.select_related("to_memo", "source", "theme", "coding__theme", "analysis_round"):
        if link.kind == "memo":
            names.add(("memo", link.to_memo.title))
        elif link.kind == "source":
            names.add(("source", link.source.title))
        elif link.kind == "passage":
            names.add(("passage", link.source.title, link.start, link.end, link.quote))
        elif link.kind == "theme":
            names.add(("theme", link.theme.name))
        elif link.kind == "coding":
            names.add(("coding", link.coding.theme.name, link.coding.start, link.coding.end))
        else:
            names.add(("round", link.analysis_round.number))
    return names


def _home(memo: Memo) -> tuple:
    return (
        memo.source.title if memo.source_id else None,
        memo.theme.name if memo.theme_id else None,
        (memo.coding.theme.name, memo.coding.start) if memo.coding_id else None,
    )


def _other_program(number_of_rounds: int = 1) -> Program:
    other = Program.objects.create(name="Elsewhere", slug="elsewhere", institution="Other")
    for _ in range(number_of_rounds):
        services.round_open(program=other, started_on=datetime.date(2025, 1, 1))
    return other


def test_it_writes_every_kind_of_memo_link_valid_against_the_schema(world):
    memo = _linked(world)
    data = _export(world.program)
    document = _document(data)
    official_schema("Project-mrt2019.xsd").assertValid(document)
    note = next(n for n in document.iter(f"{Q}Note") if n.get("name") == "Linked")
    guid = note.get("guid")
    # REFI-QDA puts a NoteRef inside what the note is about, pointing at the note.
    about = [ref.getparent() for ref in document.iter(f"{Q}NoteRef") if ref.get("targetGUID") == guid]
    # the home theme, a theme, a coding's selection, the passage's own uncoded selection, and the notes of
    # the two memos it links to (the source is a <Link>: QualCoder drops a note referenced from a source)
    assert sorted(etree.QName(e).localname for e in about) == [
        "Code",
        "Code",
        "Note",
        "Note",
        "PlainTextSelection",
        "PlainTextSelection",
    ]
    assert sorted(e.get("name") for e in about if etree.QName(e).localname == "Note") == [
        "First thoughts",
        "Later",
    ]
    passage = next(e for e in about if e.get("name") == "Memo passage")
    assert (passage.get("startPosition"), passage.get("endPosition")) == ("4", "20")
    assert passage.find(f"{Q}Coding") is None  # a passage, not a coding
    # The source and the passage are <Link>s from the note (the passage's is how NVivo writes an annotation
    # and QualCoder reads one); no <Link> joins two notes (QualCoder would drop the target note).
    source = next(s for s in document.iter(f"{Q}TextSource") if s.get("name") == "Session note")
    links = [dict(link.attrib) for link in document.iter(f"{Q}Link")]
    assert links == [
        {
            "guid": link["guid"],
            "name": "Memo link",
            "direction": "OneWay",
            "originGUID": guid,
            "targetGUID": target,
        }
        for link, target in zip(links, [source.get("guid"), passage.get("guid")], strict=True)
    ]
    # The round and which reference is the home go to balint.json.
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        extensions = json.loads(archive.read("balint.json"))["objects"]
    assert extensions[guid] == {"about": str(memo.theme.code), "rounds": "1"}


def test_it_brings_every_memo_link_back_into_another_program(world):
    memo = _linked(world)
    expected = _subjects(memo)
    assert {subject[0] for subject in expected} == {"memo", "source", "passage", "theme", "coding", "round"}
    other = _other_program()
    summary = qda.refi_import(
        program=other, data=_export(world.program), file_format="qdpx", deidentified=True
    )
    assert summary.committed and not summary.warnings
    imported = Memo.objects.get(program=other, title="Linked")
    assert _home(imported) == _home(memo)  # the home stays the home
    assert _subjects(imported) == expected
    assert imported.links.get(kind="round").analysis_round.program == other
    again = qda.refi_import(program=other, data=_export(world.program), file_format="qdpx", deidentified=True)
    assert again.memos_new == 0 and imported.links.count() == len(expected)


def test_it_keeps_a_memos_home_apart_from_its_links(world):
    a = world_analysis(world)
    free = services.memo_create(
        program=world.program,
        author=world.leader,
        title="Free",
        body="On the whole analysis, pointing at a source.",
        links=MemoLinks(sources=[a.source], themes=[a.theme]),
    )
    both = services.memo_create(
        program=world.program,
        author=world.leader,
        title="Both",
        body="Written on a source and a theme.",
        source=a.source,
        theme=a.other_theme,
        links=MemoLinks(codings=[a.coding], memos=[free]),
    )
    other = _other_program()
    qda.refi_import(program=other, data=_export(world.program), file_format="qdpx", deidentified=True)
    for memo in (free, both):
        imported = Memo.objects.get(program=other, title=memo.title)
        assert _home(imported) == _home(memo)
        assert _subjects(imported) == _subjects(memo)


def test_it_says_so_when_the_round_a_memo_links_to_is_missing(world):
    memo = _linked(world)
    other = _other_program(number_of_rounds=0)
    summary = qda.refi_import(
        program=other, data=_export(world.program), file_format="qdpx", deidentified=True
    )
    assert summary.committed
    assert any("analysis round 1" in warning for warning in summary.warnings)
    imported = Memo.objects.get(program=other, title="Linked")
    assert _subjects(imported) == {s for s in _subjects(memo) if s[0] != "round"}


TEXT = "Reflection came first, then anger at the rota."
NOTE_A = "aaaaaaaa-0000-4000-8000-000000000001"
NOTE_B = "aaaaaaaa-0000-4000-8000-000000000002"
SELECTION = "aaaaaaaa-0000-4000-8000-000000000003"
CODE_1 = "aaaaaaaa-0000-4000-8000-000000000004"
CODE_2 = "aaaaaaaa-0000-4000-8000-000000000005"
SOURCE = "aaaaaaaa-0000-4000-8000-000000000006"
USER = "aaaaaaaa-0000-4000-8000-000000000007"


def _other_tool() -> bytes:
    """A .qdpx as another tool might write links: note to selection, selection to note, code to code, note to
    note (also as a NoteRef inside a note), to a user, to a GUID that is nowhere, and one without ends."""
    start = TEXT.index("anger")
    qde = f"""<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="Links elsewhere" origin="ATLAS.ti Win 23.2">
  <Users><User guid="{USER}" name="R"/></Users>
  <CodeBook><Codes>
    <Code guid="{CODE_1}" name="Anger" isCodable="true"/>
    <Code guid="{CODE_2}" name="Rota" isCodable="true"/>
  </Codes></CodeBook>
  <Sources>
    <TextSource guid="{SOURCE}" name="Interview">
      <PlainTextContent>{TEXT}</PlainTextContent>
      <PlainTextSelection guid="{SELECTION}" startPosition="{start}" endPosition="{start + 5}"/>
    </TextSource>
  </Sources>
  <Notes>
    <Note guid="{NOTE_A}" name="Comment on anger">
      <PlainTextContent>Strong.</PlainTextContent>
      <NoteRef targetGUID="{NOTE_B}"/>
    </Note>
    <Note guid="{NOTE_B}" name="Second thought"><PlainTextContent>See the first.</PlainTextContent></Note>
  </Notes>
  <Links>
    <Link guid="bbbbbbbb-0000-4000-8000-000000000001" name="comments"
          originGUID="{NOTE_A}" targetGUID="{SELECTION}"/>
    <Link guid="bbbbbbbb-0000-4000-8000-000000000002" name="back"
          originGUID="{SELECTION}" targetGUID="{NOTE_B}"/>
    <Link guid="bbbbbbbb-0000-4000-8000-000000000003" name="is cause of"
          originGUID="{CODE_2}" targetGUID="{CODE_1}"/>
    <Link guid="bbbbbbbb-0000-4000-8000-000000000004" name="see" originGUID="{NOTE_B}" targetGUID="{NOTE_A}"
          direction="Bidirectional"/>
    <Link guid="bbbbbbbb-0000-4000-8000-000000000005" name="by" originGUID="{NOTE_B}" targetGUID="{USER}"/>
    <Link guid="bbbbbbbb-0000-4000-8000-000000000006" name="lost" originGUID="{NOTE_A}"
          targetGUID="cccccccc-0000-4000-8000-000000000000"/>
    <Link guid="bbbbbbbb-0000-4000-8000-000000000007" name="relates"/>
  </Links>
</Project>"""
    return make_zip({"project.qde": qde})


def test_it_takes_another_tools_note_links_and_says_what_it_leaves_out(world):
    official_schema("Project-mrt2019.xsd").assertValid(_document(_other_tool()))
    summary = qda.refi_import(
        program=world.program, data=_other_tool(), file_format="qdpx", deidentified=True
    )
    assert summary.committed and summary.memos_new == 2
    a = Memo.objects.get(program=world.program, title="Comment on anger")
    b = Memo.objects.get(program=world.program, title="Second thought")
    assert _subjects(a) == {("passage", "Interview", TEXT.index("anger"), TEXT.index("anger") + 5, "anger")}
    # a NoteRef inside note A and a <Link> both say B is about A: one link; the selection's back-link too
    assert _subjects(b) == {("memo", "Comment on anger"), ("passage", *sorted(_subjects(a))[0][1:])}
    left_out = {(part["name"], part["reason"]) for part in summary.unsupported if part["kind"] == "Link"}
    assert left_out == {
        ("is cause of", "Balint keeps links from memos only; this one joins two other objects."),
        ("lost", "It joins an object that is not in the file."),
        ("relates", "It does not say which two objects it joins."),
    }
    assert any("Second thought" in w and "does not keep" in w for w in summary.warnings)  # the link to a user
    again = qda.refi_import(program=world.program, data=_other_tool(), file_format="qdpx", deidentified=True)
    assert again.memos_new == 0 and a.links.count() == 1 and b.links.count() == 2


def test_an_analysts_export_carries_no_link_into_a_source_they_may_not_see(world):
    hidden = make_source(world.program, title="Named session", deidentified=False)
    visible = make_source(world.program, title="De-identified", deidentified=True)
    on_hidden = services.memo_create(
        program=world.program, author=world.leader, title="On the named one", body="x", source=hidden
    )
    services.memo_create(
        program=world.program,
        author=world.leader,
        title="Pointing",
        body="Free memo.",
        links=MemoLinks(memos=[on_hidden], passages=[(hidden, 4, 20), (visible, 4, 20)]),
    )
    scope = qda.export_scope(world.program, roles_for(world.analyst.user, world.program))
    document = _document(qda.qdpx_export(program=world.program, scope=scope))
    official_schema("Project-mrt2019.xsd").assertValid(document)
    assert [s.get("name") for s in document.iter(f"{Q}TextSource")] == ["De-identified"]
    assert {n.get("name") for n in document.iter(f"{Q}Note")} == {"Pointing"}
    passages = [s for s in document.iter(f"{Q}PlainTextSelection") if s.get("name") == "Memo passage"]
    assert [p.getparent().get("name") for p in passages] == ["De-identified"]
    links = document.findall(f"{Q}Links/{Q}Link")
    assert [link.get("targetGUID") for link in links] == [passages[0].get("guid")]
    # the note on the memo at home in the hidden source is not exported, nor a NoteRef to it
    note = next(n for n in document.iter(f"{Q}Note") if n.get("name") == "Pointing").get("guid")
    refs = [r.getparent() for r in document.iter(f"{Q}NoteRef") if r.get("targetGUID") == note]
    assert refs == passages


def test_pyqdpx_reads_an_export_carrying_every_kind_of_memo_link(world, tmp_path):
    """A reader we did not write still reads the codings; it skips the passage selection (no coding)."""
    from balint.exchange.tests.test_qda_other_readers import PYQDPX_SCRIPT, _pyqdpx_python

    python = _pyqdpx_python()
    memo = _linked(world)
    path = tmp_path / "export.qdpx"
    path.write_bytes(_export(world.program))
    done = subprocess.run(
        [python, "-c", PYQDPX_SCRIPT, str(path)], capture_output=True, text=True, timeout=120, check=True
    )
    found = json.loads(done.stdout.strip().splitlines()[-1])
    coding = memo.links.get(kind="coding").coding
    assert found == {"texts": [coding.quote], "codes": sorted([coding.theme.name, "Patient's experience"])}


def _qualcoder_reads(data: bytes, folder) -> dict:
    from balint.exchange.tests.test_qda_other_readers import _qualcoder, _qualcoder_import

    python, src = _qualcoder()
    got = _qualcoder_import(python, src, data, folder)
    assert got["messages"][-1]["title"] == "REFI-QDA Project import", got["log"]
    return got


def test_qualcoder_keeps_every_memo_and_reads_a_linked_passage_as_an_annotation(world, tmp_path):
    memo = _linked(world)
    scope = qda.export_scope(world.program)
    data = qda.qdpx_export(program=world.program, scope=scope, position_unit="codepoints")
    got = _qualcoder_reads(data, tmp_path / "qc")
    # no memo is lost: each becomes a journal (none here is on a whole source)
    assert {j["name"]: j["jentry"] for j in got["journals"]} == {
        m.title: m.body for m in Memo.objects.filter(program=world.program)
    }
    # the passage (a <Link> from the note to its uncoded selection) is an annotation with the memo's text
    assert [(a["pos0"], a["pos1"], a["memo"]) for a in got["annotations"]] == [(4, 20, memo.body)]


def test_qualcoder_would_drop_a_note_that_a_note_to_note_link_points_at(tmp_path):
    """Why a memo's link to another memo is a NoteRef inside the other note and not a <Link>."""
    from balint.exchange.refi_qda import Link, Note, Project, qdpx_bytes

    when = datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC)  # QualCoder needs a note's date
    first = Note(guid="aaaaaaaa-0000-4000-8000-0000000000a1", name="First", text="One.", created_at=when)
    second = Note(guid="aaaaaaaa-0000-4000-8000-0000000000a2", name="Second", text="Two.", created_at=when)
    link = Link(guid="aaaaaaaa-0000-4000-8000-0000000000a3", origin_guid=first.guid, target_guid=second.guid)
    as_link = Project(name="Links", notes=[first, second], links=[link])
    got = _qualcoder_reads(qdpx_bytes(as_link), tmp_path / "link")
    assert [j["name"] for j in got["journals"]] == ["First"]  # "Second" is gone
    first.refers_to = [second.guid]  # the form Balint writes: a NoteRef to "First" inside "Second"
    got = _qualcoder_reads(qdpx_bytes(Project(name="Refs", notes=[first, second])), tmp_path / "ref")
    assert [j["name"] for j in got["journals"]] == ["First", "Second"]
