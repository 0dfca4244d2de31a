import io

import docx
import pytest
from pypdf import PdfWriter

from balint.coding import services
from balint.coding.models import Source
from balint.core.errors import ApplicationError
from balint.core.uploads import DOCUMENT_MB, MB
from balint.meetings.models import MeetingNote


def _docx(*paragraphs: str) -> bytes:
    document = docx.Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _import(world, name: str, data: bytes) -> Source:
    return services.source_import(program=world.program, name=name, data=data, created_by=world.leader)


def test_it_imports_text_markdown_and_word_documents(world):
    assert _import(world, "a.txt", "Café 👋\r\nline two".encode()).text == "Café 👋\nline two"
    assert _import(world, "b.md", b"# Notes\n\nText").text == "# Notes\n\nText"
    source = _import(world, "c.docx", _docx("First paragraph.", "", "Second: שלום"))
    assert source.text == "First paragraph.\n\nSecond: שלום"
    assert source.kind == Source.Kind.DOCUMENT and not source.deidentified


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("notes.rtf", b"{\\rtf1}", "not a supported"),
        ("broken.docx", b"PK\x03\x04 not really a zip", "could not be read as a Word"),
        ("broken.pdf", b"%PDF-1.4 garbage", "could not be read as a PDF|no text"),
        ("latin1.txt", "Café".encode("latin-1"), "not UTF-8"),
        ("empty.txt", b"", "empty"),
        ("blank.txt", b"  \n ", "no text"),
    ],
)
def test_it_refuses_unsupported_or_corrupt_uploads_and_adds_nothing(world, name, data, message):
    with pytest.raises(ApplicationError, match=message):
        _import(world, name, data)
    assert not Source.objects.exists()


def test_it_refuses_an_oversized_upload(world):
    with pytest.raises(ApplicationError, match="limit"):
        _import(world, "big.txt", b"a" * (DOCUMENT_MB * MB + 1))
    assert not Source.objects.exists()


def test_it_refuses_a_pdf_without_a_text_layer(world):
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    buffer = io.BytesIO()
    writer.write(buffer)
    with pytest.raises(ApplicationError, match="no text"):
        _import(world, "scan.pdf", buffer.getvalue())
    assert not Source.objects.exists()


def test_it_sends_a_session_note_once_with_residents_names_redacted(world):
    note = MeetingNote.objects.get(meeting=world.past_meeting)
    note.content = "Rita Resident presented; Remy was quiet."
    note.save()
    source = services.source_from_note(note=note, created_by=world.leader)
    assert "Rita" not in source.text and "Remy" not in source.text
    assert "[NAME] presented; [NAME] was quiet." in source.text
    assert source.group == world.group and source.deidentified
    with pytest.raises(ApplicationError, match="already in the analysis"):
        services.source_from_note(note=note, created_by=world.leader)


def test_it_offers_other_apps_a_source_create_service(world):
    source = services.source_create(
        program=world.program,
        kind=Source.Kind.TRANSCRIPT,
        title="Needs assessment",
        text="Answer one.",
        attributes={"training year": "PGY-2"},
        cohort=world.cohort,
        origin="surveys.transcript:1",
    )
    assert source.attributes == {"training year": "PGY-2"}
    with pytest.raises(ApplicationError):
        services.source_create(program=world.program, kind="poem", title="x", text="y")
    with pytest.raises(ApplicationError):
        services.source_create(
            program=world.other_program, kind=Source.Kind.TRANSCRIPT, title="x", text="y", group=world.group
        )
