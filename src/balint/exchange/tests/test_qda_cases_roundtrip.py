"""Cases and attributes go out as REFI-QDA Variables and Cases (XSD-valid) and come back unchanged."""

import datetime
import io
import zipfile

import pytest
from lxml import etree

from balint.coding.models import Attribute, Case, CaseSpan, Source
from balint.coding.services.attributes import attribute_create, attribute_values_set
from balint.coding.services.cases import CasePart, source_create_with_cases
from balint.coding.tests.factories import make_source
from balint.exchange import qda
from balint.exchange.refi_qda.tests.helpers import official_schema
from balint.programs.models import Program

pytestmark = pytest.mark.django_db


def _analysis(world) -> None:
    rotation = attribute_create(
        program=world.program, name="Rotation", type="choice", choices=["ICU", "Clinic"]
    )
    attribute_create(program=world.program, name="Residents present", type="number")
    note = make_source(world.program, group=world.group, title="Tuesday session")
    attribute_values_set(row=note, values={rotation.name: "ICU", "Residents present": "6"})
    source = source_create_with_cases(
        program=world.program,
        kind=Source.Kind.TRANSCRIPT,
        title="End of year, question 1",
        parts=[
            CasePart(origin="test:a", name="End of year, respondent 1A2B3C", text="It helps me think."),
            CasePart(origin="test:b", name="End of year, respondent 4D5E6F", text="I would like strategies."),
        ],
        date=datetime.date(2025, 6, 30),
        group=world.group,
    )
    case = CaseSpan.objects.filter(source=source).order_by("start").first().case
    attribute_values_set(row=case, values={"Rotation": "Clinic"})


def _export(program) -> bytes:
    return qda.qdpx_export(program=program, scope=qda.export_scope(program))


def _cases(program):
    return sorted(
        (
            c.name,
            c.kind,
            c.date,
            c.attributes,
            sorted(
                (s.source.title, s.source.text[s.start : s.end]) for s in c.spans.select_related("source")
            ),
        )
        for c in Case.objects.filter(program=program)
    )


def test_it_writes_cases_and_variables_valid_against_the_schema(world):
    _analysis(world)
    with zipfile.ZipFile(io.BytesIO(_export(world.program))) as archive:
        document = etree.fromstring(archive.read("project.qde"))
    official_schema("Project-mrt2019.xsd").assertValid(document)
    ns = {"q": "urn:QDA-XML:project:1.0"}
    names = {v.get("name") for v in document.findall("q:Variables/q:Variable", ns)}
    assert {"Rotation", "Residents present", "Case kind"} <= names
    cases = document.findall("q:Cases/q:Case", ns)
    assert len(cases) == 2 and all(len(c.findall("q:SelectionRef", ns)) == 1 for c in cases)


def test_it_brings_cases_attributes_and_passages_back_into_another_program(world):
    _analysis(world)
    other = Program.objects.create(name="Elsewhere", slug="elsewhere", institution="Other")
    qda.refi_import(program=other, data=_export(world.program), file_format="qdpx", deidentified=True)
    assert _cases(other) == _cases(world.program)
    assert {(a.name, a.type, tuple(a.choices)) for a in Attribute.objects.filter(program=other)} == {
        ("Rotation", "choice", ("ICU", "Clinic")),
        ("Residents present", "number", ()),
    }
    note = Source.objects.get(program=other, title="Tuesday session")
    assert note.attributes == {"Rotation": "ICU", "Residents present": "6"}
    again = qda.refi_import(program=other, data=_export(world.program), file_format="qdpx", deidentified=True)
    assert again.cases_new == 0 and again.cases_matched == 2
    assert Case.objects.filter(program=other).count() == 2
    assert CaseSpan.objects.filter(case__program=other).count() == 2
