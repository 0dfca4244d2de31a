"""Builders shared by the REFI-QDA tests: a rich sample project, hand-made archives and the official XSDs.

The "imitation" files below are hand-made in the shapes NVivo, MAXQDA, QualCoder and older ATLAS.ti
write; they are not exports of those tools.
"""

from __future__ import annotations

import io
import os
import zipfile
from datetime import UTC, datetime
from functools import cache
from pathlib import Path

import docx
import pytest
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


SCHEMAS = Path(__file__).resolve().parents[1] / "data"  # shipped with the package (MIT, notice inside)


def samples_folder() -> Path:
    """Where third-party sample files are kept outside the repository (BALINT_SHARED_SAMPLES to move it).

    The default is the refi-qda folder of the workspace's reference files beside the clone; tests that
    need these samples skip with a reason when the folder is absent (a plain clone).
    """
    configured = os.environ.get("BALINT_SHARED_SAMPLES")
    if configured:
        return Path(configured)
    return repo_root().parent.joinpath("shared", "refi-qda", "samples")


def sample(name: str) -> Path:
    """The path of a third-party sample file; skips the test, saying why, when the samples are absent."""
    path = samples_folder() / name
    if not path.is_file():
        pytest.skip(
            f"third-party sample {name} not found in {samples_folder()} (extra test: set "
            "BALINT_SHARED_SAMPLES to the folder holding the REFI-QDA samples to run it)"
        )
    return path


@cache
def official_schema(name: str) -> etree.XMLSchema:
    """Return the official REFI-QDA schema (Project-mrt2019.xsd or Codebook-mrt2019.xsd) shipped in data/."""
    return etree.XMLSchema(etree.parse(str(SCHEMAS / name)))


ANN = "0f6c3a1e-2b7d-4c58-9e01-6a5b4c3d2e10"
BEN = "1a2b3c4d-5e6f-4a0b-8c1d-2e3f4a5b6c7d"
FEELINGS = "2c1a0e3b-7d64-4e2a-9b5c-0d1e2f3a4b5c"
ANGER = "3d2b1f4c-8e75-4f3b-8c6d-1e2f3a4b5c6d"
PURPOSE = "4e3c2a5d-9f86-4a4c-9d7e-2f3a4b5c6d7e"
SESSION = "5f4d3b6e-0a97-4b5d-8e8f-3a4b5c6d7e8f"
SURVEY = "6a5e4c7f-1b08-4c6e-9f90-4b5c6d7e8f90"
SEL_EMOJI = "7b6f5d80-2c19-4d7f-8a01-5c6d7e8f9012"
SEL_RTL = "8c70ae91-3d2a-4e80-9b12-6d7e8f901234"
SEL_COMBINING = "9d81bfa2-4e3b-4f91-8c23-7e8f90123456"
NOTE_SELECTION = "ae92c0b3-5f4c-4a02-9d34-8f9012345678"
NOTE_FREE = "bfa3d1c4-605d-4b13-8e45-901234567890"
VAR_SITE = "c0b4e2d5-716e-4c24-9f56-012345678901"
VAR_YEAR = "d1c5f3e6-827f-4d35-8067-123456789012"

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
                        codings=[Coding(code_guid=PURPOSE, guid="e2b6f4a7-9380-4e46-8178-234567890123")],
                    ),
                    PlainTextSelection(
                        guid=SEL_RTL,
                        start=rtl[0],
                        end=rtl[1],
                        creating_user=BEN,
                        codings=[
                            Coding(
                                code_guid=ANGER,
                                guid="f3c705b8-a491-4f57-9289-345678901234",
                                creating_user=BEN,
                                created_at=created,
                            ),
                            Coding(code_guid=FEELINGS, guid="04d816c9-b5a2-4068-83a0-456789012345"),
                        ],
                    ),
                    PlainTextSelection(
                        guid=SEL_COMBINING,
                        start=combining[0],
                        end=combining[1],
                        codings=[Coding(code_guid=FEELINGS, guid="15e927da-c6b3-4179-94b1-567890123456")],
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
  <Users><User guid="abcdef01-2345-4678-89ab-cdef01234567" name="default"/></Users>
  <CodeBook><Codes>
    <Code guid="bcdef012-3456-4789-9abc-def012345678" name="Reflection" isCodable="true" color="#ff00ff"/>
  </Codes></CodeBook>
  <Variables>
    <Variable guid="cdef0123-4567-489a-abcd-ef0123456789" name="cohort" typeOfVariable="Integer"/>
    <Variable guid="def01234-5678-49ab-bcde-f0123456789a" name="remarks" typeOfVariable="Text"/>
  </Variables>
  <Cases><Case guid="ef012345-6789-4abc-8def-0123456789ab" name="Resident A"/></Cases>
  <Sources>
    <TextSource guid="f0123456-789a-4bcd-9ef0-123456789abc" name="survey_q1.txt"
        plainTextPath="internal://F0123456-789A-4BCD-9EF0-123456789ABC.txt"
        creatingUser="abcdef01-2345-4678-89ab-cdef01234567" creationDateTime="2023-09-12T08:16:00">
      <PlainTextSelection guid="01234567-89ab-4cde-8f01-23456789abcd" name="reflect"
          startPosition="{reflect[0]}" endPosition="{reflect[1]}"
          creatingUser="abcdef01-2345-4678-89ab-cdef01234567" creationDateTime="2023-09-12T08:17:00">
        <Coding guid="12345678-9abc-4def-8012-3456789abcde"
            creatingUser="abcdef01-2345-4678-89ab-cdef01234567">
          <CodeRef targetGUID="bcdef012-3456-4789-9abc-def012345678"/>
        </Coding>
        <NoteRef targetGUID="23456789-abcd-4ef0-9123-456789abcdef"/>
      </PlainTextSelection>
      <VariableValue><VariableRef targetGUID="cdef0123-4567-489a-abcd-ef0123456789"/>
        <IntegerValue>2023</IntegerValue></VariableValue>
      <VariableValue><VariableRef targetGUID="def01234-5678-49ab-bcde-f0123456789a"/>
        <TextValue>PGY-2</TextValue></VariableValue>
    </TextSource>
  </Sources>
  <Notes>
    <Note guid="23456789-abcd-4ef0-9123-456789abcdef" name="Memo" creationDateTime="2023-09-12T08:18:00">
      <PlainTextContent>Most residents name reflection first.</PlainTextContent>
    </Note>
  </Notes>
  <Links><Link guid="3456789a-bcde-4f01-8234-56789abcdef0" name="relates"/></Links>
</Project>"""
    return make_zip({"project.qde": qde, "sources/F0123456-789A-4BCD-9EF0-123456789ABC.txt": QUALCODER_TEXT})


ATLAS_OLD_CODEBOOK = """<?xml version="1.0" encoding="utf-8"?>
<CodeBook xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
  xsi:schemaLocation="urn:QDA-XML:codebook:0:4 Codebook.xsd" origin="ATLAS.ti Win 9.1"
  xmlns="urn:QDA-XML:codebook:0:4">
  <Codes>
    <Code guid="1ff58b12-6f6f-4b0c-8be5-bbdc91f55294" name="Professional development" color="#46AA00"
      isCodable="true">
      <Description>Supervision, feedback, new responsibilities</Description>
      <Code guid="2ff58b12-6f6f-4b0c-8be5-bbdc91f55294" name="Feedback" isCodable="true"/>
    </Code>
  </Codes>
</CodeBook>"""


# --- text that other tools count differently: emoji (two UTF-16 units), combining accents, typographic quotes

EMOJI_TEXT = (
    "Dr 👩🏽‍⚕️ said: “I felt helpless 😔 with him.”\n"
    "Cafe\u0301 talk 🙂 afterwards; ‘anger’ came up 🙃🙃 twice.\n"
    "The resident 🧑‍⚕️ named the patient’s fear of pain."
)
EMOJI_FRAGMENTS = ["helpless", "Cafe\u0301 talk", "‘anger’", "fear of pain", "👩🏽‍⚕️ said"]
NVIVO_USER = "5c94bc9e-db8c-4f1d-9cd6-e900c7440860"
NVIVO_CODE = "2dfba8c9-59f5-4424-99d6-ea9bce18134b"
NVIVO_SOURCE = "a2b94468-80a5-412f-92d6-e900d97b55a6"
NVIVO_NOTE = "4691a8a0-d67c-4dcc-91d6-e9075dc230cc"


def utf16_index(text: str, index: int) -> int:
    """The UTF-16 code-unit offset of code point `index`, counted independently of the library."""
    return len(text[:index].encode("utf-16-le")) // 2


def nvivo_emoji_qdpx(*, origin: str | None = "NVivo 14", unit: str = "utf16") -> bytes:
    """A .qdpx shaped like NVivo's, with emoji before the codings and positions in UTF-16 code units."""
    selections = []
    for n, fragment in enumerate(EMOJI_FRAGMENTS):
        start, end = _span(EMOJI_TEXT, fragment)
        if unit == "utf16":
            start, end = utf16_index(EMOJI_TEXT, start), utf16_index(EMOJI_TEXT, end)
        selections.append(
            f'<PlainTextSelection guid="0000000{n}-d736-44c8-8fd6-eb4d29fe46c5" name="" '
            f'startPosition="{start}" '
            f'endPosition="{end}" creatingUser="{NVIVO_USER}" creationDateTime="2019-06-07T03:36:36Z">'
            f'<Coding guid="1000000{n}-63c4-4a25-a47e-66fef80bd52e" creatingUser="{NVIVO_USER}" '
            f'creationDateTime="2019-06-06T06:27:01Z"><CodeRef targetGUID="{NVIVO_CODE}"/></Coding>'
            + (f'<NoteRef targetGUID="{NVIVO_NOTE}"/>' if n == 0 else "")
            + "</PlainTextSelection>"
        )
    origin_attr = f' origin="{origin}"' if origin else ""
    qde = f"""<?xml version="1.0" encoding="utf-8"?>
<Project name="Emoji study"{origin_attr} creatingUserGUID="{NVIVO_USER}"
         creationDateTime="2019-06-04T06:11:56Z" xmlns="urn:QDA-XML:project:1.0">
  <Users><User guid="{NVIVO_USER}" name="Nadia Nvivo"/></Users>
  <CodeBook><Codes><Code guid="{NVIVO_CODE}" name="Emotions" isCodable="true" color="#3366cc"/>
  </Codes></CodeBook>
  <Sources>
    <TextSource guid="{NVIVO_SOURCE}" name="Interview 7" plainTextPath="internal://{NVIVO_SOURCE}.txt"
                creatingUser="{NVIVO_USER}" creationDateTime="2019-05-02T09:30:00Z">
      {"".join(selections)}
    </TextSource>
  </Sources>
  <Notes>
    <Note guid="{NVIVO_NOTE}" name="Helplessness memo" plainTextPath="internal://{NVIVO_NOTE}.txt"
          creatingUser="{NVIVO_USER}" creationDateTime="2019-06-04T06:11:56Z"/>
  </Notes>
  <Sets><Set guid="6a5e4c7f-1b08-4c6e-9f90-4b5c6d7e8f90" name="Interviews"/></Sets>
</Project>"""
    return make_zip(
        {
            "project.qde": qde,
            f"Sources/{NVIVO_SOURCE}.txt": "\ufeff" + EMOJI_TEXT,
            f"Sources/{NVIVO_NOTE}.txt": "Helpless “again” 😔",
        }
    )
