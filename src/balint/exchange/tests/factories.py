"""An analysis to export: categories, two-level codebook, sources of each kind, codings by 3 coders, memos."""

from __future__ import annotations

import datetime

from balint.coding.models import Category, Coding, Memo, Source, Theme
from balint.programs.models import Program

NOTE_TEXT = "The resident felt angry 😠 at the patient who asked for more opioids.\nThe group stayed quiet."
SURVEY_TEXT = "Purpose: to reflect on the doctor–patient relationship. مرحبا e\u0301 café."


def _span(text: str, quote: str) -> tuple[int, int]:
    start = text.index(quote)
    return start, start + len(quote)


def build_analysis(w, program: Program | None = None) -> dict:
    """Fill `program` (the world's by default) with a small analysis touching every mapped field."""
    program = program or w.program
    balint = Category.objects.create(program=program, name="Balint process", position=0)
    development = Category.objects.create(program=program, name="Professional development", position=1)
    feelings = Theme.objects.create(
        program=program,
        name="Feelings toward patients",
        colour="#aa3300",
        category=balint,
        position=1,
        definition="The resident's own emotional experience.",
        inclusion="Anger, guilt, attraction.",
        exclusion="The patient's feelings.",
        example="I felt angry.",
    )
    anger = Theme.objects.create(program=program, name="Anger", parent=feelings, colour="#ff0000", position=2)
    purpose = Theme.objects.create(
        program=program, name="Purpose of the group", colour="#0055aa", category=development, position=3
    )
    Theme.objects.create(program=program, name="Old merged theme", active=False, position=4)
    note = Source.objects.create(
        program=program,
        kind=Source.Kind.SESSION_NOTE,
        title="Session 2025-03-04",
        text=NOTE_TEXT,
        date=datetime.date(2025, 3, 4),
        group=w.group,
        deidentified=True,
        attributes={"training year": "PGY-2"},
    )
    survey = Source.objects.create(
        program=program,
        kind=Source.Kind.TRANSCRIPT,
        title="Needs assessment answer 1",
        text=SURVEY_TEXT,
        date=datetime.date(2025, 1, 15),
        deidentified=True,
        attributes={"question": "=1+1 purpose"},
    )
    codings = []
    for coder, theme, text, source, quote, perspective in [
        (w.leader, anger, NOTE_TEXT, note, "felt angry 😠", Coding.Perspective.RESIDENT),
        (w.co_leader, anger, NOTE_TEXT, note, "felt angry 😠", ""),
        (w.co_leader, feelings, NOTE_TEXT, note, "The group stayed quiet.", Coding.Perspective.BOTH),
        (w.analyst, purpose, SURVEY_TEXT, survey, "reflect on the doctor–patient relationship", ""),
        (w.analyst, purpose, SURVEY_TEXT, survey, "مرحبا e\u0301", Coding.Perspective.PATIENT),
    ]:
        start, end = _span(text, quote)
        codings.append(
            Coding.objects.create(
                source=source,
                theme=theme,
                coder=coder,
                start=start,
                end=end,
                quote=quote,
                perspective=perspective,
            )
        )
    memos = [
        Memo.objects.create(
            program=program, author=w.leader, title="Whole analysis", body="First **round**."
        ),
        Memo.objects.create(
            program=program, author=w.analyst, title="On the survey", body="Short.", source=survey
        ),
        Memo.objects.create(
            program=program, author=w.co_leader, title="On anger", body="Often.", theme=anger
        ),
        Memo.objects.create(
            program=program, author=w.leader, title="On a coding", body="Key.", coding=codings[0], source=note
        ),
    ]
    return {
        "themes": [feelings, anger, purpose],
        "sources": [note, survey],
        "codings": codings,
        "memos": memos,
    }
