"""The .qdpx import keeps the coding app's one span rule: no coding stores half of a character."""

import io
import zipfile

import pytest

from balint.coding.models import Coding
from balint.exchange.qda import refi_import

TEXT = "Dr said: the cafe\u0301 was loud \U0001f44d\U0001f3fd then quiet."


def _project(start: int, end: int) -> bytes:
    xml = f"""<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="p" origin="QualCoder 3.6">
  <Users><User guid="aaaaaaaa-0000-4000-8000-000000000001" name="Coder"/></Users>
  <CodeBook><Codes>
    <Code guid="bbbbbbbb-0000-4000-8000-000000000001" name="Noise" isCodable="true"/>
  </Codes></CodeBook>
  <Sources>
    <TextSource guid="cccccccc-0000-4000-8000-000000000001" name="s" plainTextPath="internal://s.txt">
      <PlainTextSelection guid="dddddddd-0000-4000-8000-000000000001"
        startPosition="{start}" endPosition="{end}">
        <Coding guid="eeeeeeee-0000-4000-8000-000000000001">
          <CodeRef targetGUID="bbbbbbbb-0000-4000-8000-000000000001"/>
        </Coding>
      </PlainTextSelection>
    </TextSource>
  </Sources>
</Project>"""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("project.qde", xml)
        archive.writestr("sources/s.txt", TEXT)
    return out.getvalue()


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        # ends between "e" and its combining accent: widened to the whole "é"
        (TEXT.index("cafe"), TEXT.index("cafe") + 4, "cafe\u0301"),
        # ends between the thumbs-up and its skin tone: widened to the whole emoji
        (TEXT.index("loud"), TEXT.index("\U0001f44d") + 1, "loud \U0001f44d\U0001f3fd"),
    ],
)
def test_it_widens_a_selection_that_splits_a_character(world, start, end, expected):
    summary = refi_import(
        program=world.program,
        data=_project(start, end),
        file_format="qdpx",
        importer=world.leader,
        deidentified=True,
        position_unit="codepoints",
    )
    coding = Coding.objects.get(source__program=world.program, theme__name="Noise")
    assert coding.quote == expected
    assert summary.selections_repaired >= 1
