"""Exports validate against the official REFI-QDA schemas, keep their GUIDs, never name coders to analysts."""

import io
import zipfile

from lxml import etree

from balint.exchange import qda
from balint.exchange.refi_qda import read_qdpx
from balint.exchange.refi_qda.tests.helpers import official_schema
from balint.exchange.tests.factories import build_analysis
from balint.programs.access import roles_for


def _qde(data: bytes) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return etree.fromstring(archive.read("project.qde"))


def test_it_exports_a_project_and_a_codebook_valid_against_the_official_schemas(world):
    build_analysis(world)
    project = qda.qdpx_export(program=world.program, scope=qda.export_scope(world.program))
    official_schema("Project-mrt2019.xsd").assertValid(_qde(project))
    codebook = qda.qdc_export(program=world.program)
    official_schema("Codebook-mrt2019.xsd").assertValid(etree.fromstring(codebook))


def test_it_exports_sources_hierarchy_colours_codings_memos_and_variables(world):
    made = build_analysis(world)
    result = read_qdpx(qda.qdpx_export(program=world.program, scope=qda.export_scope(world.program)))
    project = result.project
    feelings = next(c for c in project.codes if c.name == "Feelings toward patients")
    assert [c.name for c in feelings.children] == ["Anger"]
    assert feelings.color == "#AA3300" and feelings.guid == str(made["themes"][0].code).lower()
    assert "Old merged theme" not in [c.name for c in project.iter_codes()]
    assert sorted(s.name for s in project.sources) == ["Needs assessment answer 1", "Session 2025-03-04"]
    assert sum(len(s.selections) for s in project.sources) == 5
    assert {u.name for u in project.users} == {"Lee Leader", "Cora Coleader", "Ana Analyst"}
    assert len(project.notes) == 4
    survey = next(s for s in project.sources if s.name.startswith("Needs"))
    assert (
        survey.variables["question"] == "=1+1 purpose"
        and survey.variables[qda.VAR_KIND] == "survey_transcript"
    )


def test_it_keeps_every_guid_and_byte_the_same_across_exports(world):
    build_analysis(world)
    first = qda.qdpx_export(program=world.program, scope=qda.export_scope(world.program))
    second = qda.qdpx_export(program=world.program, scope=qda.export_scope(world.program))
    assert first == second


def test_it_gives_analysts_stable_pseudonyms_and_only_deidentified_sources(world):
    made = build_analysis(world)
    made["sources"][0].__class__.objects.filter(pk=made["sources"][0].pk).update(deidentified=False)
    roles = roles_for(world.analyst.user, world.program)
    scope = qda.export_scope(world.program, roles)
    assert scope.identities is False
    data = qda.qdpx_export(program=world.program, scope=scope)
    text = _qde(data)
    raw = etree.tostring(text).decode()
    for name in ("Lee Leader", "Cora Coleader", "Ana Analyst", "leader1", "analyst1"):
        assert name not in raw
    project = read_qdpx(data).project
    assert [s.name for s in project.sources] == ["Needs assessment answer 1"]
    assert all(u.name.startswith("Coder ") for u in project.users)
    again = read_qdpx(qda.qdpx_export(program=world.program, scope=scope)).project
    assert [u.guid for u in again.users] == [u.guid for u in project.users]
    assert str(world.analyst.code).lower() not in {u.guid for u in project.users}


def test_it_names_coders_to_leaders(world):
    build_analysis(world)
    scope = qda.export_scope(world.program, roles_for(world.leader.user, world.program))
    assert scope.identities is True
    names = {u.name for u in read_qdpx(qda.qdpx_export(program=world.program, scope=scope)).project.users}
    assert "Lee Leader" in names


def test_it_also_writes_a_memo_on_a_source_as_that_sources_description(world):
    """QualCoder reads a file's memo from its Description and drops a note referenced from a source."""
    build_analysis(world)
    project = read_qdpx(qda.qdpx_export(program=world.program, scope=qda.export_scope(world.program))).project
    descriptions = {s.name: s.description for s in project.sources}
    # The survey's memo; the note's memo is about a coding (and the theme memo about a theme), not the source.
    assert descriptions == {"Needs assessment answer 1": "On the survey\nShort.", "Session 2025-03-04": ""}
    survey = next(s for s in project.sources if s.name.startswith("Needs"))
    about = [n.name for n in project.notes if survey.guid.lower() in {r.lower() for r in n.refers_to}]
    assert about == ["On the survey"]  # the note stays too
