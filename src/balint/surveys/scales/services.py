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
import math
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from balint.core.errors import ApplicationError
from balint.core.services import validated
from balint.core.uploads import MB, TABLE_MB, upload_check
from balint.programs.models import Cohort, Group, Person, Program
from balint.surveys.models import Instrument, Question
from balint.surveys.scales.definitions import ScaleDefinition, definition_for, item_labels
from balint.surveys.scales.models import ScoredInstrument, ScoreRow, ScoreSet

MAX_FILE = TABLE_MB * MB  # text pasted or kept in a draft is parsed like a file, so it has the same cap
MAX_ROWS = 5000
TEXT_LIMIT = Question._meta.get_field("text").max_length
OPTION_LIMIT = 200
PLACEHOLDER = "<wording of"  # how the downloadable templates mark the text still to be replaced
_UNKNOWN_COLUMNS = gettext_lazy("Unknown columns: {unknown} (keep only {wanted} and code).")


def _definition(key: str) -> ScaleDefinition:
    definition = definition_for(key)
    if definition is None:
        raise ApplicationError(_("There is no scale with that key."), extra={"field": "scale"})
    return definition


@dataclass
class WordingRow:
    """One row of a wording file as read, with what is wrong with it (nothing when it can be imported)."""

    number: int  # the row in the file: CSV rows count the header as row 1, JSON entries from 1
    key: str
    text: str
    options: list[str]
    about: str = ""  # our neutral description of the item, to check the wording against
    errors: list[str] = field(default_factory=list)


@dataclass
class WordingCheck:
    definition: ScaleDefinition
    rows: list[WordingRow]
    problems: list[str] = field(default_factory=list)  # about the file as a whole (missing items)

    @property
    def ok(self) -> bool:
        return bool(self.rows) and not self.problems and not any(r.errors for r in self.rows)

    @property
    def error_count(self) -> int:
        return sum(1 for r in self.rows if r.errors) + len(self.problems)

    def first_error(self) -> str:
        for row in self.rows:
            if row.errors:
                return _("Row {number} (item {item}): {error}").format(
                    number=row.number, item=row.key or "?", error=row.errors[0]
                )
        return self.problems[0] if self.problems else _("The file holds no wording.")

    def parsed(self) -> dict[str, Any]:
        items = {r.key: (r.text, r.options) for r in self.rows if r.key.lower() != "open"}
        open_text = next((r.text for r in self.rows if r.key.lower() == "open"), "")
        return {"items": items, "open": open_text}


def upload_text(*, content: bytes) -> str:
    """An uploaded file's text: within the upload limit (TABLE_MB) and UTF-8 (a byte-order mark is dropped),
    or a refusal."""
    upload_check(size=len(content), cap_mb=TABLE_MB)
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ApplicationError(
            _("The file is not UTF-8 text: save it as CSV UTF-8 or JSON."), extra={"field": "file"}
        ) from None


def _wording_rows(content: str, name: str) -> list[WordingRow]:
    rows: list[WordingRow] = []
    if name.lower().endswith(".json") or content.lstrip().startswith(("{", "[")):
        try:
            data = json.loads(content)
        except ValueError as error:
            raise ApplicationError(
                _("Not a JSON file: {error}.").format(error=error), extra={"field": "file"}
            ) from None
        if not isinstance(data, dict) or not isinstance(data.get("items"), list):
            raise ApplicationError(
                _('The JSON needs an object with a list "items" (see the template).'), extra={"field": "file"}
            )
        if len(data["items"]) > MAX_ROWS:
            raise ApplicationError(_("At most {count} rows.").format(count=MAX_ROWS), extra={"field": "file"})
        for number, entry in enumerate(data["items"], start=1):
            if not isinstance(entry, dict):
                rows.append(WordingRow(number, "", "", [], errors=[_("not an object with item and text")]))
                continue
            options = entry.get("options") or []
            row = WordingRow(
                number, str(entry.get("item", "")).strip(), str(entry.get("text", "")).strip(), []
            )
            if isinstance(options, list):
                row.options = [str(o).strip() for o in options if str(o).strip()]
            else:
                row.errors.append(_("options must be a list of labels"))
            rows.append(row)
        if data.get("open"):
            rows.append(WordingRow(len(rows) + 1, "open", str(data["open"]).strip(), []))
        return rows
    try:
        reader = csv.DictReader(io.StringIO(content))
        fieldnames = reader.fieldnames
        if not fieldnames or not {"item", "text"} <= {(f or "").strip().lower() for f in fieldnames}:
            raise ApplicationError(
                _("The CSV needs a first row naming the columns item and text (and options, if used)."),
                extra={"field": "file"},
            )
        for number, raw in enumerate(reader, start=2):
            if number > MAX_ROWS + 1:
                raise ApplicationError(
                    _("At most {count} rows.").format(count=MAX_ROWS), extra={"field": "file"}
                )
            row = {(k or "").strip().lower(): (v if isinstance(v, str) else "") for k, v in raw.items()}
            if not any(value.strip() for value in row.values()):
                continue  # a blank line
            options = [o.strip() for o in row.get("options", "").split("|") if o.strip()]
            rows.append(WordingRow(number, row.get("item", "").strip(), row.get("text", "").strip(), options))
    except csv.Error as error:
        raise ApplicationError(
            _("Not a readable CSV file: {error}.").format(error=error), extra={"field": "file"}
        ) from None
    return rows


def wording_check(*, definition: ScaleDefinition, content: str, name: str) -> WordingCheck:
    """Every row of a CSV or JSON wording file with its problems; only an unreadable file is refused."""
    if definition.score_only:
        raise ApplicationError(
            _("{scale} is used under licence: enter or import its scores instead.").format(
                scale=definition.short
            ),
            extra={"field": "scale"},
        )
    if len(content) > MAX_FILE:
        raise ApplicationError(
            _("The file is larger than the upload limit of {mb} MB.").format(mb=TABLE_MB),
            extra={"field": "file"},
        )
    rows = _wording_rows(content, name)
    known = {i.key for i in definition.items}
    seen: set[str] = set()
    for row in rows:
        key = row.key
        if key.lower() == "open":
            if not definition.open_question:
                row.errors.append(_("{scale} has no open question").format(scale=definition.short))
            else:
                row.about = definition.open_question
        elif key not in known:
            row.errors.append(
                _("{scale} has no item {item}: items are 1 to {count}").format(
                    scale=definition.short, item=key or _("(empty)"), count=len(known)
                )
            )
        else:
            row.about = definition.item(key).about
            if key in seen:
                row.errors.append(_("this item appears twice"))
            seen.add(key)
            if row.options and len(row.options) != len(definition.points):
                row.errors.append(
                    _("{count} options: give all {points}, or none for the default labels").format(
                        count=len(row.options), points=len(definition.points)
                    )
                )
        if not row.text:
            row.errors.append(_("the wording is empty"))
        elif row.text.startswith(PLACEHOLDER):
            row.errors.append(_("still the template's placeholder: put your copy's wording here"))
        elif len(row.text) > TEXT_LIMIT:
            row.errors.append(_("the wording is longer than {limit} characters").format(limit=TEXT_LIMIT))
        if any(len(o) > OPTION_LIMIT for o in row.options):
            row.errors.append(_("an option is longer than {limit} characters").format(limit=OPTION_LIMIT))
        if len({o.casefold() for o in row.options}) != len(row.options):
            row.errors.append(_("an option appears twice"))
    missing = sorted(known - seen, key=int)
    problems = (
        [
            _("The file lacks items {items} of {scale}.").format(
                items=", ".join(missing), scale=definition.short
            )
        ]
        if missing
        else []
    )
    if not rows:
        problems = [_("The file holds no wording.")]
    return WordingCheck(definition=definition, rows=rows, problems=problems)


def wording_parse(*, definition: ScaleDefinition, content: str, name: str) -> dict[str, Any]:
    """{"items": {key: (text, labels)}, "open": text} from a CSV or JSON wording file, or a refusal."""
    check = wording_check(definition=definition, content=content, name=name)
    if not check.ok:
        raise ApplicationError(check.first_error(), extra={"field": "file"})
    return check.parsed()


@transaction.atomic
def scored_instrument_import(
    *, program: Program, scale_key: str, content: str, name: str, person: Person | None = None
) -> Instrument:
    """A program's own instrument for a definition, with the wording from its copy; all or nothing."""
    definition = _definition(scale_key)
    if definition.score_only:
        raise ApplicationError(
            _("{scale} is used under licence: enter or import its scores instead.").format(
                scale=definition.short
            ),
            extra={"field": "scale"},
        )
    parsed = wording_parse(definition=definition, content=content, name=name)
    instrument = validated(
        Instrument(
            program=program,
            name=definition.name,
            description=_("Scored with Balint's {scale} definition. {citation}").format(
                scale=definition.short, citation=definition.citation
            ),
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


@dataclass
class ScoreLine:
    """One respondent's row of a score file as read, with its problems."""

    number: int  # the row in the file, counting the header as row 1
    values: dict[str, float]
    code: str
    errors: list[str] = field(default_factory=list)


@dataclass
class ScoreCheck:
    definition: ScaleDefinition
    lines: list[ScoreLine]
    columns: list[str]

    @property
    def ok(self) -> bool:
        return bool(self.lines) and not any(line.errors for line in self.lines)

    @property
    def error_count(self) -> int:
        return sum(1 for line in self.lines if line.errors)

    @property
    def faulty(self) -> list[ScoreLine]:
        return [line for line in self.lines if line.errors]

    def first_error(self) -> str:
        for line in self.lines:
            if line.errors:
                return _("Row {number}: {error}").format(number=line.number, error=line.errors[0])
        return _("There are no scores to store.")

    def summary(self) -> list[tuple[str, int, float | None]]:
        """(subscale name, respondents with a score, mean) for the preview."""
        out = []
        for subscale in self.definition.subscales:
            values = [line.values[subscale.key] for line in self.lines if subscale.key in line.values]
            out.append((subscale.name, len(values), sum(values) / len(values) if values else None))
        return out


def _score_line(definition: ScaleDefinition, number: int, row: dict[str, str], uses_codes: bool) -> ScoreLine:
    line = ScoreLine(number=number, values={}, code="")
    for subscale in definition.subscales:
        raw = (row.get(subscale.key) or "").strip()
        if not raw:
            continue
        try:
            value = float(raw.replace(",", "."))
        except ValueError:
            line.errors.append(
                _("{column}: {value!r} is not a number").format(column=subscale.key, value=raw[:40])
            )
            continue
        if not math.isfinite(value) or not subscale.low <= value <= subscale.high:
            line.errors.append(
                _("{column}: {value} is outside {low:g} to {high:g}").format(
                    column=subscale.key, value=raw[:40], low=subscale.low, high=subscale.high
                )
            )
            continue
        line.values[subscale.key] = value
    if not line.values and not line.errors:
        line.errors.append(_("no score in this row"))
    code = (row.get("code") or "").strip()
    if uses_codes:
        if not code:
            line.errors.append(_("no code, though the set pairs respondents by their own code"))
        elif len(code) > 64:
            line.errors.append(_("the code is longer than 64 characters"))
        line.code = code
    return line


def score_check(*, definition: ScaleDefinition, content: str, uses_codes: bool = False) -> ScoreCheck:
    """Every row of a score CSV (one column per subscale key, and `code`) with its problems."""
    if len(content) > MAX_FILE:
        raise ApplicationError(
            _("The file is larger than the upload limit of {mb} MB.").format(mb=TABLE_MB),
            extra={"field": "file"},
        )
    wanted = [s.key for s in definition.subscales]
    try:
        reader = csv.DictReader(io.StringIO(content))
        columns = [(f or "").strip().lower() for f in reader.fieldnames or []]
        unknown = sorted(set(columns) - set(wanted) - {"code"})
        if not set(columns) & set(wanted):
            raise ApplicationError(
                _("The CSV needs a first row naming at least one of the columns {columns}.").format(
                    columns=", ".join(wanted)
                ),
                extra={"field": "file"},
            )
        if unknown:
            raise ApplicationError(
                _UNKNOWN_COLUMNS.format(unknown=", ".join(unknown), wanted=", ".join(wanted)),
                extra={"field": "file"},
            )
        if uses_codes and "code" not in columns:
            raise ApplicationError(
                _("The set pairs respondents by their own code, so the CSV needs a column code."),
                extra={"field": "file"},
            )
        lines = []
        for number, raw in enumerate(reader, start=2):
            if len(lines) >= MAX_ROWS:
                raise ApplicationError(
                    _("At most {count} respondents in one set.").format(count=MAX_ROWS),
                    extra={"field": "file"},
                )
            row = {(k or "").strip().lower(): (v if isinstance(v, str) else "") for k, v in raw.items()}
            if not any(value.strip() for value in row.values()):
                continue  # a blank line
            line = _score_line(definition, number, row, uses_codes)
            if None in raw:
                line.errors.append(_("more cells than columns"))
            lines.append(line)
    except csv.Error as error:
        raise ApplicationError(
            _("Not a readable CSV file: {error}.").format(error=error), extra={"field": "file"}
        ) from None
    if not lines:
        raise ApplicationError(_("There are no scores to store."), extra={"field": "file"})
    return ScoreCheck(definition=definition, lines=lines, columns=[c for c in columns if c in wanted])


def score_rows_parse(*, definition: ScaleDefinition, content: str) -> list[dict[str, str]]:
    """Rows of a score CSV whose columns are the definition's subscale keys (and `code`)."""
    if len(content) > MAX_FILE:
        raise ApplicationError(
            _("The file is larger than the upload limit of {mb} MB.").format(mb=TABLE_MB),
            extra={"field": "file"},
        )
    reader = csv.DictReader(io.StringIO(content))
    columns = {(f or "").strip().lower() for f in reader.fieldnames or []}
    wanted = {s.key for s in definition.subscales}
    unknown = columns - wanted - {"code"}
    if not columns & wanted:
        raise ApplicationError(
            _("The CSV needs at least one of the columns {columns}.").format(
                columns=", ".join(sorted(wanted))
            ),
            extra={"field": "file"},
        )
    if unknown:
        raise ApplicationError(
            _UNKNOWN_COLUMNS.format(unknown=", ".join(sorted(unknown)), wanted=", ".join(sorted(wanted))),
            extra={"field": "file"},
        )
    return [{(k or "").strip().lower(): (v or "") for k, v in row.items()} for row in reader]


def _scores_from_rows(
    definition: ScaleDefinition, rows: list[dict[str, str]], *, uses_codes: bool
) -> list[tuple[dict[str, float], str]]:
    if not rows:
        raise ApplicationError(_("There are no scores to store."), extra={"field": "file"})
    if len(rows) > MAX_ROWS:
        raise ApplicationError(
            _("At most {count} respondents in one set.").format(count=MAX_ROWS), extra={"field": "file"}
        )
    out = []
    for number, row in enumerate(rows, start=1):
        line = _score_line(definition, number, row, uses_codes)
        if line.errors:
            raise ApplicationError(
                _("Row {number}: {error}.").format(number=number, error=line.errors[0]),
                extra={"field": "file"},
            )
        out.append((line.values, line.code))
    return out


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
        raise ApplicationError(_("The cohort or group belongs to another program."))
    scores = _scores_from_rows(definition, rows, uses_codes=uses_codes)
    if invited is not None and invited < len(scores):
        raise ApplicationError(
            _("{count} respondents but only {invited} invited.").format(count=len(scores), invited=invited),
            extra={"field": "invited"},
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
