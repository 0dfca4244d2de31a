"""Builders shared by the REFI-QDA tests: a rich sample project, hand-made archives and the official XSDs.

The "imitation" files below are hand-made in the shapes NVivo, MAXQDA, QualCoder and older ATLAS.ti
write; they are not exports of those tools.
"""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, datetime
from functools import cache
from pathlib import Path

import docx
from lxml import etree

from balint.exchange.refi_qda import (
    Code,
    Coding,
    Note,
    PlainTextSelection,
    Project,
    TextSource,
    User,
    Variable,
)


def repo_root() -> Path:
    """Return the folder holding pyproject.toml (the clone), whatever the working directory."""
    here = Path(__file__).resolve()
    return next(parent for parent in here.parents if (parent / "pyproject.toml").exists())


SHARED = repo_root().parent / "shared" / "refi-qda"
SAMPLES = SHARED / "samples"


@cache
def official_schema(name: str) -> etree.XMLSchema:
    """Return the official REFI-QDA schema (Project-mrt2019.xsd or Codebook-mrt2019.xsd) from shared/."""
    return etree.XMLSchema(etree.parse(str(SHARED / name)))


ANN = "0F6C3A1E-2B7D-4C58-9E01-6A5B4C3D2E10"
BEN = "1A2B3C4D-5E6F-4A0B-8C1D-2E3F4A5B6C7D"
FEELINGS = "2C1A0E3B-7D64-4E2A-9B5C-0D1E2F3A4B5C"
ANGER = "3D2B1F4C-8E75-4F3B-8C6D-1E2F3A4B5C6D"
PURPOSE = "4E3C2A5D-9F86-4A4C-9D7E-2F3A4B5C6D7E"
SESSION = "5F4D3B6E-0A97-4B5D-8E8F-3A4B5C6D7E8F"
SURVEY = "6A5E4C7F-1B08-4C6E-9F90-4B5C6D7E8F90"
SEL_EMOJI = "7B6F5D80-2C19-4D7F-8A01-5C6D7E8F9012"
SEL_RTL = "8C70AE91-3D2A-4E80-9B12-6D7E8F901234"
SEL_COMBINING = "9D81BFA2-4E3B-4F91-8C23-7E8F90123456"
NOTE_SELECTION = "AE92C0B3-5F4C-4A02-9D34-8F9012345678"
NOTE_FREE = "BFA3D1C4-605D-4B13-8E45-901234567890"
VAR_SITE = "C0B4E2D5-716E-4C24-9F56-012345678901"
VAR_YEAR = "D1C5F3E6-827F-4D35-8067-123456789012"

# A doctor with a skin-tone emoji (several code points), Hebrew (right-to-left) and a combining accent.
SESSION_TEXT = (
    "Resident 👩🏽‍⚕️ presented a patient who asks for more opioids.\r\n"
    "The group felt anger: שלום עליכם, said the patient.\n"
    "Cafe\u0301 talk afterwards; leaders allowed strategizing."
)


def _span(text: str, fragment: str) -> tuple[int, int]:
    start = text.index(fragment)
    return start, start + len(fragment)


def sample_project() -> Project:
    """Return a project using every feature the writer supports, all GUIDs already canonical."""
    created = datetime(2024, 3, 5, 14, 30, 15, 250000, tzinfo=UTC)
    emoji = _span(SESSION_TEXT, "👩🏽‍⚕️ presented")
    rtl = _span(SESSION_TEXT, "שלום עליכם")
    combining = _span(SESSION_TEXT, "Cafe\u0301")
    return Project(
        name="Balint 2024 — needs assessment",
        description="Surveys and session notes of the family-medicine residency.",
        creating_user=ANN,
        created_at=created,
        users=[User(guid=ANN, name="Ann Leader", identifier="AL"), User(guid=BEN, name="Ben Co-leader")],
        codes=[
            Code(
                guid=FEELINGS,
                name="Feelings toward patients",
                color="#AA3355",
                description="Reactions the resident\nnoticed.",
                children=[Code(guid=ANGER, name="Anger", color="#FF0000", is_codable=True)],
            ),
            Code(guid=PURPOSE, name="Purpose of the group", is_codable=False),
        ],
        variables=[
            Variable(guid=VAR_SITE, name="site", type="Text", description="Clinic site"),
            Variable(guid=VAR_YEAR, name="year", type="Integer"),
        ],
        sources=[
            TextSource(
                guid=SESSION,
                name="Session 2024-03-05",
                text=SESSION_TEXT,
                description="Content and process notes.",
                creating_user=ANN,
                created_at=created,
                variables={"site": "North", "year": 2},
                selections=[
                    PlainTextSelection(
                        guid=SEL_EMOJI,
                        start=emoji[0],
                        end=emoji[1],
                        name="opioids",
                        creating_user=ANN,
                        created_at=created,
                        codings=[Coding(code_guid=PURPOSE, guid="E2B6F4A7-9380-4E46-8178-234567890123")],
                    ),
                    PlainTextSelection(
                        guid=SEL_RTL,
                        start=rtl[0],
                        end=rtl[1],
                        creating_user=BEN,
                        codings=[
                            Coding(
                                code_guid=ANGER,
                                guid="F3C705B8-A491-4F57-9289-345678901234",
                                creating_user=BEN,
                                created_at=created,
                            ),
                            Coding(code_guid=FEELINGS, guid="04D816C9-B5A2-4068-83A0-456789012345"),
                        ],
                    ),
                    PlainTextSelection(
                        guid=SEL_COMBINING,
                        start=combining[0],
                        end=combining[1],
                        codings=[Coding(code_guid=FEELINGS, guid="15E927DA-C6B3-4179-94B1-567890123456")],
                    ),
                ],
            ),
            TextSource(guid=SURVEY, name="Survey answers", text=""),
        ],
        notes=[
            Note(
                guid=NOTE_SELECTION,
                name="Memo on anger",
                text="Leaders: talk <about> & name it.\r\nSecond line 🙂",
                creating_user=BEN,
                created_at=created,
                refers_to=[ANGER, SEL_RTL],  # in document order: codes come before sources
            ),
            Note(guid=NOTE_FREE, name="Free memo", text="Immersion, then crystallization."),
        ],
    )


def make_zip(files: dict[str, bytes | str], *, compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    """Return a zip archive holding `files` (name -> content), in order."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=compression) as archive:
        for name, content in files.items():
            archive.writestr(name, content.encode("utf-8") if isinstance(content, str) else content)
    return buffer.getvalue()


def make_docx(paragraphs: list[str]) -> bytes:
    """Return a Word document with one paragraph per item."""
    document = docx.Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def project_xml(body: str, *, namespace: str = "urn:QDA-XML:project:1.0", attrs: str = 'name="Test"') -> str:
    """Return a project.qde document around `body`."""
    return f'<?xml version="1.0" encoding="utf-8"?>\n<Project xmlns="{namespace}" {attrs}>{body}</Project>'


def minimal_qdpx(body: str = "") -> bytes:
    """Return a .qdpx with just a project.qde around `body`."""
    return make_zip({"project.qde": project_xml(body)})


# --- hand-made imitations of other tools' exports -------------------------------------------------------

NVIVO_PLAIN_SOURCE = "{6f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d}"
NVIVO_DOCX_SOURCE = "7a2c3d4e-5f60-4b7c-9d8e-0f1a2b3c4d5e"
NVIVO_TEXT = "Interview with resident B.\r\nShe felt helpless with the patient."
NVIVO_DOCX_PARAGRAPHS = ["Focus group transcript", "Latecomers may join but listen."]


def nvivo_imitation() -> bytes:
    """Return a .qdpx shaped like NVivo's: lower-case and braced GUIDs, Sources/ folder, docx + plain text."""
    helpless = _span(NVIVO_TEXT, "helpless")
    qde = f"""<?xml version="1.0" encoding="utf-8"?>
<Project name="NVivo study" origin="NVivo 14" creatingUserGUID="{{a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d}}"
         creationDateTime="2023-05-01T10:00:00.1234567Z" xmlns="urn:QDA-XML:project:1.0">
  <Users><User guid="{{a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d}}" name="Researcher" id="R1"/></Users>
  <CodeBook><Codes>
    <Code guid="b2c3d4e5-f6a7-4b8c-9d0e-1f2a3b4c5d6e" name="Helplessness" isCodable="true" color="#3366cc">
      <Description>Physician feels unable to help</Description>
    </Code>
  </Codes></CodeBook>
  <Sources>
    <TextSource guid="{NVIVO_PLAIN_SOURCE}" name="Interview B"
                richTextPath="internal://{NVIVO_PLAIN_SOURCE}.docx" plainTextPath="internal://{NVIVO_PLAIN_SOURCE}.txt"
                creatingUser="a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d" creationDateTime="2023-05-01T10:00:00Z">
      <PlainTextSelection guid="c3d4e5f6-a7b8-4c9d-8e0f-2a3b4c5d6e7f" startPosition="{helpless[0]}"
                          endPosition="{helpless[1]}" creatingUser="a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d">
        <Coding guid="d4e5f6a7-b8c9-4d0e-9f1a-3b4c5d6e7f80">
          <CodeRef targetGUID="{{b2c3d4e5-f6a7-4b8c-9d0e-1f2a3b4c5d6e}}"/>
        </Coding>
      </PlainTextSelection>
    </TextSource>
    <TextSource guid="{NVIVO_DOCX_SOURCE}" name="Focus group" richTextPath="internal://{NVIVO_DOCX_SOURCE}.docx"/>
  </Sources>
</Project>"""
    return make_zip(
        {
            "project.qde": qde,
            f"Sources/{NVIVO_PLAIN_SOURCE}.txt": "\ufeff" + NVIVO_TEXT,  # NVivo writes a byte-order mark
            f"Sources/{NVIVO_PLAIN_SOURCE}.docx": make_docx(NVIVO_TEXT.split("\r\n")),
            f"Sources/{NVIVO_DOCX_SOURCE}.docx": make_docx(NVIVO_DOCX_PARAGRAPHS),
        }
    )


MAXQDA_TEXT = "Clinic ran late again. I could not get to the group on time."


def maxqda_imitation() -> bytes:
    """Return a .qdpx shaped like MAXQDA's: optional attributes left out, colours without '#', inline text."""
    late = _span(MAXQDA_TEXT, "Clinic ran late")
    qde = f"""<?xml version="1.0" encoding="UTF-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" origin="MAXQDA 2022" name="Obstacles">
  <Users><User guid="11111111-2222-4333-8444-555555555555"/></Users>
  <CodeBook><Codes>
    <Code guid="22222222-3333-4444-8555-666666666666" name="Program obstacles" color="FF8000">
      <Code guid="33333333-4444-4555-8666-777777777777" name="Clinics running late" color="#0a0"/>
    </Code>
    <Code guid="44444444-5555-4666-8777-888888888888" name="Unreadable colour" color="not-a-colour"/>
  </Codes></CodeBook>
  <Sources>
    <TextSource guid="55555555-6666-4777-8888-999999999999" name="Feedback 3rd year">
      <PlainTextContent>{MAXQDA_TEXT}</PlainTextContent>
      <PlainTextSelection guid="66666666-7777-4888-8999-aaaaaaaaaaaa"
          startPosition="{late[0]}" endPosition="{late[1]}">
        <Coding guid="77777777-8888-4999-8aaa-bbbbbbbbbbbb">
          <CodeRef targetGUID="33333333-4444-4555-8666-777777777777"/>
        </Coding>
      </PlainTextSelection>
      <PlainTextSelection guid="88888888-9999-4aaa-8bbb-cccccccccccc" startPosition="5" endPosition="9999"/>
    </TextSource>
    <PictureSource guid="99999999-aaaa-4bbb-8ccc-dddddddddddd" name="Whiteboard photo" path="internal://x.png"/>
  </Sources>
  <Sets><Set guid="aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee" name="Third years"/></Sets>
  <Graphs><Graph guid="bbbbbbbb-cccc-4ddd-8eee-ffffffffffff" name="Theme map"/></Graphs>
</Project>"""
    return make_zip({"project.qde": qde})


QUALCODER_TEXT = "Purpose: reflect on the doctor–patient relationship."


def qualcoder_imitation() -> bytes:
    """Return a .qdpx shaped like QualCoder's: sources/ files, variables, zone-less dates, a Case, a Link."""
    reflect = _span(QUALCODER_TEXT, "reflect")
    qde = f"""<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
  name="qualcoder_project" origin="QualCoder 3.4" creationDateTime="2023-09-12T08:15:00">
  <Users><User guid="ABCDEF01-2345-4678-89AB-CDEF01234567" name="default"/></Users>
  <CodeBook><Codes>
    <Code guid="BCDEF012-3456-4789-9ABC-DEF012345678" name="Reflection" isCodable="true" color="#ff00ff"/>
  </Codes></CodeBook>
  <Variables>
    <Variable guid="CDEF0123-4567-489A-ABCD-EF0123456789" name="cohort" typeOfVariable="Integer"/>
    <Variable guid="DEF01234-5678-49AB-BCDE-F0123456789A" name="remarks" typeOfVariable="Text"/>
  </Variables>
  <Cases><Case guid="EF012345-6789-4ABC-8DEF-0123456789AB" name="Resident A"/></Cases>
  <Sources>
    <TextSource guid="F0123456-789A-4BCD-9EF0-123456789ABC" name="survey_q1.txt"
        plainTextPath="internal://F0123456-789A-4BCD-9EF0-123456789ABC.txt"
        creatingUser="ABCDEF01-2345-4678-89AB-CDEF01234567" creationDateTime="2023-09-12T08:16:00">
      <PlainTextSelection guid="01234567-89AB-4CDE-8F01-23456789ABCD" name="reflect"
          startPosition="{reflect[0]}" endPosition="{reflect[1]}"
          creatingUser="ABCDEF01-2345-4678-89AB-CDEF01234567" creationDateTime="2023-09-12T08:17:00">
        <Coding guid="12345678-9ABC-4DEF-8012-3456789ABCDE"
            creatingUser="ABCDEF01-2345-4678-89AB-CDEF01234567">
          <CodeRef targetGUID="BCDEF012-3456-4789-9ABC-DEF012345678"/>
        </Coding>
        <NoteRef targetGUID="23456789-ABCD-4EF0-9123-456789ABCDEF"/>
      </PlainTextSelection>
      <VariableValue><VariableRef targetGUID="CDEF0123-4567-489A-ABCD-EF0123456789"/>
        <IntegerValue>2023</IntegerValue></VariableValue>
      <VariableValue><VariableRef targetGUID="DEF01234-5678-49AB-BCDE-F0123456789A"/>
        <TextValue>PGY-2</TextValue></VariableValue>
    </TextSource>
  </Sources>
  <Notes>
    <Note guid="23456789-ABCD-4EF0-9123-456789ABCDEF" name="Memo" creationDateTime="2023-09-12T08:18:00">
      <PlainTextContent>Most residents name reflection first.</PlainTextContent>
    </Note>
  </Notes>
  <Links><Link guid="3456789A-BCDE-4F01-8234-56789ABCDEF0" name="relates"/></Links>
</Project>"""
    return make_zip({"project.qde": qde, "sources/F0123456-789A-4BCD-9EF0-123456789ABC.txt": QUALCODER_TEXT})


ATLAS_OLD_CODEBOOK = """<?xml version="1.0" encoding="utf-8"?>
<CodeBook xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
  xsi:schemaLocation="urn:QDA-XML:codebook:0:4 Codebook.xsd" origin="ATLAS.ti Win 9.1"
  xmlns="urn:QDA-XML:codebook:0:4">
  <Codes>
    <Code guid="1FF58B12-6F6F-4B0C-8BE5-BBDC91F55294" name="Professional development" color="#46AA00"
      isCodable="true">
      <Description>Supervision, feedback, new responsibilities</Description>
      <Code guid="2FF58B12-6F6F-4B0C-8BE5-BBDC91F55294" name="Feedback" isCodable="true"/>
    </Code>
  </Codes>
</CodeBook>"""
