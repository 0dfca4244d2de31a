"""A person's coding steps: apply, remove, re-mark and auto-code recorded as one step each, undone and redone.

Each program keeps, per person, a list of steps (`CodingStep`): undo takes back the newest step still
done, redo plays again the step undone last, and any new step drops what was left to redo. A step only
ever touches codings whose coder is the person, among the sources they may still see; a coding that
is gone, or a theme merged away since, is skipped and counted, never guessed.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from balint.coding.models import Coding, CodingStep, Source, Theme
from balint.coding.services.bulk import CodingDraft, codings_bulk_create
from balint.coding.services.codings import coding_delete, coding_set_perspective, span_apply
from balint.core.errors import ApplicationError
from balint.core.rows import db_value, insert
from balint.programs.models import Person, Program

MAX_LABEL = 300


def snapshot(coding: Coding) -> dict:
    """What it takes to put a coding back exactly: never its quoted text, which the source holds."""
    return {
        "code": str(coding.code),
        "source": coding.source_id,
        "theme": coding.theme_id,
        "start": coding.start,
        "end": coding.end,
        "p": coding.perspective,
        "at": coding.created_at.isoformat() if coding.created_at else None,
    }


def _plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


@transaction.atomic
def step_record(
    *,
    program: Program,
    person: Person,
    kind: str,
    label: str,
    created: Iterable[Coding] = (),
    removed: Iterable[dict] = (),
    remarked: Iterable[tuple[Coding, str]] = (),
) -> CodingStep:
    """Record a step the person just took, and drop what they had left to redo."""
    return _step_write(
        program=program,
        person=person,
        kind=kind,
        label=label,
        created=created,
        removed=removed,
        remarked=remarked,
    )


def _step_write(
    *,
    program: Program,
    person: Person,
    kind: str,
    label: str,
    created: Iterable[Coding] = (),
    removed: Iterable[dict] = (),
    remarked: Iterable[tuple[Coding, str]] = (),
) -> CodingStep:
    """`step_record` in the caller's transaction, without a savepoint: one UPDATE, one INSERT."""
    changes = {
        "created": [snapshot(c) for c in created],
        "removed": list(removed),
        "remarked": [
            {"code": str(c.code), "before": before, "after": c.perspective} for c, before in remarked
        ],
    }
    # What was left to redo is dropped: written as SQL, as this runs once per highlight (through the ORM,
    # building the UPDATE cost many times running it).
    sql = 'UPDATE "{table}" SET "state" = %s, "updated_at" = %s WHERE "program_id" = %s AND "person_id" = %s '
    sql = (sql + 'AND "state" = %s').format(table=CodingStep._meta.db_table)
    now = db_value(CodingStep, "updated_at", timezone.now())
    with connection.cursor() as cursor:
        cursor.execute(
            sql, [CodingStep.State.DROPPED.value, now, program.pk, person.pk, CodingStep.State.UNDONE.value]
        )
    step = CodingStep(program=program, person=person, kind=kind, label=label[:MAX_LABEL], changes=changes)
    insert([step])
    return step


# --- the coding page's actions, each recorded as a step ---------------------------------------------------


def coding_apply(**kwargs) -> list[Coding]:
    """`coding_create`, recorded as one undoable step when it added a coding or changed a perspective
    (`coding_apply_step` with the same keywords, without the step)."""
    codings, _step = coding_apply_step(**kwargs)
    return codings


@transaction.atomic
def coding_apply_step(
    *,
    source: Source,
    coder: Person,
    themes: Sequence[Theme],
    start: int,
    end: int,
    perspective: str = "",
    quote: str | None = None,
) -> tuple[list[Coding], CodingStep | None]:
    """`coding_create`, recorded as one undoable step when it added a coding or changed a perspective; the
    codings on the span and the step written (None when nothing changed), so the coding page learns its undo
    label from the answer instead of asking again.

    One transaction without savepoints: the codings on the span read once, the new ones inserted, the step
    written (its UPDATE and INSERT).
    """
    step = None
    applied = span_apply(
        source=source, coder=coder, themes=themes, start=start, end=end, perspective=perspective, quote=quote
    )
    created, before = applied.created, applied.before
    remarked = [
        (c, before[c.pk]) for c in applied.codings if c.pk in before and before[c.pk] != c.perspective
    ]
    if created or remarked:
        names = ", ".join(f"“{c.theme.name}”" for c in created or [c for c, _ in remarked])
        step = _step_write(
            program=source.program,
            person=coder,
            kind=CodingStep.Kind.APPLY,
            label=_("Apply {names} in “{title}”").format(names=names, title=source.title),
            created=created,
            remarked=remarked,
        )
    return applied.codings, step


@transaction.atomic
def coding_remove(*, coding: Coding, by: Person) -> None:
    """`coding_delete`, recorded as one undoable step."""
    kept = snapshot(coding)
    name, title = coding.theme.name, coding.source.title
    coding_delete(coding=coding, by=by)
    step_record(
        program=coding.source.program,
        person=by,
        kind=CodingStep.Kind.REMOVE,
        label=_("Remove “{name}” in “{title}”").format(name=name, title=title),
        removed=[kept],
    )


@transaction.atomic
def coding_remark(*, coding: Coding, by: Person, perspective: str) -> Coding:
    """`coding_set_perspective`, recorded as one undoable step when the perspective changed."""
    before = coding.perspective
    coding = coding_set_perspective(coding=coding, by=by, perspective=perspective)
    if before != coding.perspective:
        step_record(
            program=coding.source.program,
            person=by,
            kind=CodingStep.Kind.REMARK,
            label=_("Re-mark “{name}” as {value}").format(
                name=coding.theme.name, value=coding.get_perspective_display().lower()
            ),
            remarked=[(coding, before)],
        )
    return coding


# --- undo and redo ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class StepOutcome:
    """What undo or redo did: the step, how many changes it made and how many it had to skip."""

    step: CodingStep
    undone: bool
    changed: int
    skipped: int

    @property
    def message(self) -> str:
        verb = "Undone" if self.undone else "Redone"
        text = f"{verb}: {self.step.label}."
        if self.skipped:
            text += (
                f" {_plural(self.skipped, 'change')} could not be made (the coding, its source or its theme"
                " is gone or has changed since)."
            )
        return text


def _next_step(*, program: Program, person: Person, state: str) -> QuerySet[CodingStep]:
    """The step undo (state DONE: the newest) or redo (state UNDONE: the one undone last) would play."""
    steps = CodingStep.objects.filter(program=program, person=person, state=state)
    return steps.order_by("-pk" if state == CodingStep.State.DONE else "pk")


def next_undo(*, program: Program, person: Person) -> CodingStep | None:
    """The step undo would take back: the person's newest step still done."""
    return _next_step(program=program, person=person, state=CodingStep.State.DONE).first()


def next_redo(*, program: Program, person: Person) -> CodingStep | None:
    """The step redo would play again: the one undone last (steps are undone newest first)."""
    return _next_step(program=program, person=person, state=CodingStep.State.UNDONE).first()


def next_labels(*, program: Program, person: Person) -> tuple[str | None, str | None]:
    """The labels of the steps undo and redo would play (two small queries: the steps' changes, which grow
    with an auto-coding step, are not read)."""
    undo = _next_step(program=program, person=person, state=CodingStep.State.DONE)
    redo = _next_step(program=program, person=person, state=CodingStep.State.UNDONE)
    return (
        undo.values_list("label", flat=True).first(),
        redo.values_list("label", flat=True).first(),
    )


def _play(*, step: CodingStep, person: Person, sources: QuerySet[Source], undo: bool) -> StepOutcome:
    """Undo a step (take back what it created, put back what it removed, restore perspectives as they were
    before) or redo it (the mirror image), within the sources the person may see."""
    changes = step.changes
    take_back, put_back = (_remove, _restore) if undo else (_restore, _remove)
    changed, skipped = take_back(person=person, sources=sources, snaps=changes.get("created", []))
    c, s = put_back(person=person, sources=sources, snaps=changes.get("removed", []))
    changed, skipped = changed + c, skipped + s
    c, s = _set_perspectives(
        person=person, sources=sources, marks=changes.get("remarked", []), key="before" if undo else "after"
    )
    step.state = CodingStep.State.UNDONE if undo else CodingStep.State.DONE
    step.undone_at = timezone.now() if undo else None
    step.save(update_fields=["state", "undone_at", "updated_at"])
    return StepOutcome(step=step, undone=undo, changed=changed + c, skipped=skipped + s)


@transaction.atomic
def step_undo(*, program: Program, person: Person, sources: QuerySet[Source]) -> StepOutcome:
    """Take back the person's newest step, within the sources they may see; refused when there is none."""
    step = _next_step(program=program, person=person, state=CodingStep.State.DONE).select_for_update().first()
    if step is None:
        raise ApplicationError(_("There is nothing of yours to undo."))
    return _play(step=step, person=person, sources=sources, undo=True)


@transaction.atomic
def step_redo(*, program: Program, person: Person, sources: QuerySet[Source]) -> StepOutcome:
    """Play again the step the person undid last; refused when a new step has been taken since."""
    step = (
        _next_step(program=program, person=person, state=CodingStep.State.UNDONE).select_for_update().first()
    )
    if step is None:
        raise ApplicationError(_("There is nothing of yours to redo."))
    return _play(step=step, person=person, sources=sources, undo=False)


def _own(person: Person, sources: QuerySet[Source], codes: list[str]) -> QuerySet[Coding]:
    return Coding.objects.filter(code__in=codes, coder=person, source__in=sources)


def _remove(*, person: Person, sources: QuerySet[Source], snaps: list[dict]) -> tuple[int, int]:
    if not snaps:
        return 0, 0
    deleted = 0
    for coding in _own(person, sources, [snap["code"] for snap in snaps]).select_related("source", "theme"):
        coding_delete(coding=coding, by=person)
        deleted += 1
    return deleted, len(snaps) - deleted


def _restore(*, person: Person, sources: QuerySet[Source], snaps: list[dict]) -> tuple[int, int]:
    """Put codings back with their own code and creation time, through the bulk writer's span rule."""
    if not snaps:
        return 0, 0
    by_id = {s.pk: s for s in sources.filter(pk__in={snap["source"] for snap in snaps})}
    themes = {t.pk: t for t in Theme.objects.filter(pk__in={snap["theme"] for snap in snaps}, active=True)}
    present = set(
        Coding.objects.filter(code__in=[snap["code"] for snap in snaps]).values_list("code", flat=True)
    )
    drafts = [
        CodingDraft(
            source=by_id[snap["source"]],
            theme=themes[snap["theme"]],
            coder=person,
            start=snap["start"],
            end=snap["end"],
            perspective=snap["p"],
            code=uuid.UUID(snap["code"]),
            created_at=_when(snap.get("at")),
        )
        for snap in snaps
        if snap["source"] in by_id and snap["theme"] in themes and uuid.UUID(snap["code"]) not in present
    ]
    outcomes = codings_bulk_create(drafts=drafts)
    made = sum(1 for outcome in outcomes if outcome.status == "created")
    return made, len(snaps) - made


def _set_perspectives(
    *, person: Person, sources: QuerySet[Source], marks: list[dict], key: str
) -> tuple[int, int]:
    if not marks:
        return 0, 0
    wanted = {mark["code"]: mark[key] for mark in marks}
    done = 0
    for coding in _own(person, sources, list(wanted)).select_related("source", "theme"):
        coding_set_perspective(coding=coding, by=person, perspective=wanted[str(coding.code)])
        done += 1
    return done, len(marks) - done


def _when(value: str | None) -> datetime.datetime | None:
    return parse_datetime(value) if value else None


def steps_for(*, program: Program, person: Person, limit: int = 50) -> QuerySet[CodingStep]:
    """The person's newest steps in the program, the analysis log as they see it."""
    return CodingStep.objects.filter(program=program, person=person).order_by("-pk")[:limit]
