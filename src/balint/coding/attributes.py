"""The rows of the attributes grid and the code x attribute matrix: cases and sources, with their attributes.

A source whose passages belong to cases (a survey question's source: each answer a respondent's) is shown
through its cases; any other source is its own row. Built-in attributes are read from the program's data:
source kind, date, group, cohort, training year (the cohort's at the source's date) and site (a study's
site, else the program's institution). Program-defined attributes live in the row's `attributes` by name.
A respondent is a resident, and so is the presenter behind session notes (a case per training year, named by a
pseudonym, its training year, cohort, group and site stored when it was made): a row that is one is marked, so
figures about few of them can be suppressed.

The matrix counts either cases (each source through its cases, a source without cases as its own row) or
sources (every source its own row, none of them a person); the grid shows the cases and every source that
has attributes of its own to set (a session note is also shown as itself: its focus and format are the
session's, not its residents').
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import QuerySet

from balint.coding.models import Attribute, Case, CaseSpan, Source
from balint.programs.models import Program

BUILTINS = [
    ("kind", "Source kind"),
    ("date", "Date"),
    ("group", "Group"),
    ("cohort", "Cohort"),
    ("training_year", "Training year"),
    ("site", "Site"),
]
BUILTIN_LABELS = dict(BUILTINS)
# Keys another part of Balint stores in `attributes` that are built-ins here (a study's site and kind; the
# training year, cohort, group and site of a resident behind session notes).
STORED_BUILTINS = {
    "site": "site",
    "source kind": "kind",
    "training year": "training_year",
    "cohort": "cohort",
    "group": "group",
}
UNITS = ("cases", "sources")


@dataclass
class Row:
    """One case or source of the grid and matrix."""

    kind: str  # "case" or "source"
    code: uuid.UUID
    label: str
    is_resident: bool
    builtins: dict[str, str]
    values: dict[str, str]  # attribute name -> stored value
    spans: dict[int, list[tuple[int, int]]] = field(
        default_factory=dict
    )  # source id -> stretches; empty: whole

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.code}"

    def value(self, column: str) -> str:
        """The row's value for a built-in key or "a:<attribute name>"."""
        if column.startswith("a:"):
            return self.values.get(column[2:], "")
        return self.builtins.get(column, "")


@dataclass
class Column:
    key: str  # a built-in key, or "a:<name>"
    label: str
    attribute: Attribute | None = (
        None  # the definition of a program-defined attribute (None: built-in or free)
    )

    @property
    def editable(self) -> bool:
        return self.attribute is not None


def _builtins(*, program: Program, kind: str, date, group, cohort, stored: dict) -> dict[str, str]:
    training = ""
    if cohort is not None:
        training = cohort.training_label(date) if date else cohort.training_label()
    kept = {
        STORED_BUILTINS[str(k).lower()]: str(v)
        for k, v in (stored or {}).items()
        if str(k).lower() in STORED_BUILTINS
    }
    return {
        "kind": kind,
        "date": date.isoformat() if date else "",
        "group": (group.name if group else "") or kept.get("group", ""),
        "cohort": (cohort.name if cohort else "") or kept.get("cohort", ""),
        "training_year": training or kept.get("training_year", ""),
        "site": kept.get("site") or str(program.institution),
    }


def _free(stored: dict) -> dict[str, str]:
    return {str(k): str(v) for k, v in (stored or {}).items() if str(k).lower() not in STORED_BUILTINS}


def rows(
    *, program: Program, sources: QuerySet[Source], unit: str = "cases", grid: bool = False
) -> list[Row]:
    """The cases with passages in these sources, then the sources that have no cases (two queries).

    `unit` "sources": every source is its own row, no case. `grid`: session notes are shown as themselves
    too, beside their residents' cases (for setting the session's own attributes; never for counting).
    """
    if unit == "sources":
        return _source_rows(program=program, sources=sources)
    spans = list(
        CaseSpan.objects.filter(source__in=sources.values("pk"))
        .select_related("case__group")
        .order_by("case__name", "case_id", "source_id", "start")
    )
    with_cases = {span.source_id for span in spans if not (grid and span.case.kind == Case.Kind.RESIDENT)}
    by_case: dict[int, Row] = {}
    result: list[Row] = []
    for span in spans:
        case: Case = span.case
        row = by_case.get(case.pk)
        if row is None:
            row = Row(
                kind="case",
                code=case.code,
                label=case.name,
                is_resident=case.is_resident,
                builtins=_builtins(
                    program=program,
                    kind=case.get_kind_display(),
                    date=case.date,
                    group=case.group,
                    cohort=None,  # a respondent's is not known; a resident's training year is stored
                    stored=case.attributes,
                ),
                values=_free(case.attributes),
                spans=defaultdict(list),
            )
            by_case[case.pk] = row
            result.append(row)
        row.spans[span.source_id].append((span.start, span.end))
    return result + _source_rows(program=program, sources=sources.exclude(pk__in=with_cases))


def _source_rows(*, program: Program, sources: QuerySet[Source]) -> list[Row]:
    own = sources.select_related("group", "cohort__program").defer("text").order_by("-date", "title", "pk")
    result = []
    for source in own:
        result.append(
            Row(
                kind="source",
                code=source.code,
                label=source.title,
                is_resident=False,
                builtins=_builtins(
                    program=program,
                    kind=source.get_kind_display(),
                    date=source.date,
                    group=source.group,
                    cohort=source.cohort,
                    stored=source.attributes,
                ),
                values=_free(source.attributes),
                spans={source.pk: []},
            )
        )
    return result


def columns(*, program: Program, found: list[Row]) -> list[Column]:
    """Built-ins, the program's attributes in order, then names rows carry that none defines (one query)."""
    defined = list(Attribute.objects.filter(program=program))
    names = {a.name for a in defined}
    free = sorted({name for row in found for name in row.values} - names, key=str.lower)
    return (
        [Column(key=key, label=label) for key, label in BUILTINS]
        + [Column(key=f"a:{a.name}", label=a.name, attribute=a) for a in defined]
        + [Column(key=f"a:{name}", label=name) for name in free]
    )


def row_in(*, program: Program, sources: QuerySet[Source], key: str) -> Source | Case | None:
    """The source or case named by a row key ("source:<code>" / "case:<code>") among these sources."""
    kind, _, code = key.partition(":")
    try:
        code = str(uuid.UUID(code))
    except ValueError:
        return None
    if kind == "source":
        return sources.filter(code=code).defer("text").first()
    if kind == "case":
        return Case.objects.filter(program=program, code=code, spans__source__in=sources.values("pk")).first()
    return None
