"""Programs built from the hand-written labelled test set, for Django-level tests of assistance."""

from __future__ import annotations

import csv
import datetime
from dataclasses import dataclass
from pathlib import Path

from balint.coding import services as coding
from balint.coding.models import Category, Source, Theme
from balint.programs.models import Person, Program

DATA = Path(__file__).resolve().parent / "data" / "labelled.csv"
CATEGORY_NAMES = {
    "balint_process": "Balint process",
    "professional_development": "Professional development",
    "practical_patient_care": "Practical patient care",
    "group_process": "Group process",
    "structure_logistics": "Structure and logistics",
    "well_being": "Well-being",
    "other": "Other",
}
PERSPECTIVE_VALUES = {"resident": "resident", "patient": "patient", "other": "both"}
UNCODED = [
    "The opioid refill request came up again and the narcotic contract was renegotiated at the visit.",
    "Another early refill of the pain medication ended with the pharmacy calling about the contract.",
    "The urine drug screen and the opioid refill made the visit tense for everyone involved.",
    "My afternoon clinic ran late again and the schedule made me miss the group entirely.",
    "The continuity clinic was double booked, so the schedule ran over by forty minutes.",
    "The last appointment kept me past six and the clinic schedule left no room for lunch.",
]


def rows() -> list[dict[str, str]]:
    with DATA.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@dataclass
class LabelledProgram:
    program: Program
    sources: list[Source]
    themes: dict[str, Theme]
    extra: Source
    n_codings: int


def build_labelled_program(program: Program, coder: Person, *, group=None) -> LabelledProgram:
    """One de-identified source per `source` of the test set, each sentence coded with its category's theme.

    Themes are named after the categories (one theme per category), perspectives as labelled; a last
    source holds six uncoded sentences on two obvious topics (refills, clinics running late).
    """
    coding.categories_ensure(program=program)
    categories = {c.name: c for c in Category.objects.filter(program=program)}
    themes = {
        label: coding.theme_create(program=program, name=f"{name} theme", category=categories[name])
        for label, name in CATEGORY_NAMES.items()
    }
    by_source: dict[str, list[dict[str, str]]] = {}
    for row in rows():
        by_source.setdefault(row["source"], []).append(row)
    sources = []
    n = 0
    for day, (title, items) in enumerate(sorted(by_source.items()), start=1):
        text = "\n\n".join(item["text"] for item in items)
        source = coding.source_create(
            program=program,
            kind=Source.Kind.SESSION_NOTE,
            title=title,
            text=text,
            date=datetime.date(2025, 1, day),
            group=group,
        )
        position = 0
        for item in items:
            start = text.index(item["text"], position)
            end = start + len(item["text"])
            position = end
            coding.coding_create(
                source=source,
                coder=coder,
                themes=[themes[item["category"]]],
                start=start,
                end=end,
                perspective=PERSPECTIVE_VALUES[item["perspective"]],
            )
            n += 1
        sources.append(source)
    extra = coding.source_create(
        program=program,
        kind=Source.Kind.SESSION_NOTE,
        title="Uncoded note",
        text="\n\n".join(UNCODED),
        date=datetime.date(2025, 2, 1),
        group=group,
    )
    return LabelledProgram(program=program, sources=sources, themes=themes, extra=extra, n_codings=n)
