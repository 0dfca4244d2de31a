"""Writes for scored scales: import an instrument's wording for a definition, enter or import score sets.

The wording file (CSV or JSON, documented in the README and on the library page):

    CSV:  item,text,options          (options optional: labels in the definition's order, split by "|")
          1,"<item 1 wording from your copy>","<option 1>|<option 2>|..."
          open,"<the open question from your copy>",
    JSON: {"items": [{"item": "1", "text": "...", "options": ["...", ...]}, ...], "open": "..."}

A score file (CSV) has one row per respondent and one column per subscale key, plus `code` when the
program collected codes residents made up. Every import is all or nothing, with the row at fault named.
"""

from __future__ import annotations

import csv
import datetime
import hashlib
import hmac
import io
import json
from typing import Any

from django.conf import settings
from django.db import transaction

from balint.core.errors import ApplicationError
from balint.core.services import validated
from balint.programs.models import Cohort, Group, Person, Program
from balint.surveys.models import Instrument, Question
from balint.surveys.scales.definitions import ScaleDefinition, definition_for, item_labels
from balint.surveys.scales.models import ScoredInstrument, ScoreRow, ScoreSet

MAX_FILE = 1_000_000
MAX_ROWS = 5000
TEXT_LIMIT = Question._meta.get_field("text").max_length


def _definition(key: str) -> ScaleDefinition:
    definition = definition_for(key)
    if definition is None:
        raise ApplicationError("There is no scale with that key.", extra={"field": "scale"})
    return definition


def wording_parse(*, definition: ScaleDefinition, content: str, name: str) -> dict[str, Any]:
    """{"items": {key: (text, labels)}, "open": text} from a CSV or JSON wording file, or a refusal."""
    if len(content) > MAX_FILE:
        raise ApplicationError("The file is larger than 1 MB.", extra={"field": "file"})
    rows: list[tuple[str, str, list[str]]] = []
    if name.lower().endswith(".json") or content.lstrip().startswith("{"):
        try:
            data = json.loads(content)
            for entry in data["items"]:
                options = entry.get("options") or []
                if not isinstance(options, list):
                    raise TypeError("options is not a list")
                rows.append((str(entry["item"]), str(entry["text"]), [str(o) for o in options]))
            if data.get("open"):
                rows.append(("open", str(data["open"]), []))
        except (ValueError, KeyError, TypeError) as error:
            raise ApplicationError(f"Not a wording file: {error}.", extra={"field": "file"}) from None
    else:
        reader = csv.DictReader(io.StringIO(content))
        if not reader.fieldnames or not {"item", "text"} <= {f.strip().lower() for f in reader.fieldnames}:
            raise ApplicationError("The CSV needs the columns item and text.", extra={"field": "file"})
        for row in reader:
            row = {(k or "").strip().lower(): (v or "") for k, v in row.items()}
            options = [o.strip() for o in row.get("options", "").split("|") if o.strip()]
            rows.append((row["item"].strip(), row["text"].strip(), options))
    items: dict[str, tuple[str, list[str]]] = {}
    open_text = ""
    known = {i.key for i in definition.items}
    for number, (key, text, options) in enumerate(rows, start=1):
        where = f"Row {number} (item {key or '?'})"
        if key.lower() == "open":
            if not definition.open_question:
                raise ApplicationError(f"{where}: {definition.short} has no open question.")
            open_text = text
        elif key not in known:
            raise ApplicationError(f"{where}: {definition.short} has no such item (1 to {len(known)}).")
        elif key in items:
            raise ApplicationError(f"{where}: this item appears twice.")
        elif options and len(options) != len(definition.points):
            raise ApplicationError(f"{where}: give all {len(definition.points)} options, or none.")
        if not text or len(text) > TEXT_LIMIT:
            raise ApplicationError(f"{where}: the wording is empty or longer than {TEXT_LIMIT} characters.")
        if key.lower() != "open":
            items[key] = (text, options)
    missing = sorted(known - set(items), key=int)
    if missing:
        raise ApplicationError(f"The file lacks items {', '.join(missing)} of {definition.short}.")
    return {"items": items, "open": open_text}


@transaction.atomic
def scored_instrument_import(
    *, program: Program, scale_key: str, content: str, name: str, person: Person | None = None
) -> Instrument:
    """A program's own instrument for a definition, with the wording from its copy; all or nothing."""
    definition = _definition(scale_key)
    if definition.score_only:
        raise ApplicationError(
            f"{definition.short} is used under licence: enter or import its scores instead.",
            extra={"field": "scale"},
        )
    parsed = wording_parse(definition=definition, content=content, name=name)
    instrument = validated(
        Instrument(
            program=program,
            name=definition.name,
            description=f"Scored with Balint's {definition.short} definition. {definition.citation}",
            kind=Instrument.Kind.CUSTOM,
        )
    )
    instrument.save()
    mapping: dict[str, str] = {}
    position = 0
    for item in definition.items:
        text, options = parsed["items"][item.key]
        position += 1
        question = Question(
            instrument=instrument,
            position=position,
            kind=Question.Kind.SINGLE,
            text=text,
            choices=options or list(item_labels(definition, item)),
            required=True,
        )
        validated(question).save()
        mapping[str(position)] = item.key
    if parsed["open"]:
        validated(
            Question(
                instrument=instrument, position=position + 1, kind=Question.Kind.OPEN, text=parsed["open"]
            )
        ).save()
    ScoredInstrument.objects.create(
        program=program, family=instrument.family, scale_key=definition.key, items=mapping, imported_by=person
    )
    return instrument


def pair_code_hash(*, program: Program, code: str) -> str:
    """A keyed hash of a resident's own code (case and spaces ignored); the code itself is never stored."""
    normalised = "".join(code.split()).casefold()
    if not normalised:
        return ""
    key = f"{settings.SECRET_KEY}:pair:{program.code}".encode()
    return hmac.new(key, normalised.encode(), hashlib.sha256).hexdigest()


def _scores_from_rows(
    definition: ScaleDefinition, rows: list[dict[str, str]], *, uses_codes: bool
) -> list[tuple[dict[str, float], str]]:
    if not rows:
        raise ApplicationError("There are no scores to store.", extra={"field": "file"})
    if len(rows) > MAX_ROWS:
        raise ApplicationError(f"At most {MAX_ROWS} respondents in one set.", extra={"field": "file"})
    out = []
    for number, row in enumerate(rows, start=1):
        values: dict[str, float] = {}
        for subscale in definition.subscales:
            raw = (row.get(subscale.key) or "").strip()
            if not raw:
                continue
            try:
                value = float(raw.replace(",", "."))
            except ValueError:
                raise ApplicationError(
                    f"Row {number}, {subscale.key}: {raw!r} is not a number.", extra={"field": "file"}
                ) from None
            if not subscale.low <= value <= subscale.high:
                raise ApplicationError(
                    f"Row {number}, {subscale.key}: {value:g} is outside "
                    f"{subscale.low:g} to {subscale.high:g}.",
                    extra={"field": "file"},
                )
            values[subscale.key] = value
        if not values:
            raise ApplicationError(f"Row {number} has no score.", extra={"field": "file"})
        code = (row.get("code") or "").strip() if uses_codes else ""
        out.append((values, code))
    return out


def score_rows_parse(*, definition: ScaleDefinition, content: str) -> list[dict[str, str]]:
    """Rows of a score CSV whose columns are the definition's subscale keys (and `code`)."""
    if len(content) > MAX_FILE:
        raise ApplicationError("The file is larger than 1 MB.", extra={"field": "file"})
    reader = csv.DictReader(io.StringIO(content))
    columns = {(f or "").strip().lower() for f in reader.fieldnames or []}
    wanted = {s.key for s in definition.subscales}
    unknown = columns - wanted - {"code"}
    if not columns & wanted:
        raise ApplicationError(
            f"The CSV needs at least one of the columns {', '.join(sorted(wanted))}.", extra={"field": "file"}
        )
    if unknown:
        raise ApplicationError(
            f"Unknown columns: {', '.join(sorted(unknown))} "
            f"(keep only {', '.join(sorted(wanted))} and code).",
            extra={"field": "file"},
        )
    return [{(k or "").strip().lower(): (v or "") for k, v in row.items()} for row in reader]


@transaction.atomic
def score_set_create(
    *,
    program: Program,
    scale_key: str,
    title: str,
    collected_on: datetime.date,
    rows: list[dict[str, str]],
    cohort: Cohort | None = None,
    group: Group | None = None,
    invited: int | None = None,
    uses_codes: bool = False,
    source: str = ScoreSet.Source.ENTERED,
    person: Person | None = None,
) -> ScoreSet:
    """Store one administration's scores, one anonymous row per respondent, all or nothing."""
    definition = _definition(scale_key)
    if (cohort and cohort.program_id != program.pk) or (group and group.program_id != program.pk):
        raise ApplicationError("The cohort or group belongs to another program.")
    scores = _scores_from_rows(definition, rows, uses_codes=uses_codes)
    if invited is not None and invited < len(scores):
        raise ApplicationError(
            f"{len(scores)} respondents but only {invited} invited.", extra={"field": "invited"}
        )
    score_set = validated(
        ScoreSet(
            program=program,
            scale_key=definition.key,
            title=title,
            collected_on=collected_on,
            cohort=cohort,
            group=group,
            invited=invited,
            uses_codes=uses_codes,
            source=source,
            entered_by=person,
        )
    )
    score_set.save()
    made = [
        ScoreRow(score_set=score_set, values=values, pair_code=pair_code_hash(program=program, code=code))
        for values, code in scores
    ]
    ScoreRow.objects.bulk_create(sorted(made, key=lambda r: r.id))  # file order says nothing
    return score_set
