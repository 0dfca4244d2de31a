"""<Links> between objects: written valid against the schema, read back as written, refused when dangling."""

from __future__ import annotations

import io
import zipfile

import pytest
from lxml import etree

from balint.exchange.refi_qda import Link, RefiQdaError, qdpx_bytes, read_qdpx

from .helpers import NOTE_FREE, NOTE_SELECTION, SEL_RTL, official_schema, sample_project

NOTE_TO_NOTE = "7e0c1d2a-3b4c-4d5e-8f60-718293a4b5c6"
NOTE_TO_SELECTION = "8f1d2e3b-4c5d-4e6f-9071-8293a4b5c6d7"


def _linked_project():
    project = sample_project()
    project.links = [
        Link(
            guid=NOTE_TO_NOTE,
            origin_guid=NOTE_FREE,
            target_guid=NOTE_SELECTION,
            name="see",
            direction="OneWay",
        ),
        Link(guid=NOTE_TO_SELECTION, origin_guid=NOTE_FREE, target_guid=SEL_RTL),
    ]
    return project


def test_it_writes_links_in_the_projects_links_element_valid_against_the_schema():
    data = qdpx_bytes(_linked_project())
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        document = etree.fromstring(archive.read("project.qde"))
    official_schema("Project-mrt2019.xsd").assertValid(document)
    ns = {"q": "urn:QDA-XML:project:1.0"}
    links = document.findall("q:Links/q:Link", ns)
    assert [dict(link.attrib) for link in links] == [
        {
            "guid": NOTE_TO_NOTE,
            "name": "see",
            "direction": "OneWay",
            "originGUID": NOTE_FREE,
            "targetGUID": NOTE_SELECTION,
        },
        {"guid": NOTE_TO_SELECTION, "originGUID": NOTE_FREE, "targetGUID": SEL_RTL},
    ]


def test_it_reads_links_back_as_they_were_written():
    result = read_qdpx(qdpx_bytes(_linked_project()))
    assert result.project.links == _linked_project().links
    assert not [part for part in result.unsupported if part.kind == "Link"]


def test_it_refuses_to_write_a_link_to_an_object_outside_the_project():
    project = _linked_project()
    project.links.append(
        Link(guid="9a2e3f4c-5d6e-4f70-8182-93a4b5c6d7e8", origin_guid=NOTE_FREE, target_guid=NOTE_TO_NOTE)
    )  # a link is not an end
    with pytest.raises(RefiQdaError, match="not part of this project"):
        qdpx_bytes(project)
    project.links[-1] = Link(
        guid="9a2e3f4c-5d6e-4f70-8182-93a4b5c6d7e8",
        origin_guid=NOTE_FREE,
        target_guid="0b3f4a5d-6e7f-4081-9293-a4b5c6d7e8f9",
    )
    with pytest.raises(RefiQdaError, match="not part of this project"):
        qdpx_bytes(project)
