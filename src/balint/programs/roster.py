"""Roster import: a CSV or XLSX table of people (name, e-mail, role, cohort, group) checked row by row,
shown as a preview, then created all at once with an invitation e-mail each, or not at all."""

import csv
import io
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from balint.core.errors import ApplicationError
from balint.programs.models import Cohort, Group, GroupSeat, Person, Program, Role
from balint.programs.services import group_seat_add, person_create, person_invite, username_for

COLUMNS = ["name", "email", "role", "cohort", "group"]
MAX_ROWS = 2000
ROLE_WORDS = {value: value for value in Role.values} | {
    label.lower(): value for value, label in Role.choices
} | {"administrator": Role.ADMIN, "co-leader": Role.LEADER, "coleader": Role.LEADER}  # fmt: skip


@dataclass
class RosterRow:
    number: int  # the row in the file, counting the header as row 1
    name: str
    email: str
    role: str
    cohort: str
    group: str
    errors: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {k: getattr(self, k) for k in ["number", "name", "email", "role", "cohort", "group"]}


@dataclass
class RosterCheck:
    rows: list[RosterRow]
    new_cohorts: list[str]

    @property
    def ok(self) -> bool:
        return bool(self.rows) and not any(row.errors for row in self.rows)

    @property
    def error_count(self) -> int:
        return sum(1 for row in self.rows if row.errors)


def roster_read(*, name: str, content: bytes) -> list[RosterRow]:
    """The table's rows; a file that is not a readable CSV or XLSX, or lacks a column, is refused whole."""
    if name.lower().endswith(".xlsx"):
        table = _xlsx_rows(content)
    elif name.lower().endswith(".csv"):
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ApplicationError(_("The CSV file is not UTF-8 text."), extra={"field": "file"}) from None
        table = list(csv.reader(io.StringIO(text)))
    else:
        raise ApplicationError(_("Choose a .csv or .xlsx file."), extra={"field": "file"})
    table = [row for row in table if any(str(cell or "").strip() for cell in row)]
    if not table:
        raise ApplicationError(_("The file is empty."), extra={"field": "file"})
    header = [str(cell or "").strip().lower().replace("e-mail", "email") for cell in table[0]]
    missing = [c for c in ["name", "email", "role"] if c not in header]
    if missing:
        raise ApplicationError(
            _("The first row must name the columns: {value} (missing: {value2}).").format(
                value=", ".join(COLUMNS), value2=", ".join(missing)
            ),
            extra={"field": "file"},
        )
    if len(table) - 1 > MAX_ROWS:
        raise ApplicationError(
            _("At most {MAX_ROWS} people per file.").format(MAX_ROWS=MAX_ROWS), extra={"field": "file"}
        )
    rows = []
    for number, cells in enumerate(table[1:], start=2):
        at = {c: header.index(c) for c in COLUMNS if c in header}
        values = {
            c: str(cells[at[c]] or "").strip() if at.get(c, len(cells)) < len(cells) else "" for c in COLUMNS
        }
        rows.append(RosterRow(number=number, **values))
    return rows


def _xlsx_rows(content: bytes) -> list[list]:
    from zipfile import BadZipFile

    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
        rows = [
            list(row) for _, row in zip(range(MAX_ROWS + 2), sheet.iter_rows(values_only=True), strict=False)
        ]
        workbook.close()
    except (BadZipFile, KeyError, ValueError, OSError, IndexError):
        raise ApplicationError(
            _("The file is not a readable .xlsx workbook."), extra={"field": "file"}
        ) from None
    return rows


def roster_check(*, program: Program, rows: list[RosterRow]) -> RosterCheck:
    """Every row's problems, in words; nothing is written."""
    cohorts = {c.name.casefold(): c for c in program.cohorts.all()}
    groups = {g.name.casefold(): g for g in program.groups.all()}
    known = {
        e.casefold()
        for e in Person.objects.filter(memberships__program=program).values_list("email", flat=True)
    }
    seen: dict[str, int] = {}
    new_cohorts: list[str] = []
    for row in rows:
        if not row.name:
            row.errors.append(_("The name is empty."))
        elif len(row.name) > 200:
            row.errors.append(_("The name is longer than 200 characters."))
        try:
            validate_email(row.email)
        except ValidationError:
            row.errors.append(
                _("“{email}” is not an e-mail address.").format(email=row.email)
                if row.email
                else _("The e-mail is empty.")
            )
        else:
            key = row.email.casefold()
            if key in known:
                row.errors.append(_("Someone in this program already has this e-mail."))
            elif key in seen:
                row.errors.append(_("The same e-mail is on row {number}.").format(number=seen[key]))
            seen.setdefault(key, row.number)
        role = ROLE_WORDS.get(row.role.casefold())
        if role is None:
            row.errors.append(
                _("The role “{role}” is not one of: resident, leader, transcriber, analyst, admin.").format(
                    role=row.role
                )
            )
        else:
            row.role = role
        if row.cohort and role and role != Role.RESIDENT:
            row.errors.append(_("Only residents belong to a cohort."))
        elif row.cohort and row.cohort.casefold() not in cohorts:
            if _entry_year(row.cohort, program) is None:
                row.errors.append(
                    _("No cohort “{cohort}”; name an existing one or a new “Class of YEAR”.").format(
                        cohort=row.cohort
                    )
                )
            elif row.cohort not in new_cohorts:
                new_cohorts.append(row.cohort)
        if row.group:
            if row.group.casefold() not in groups:
                row.errors.append(
                    _("No group “{group}” in this program; create it first.").format(group=row.group)
                )
            elif role not in {Role.RESIDENT, Role.LEADER}:
                row.errors.append(_("Only residents (members) and leaders (co-leaders) join a group."))
    return RosterCheck(rows=rows, new_cohorts=new_cohorts)


def _entry_year(cohort_name: str, program: Program) -> int | None:
    """'Class of 2028' in a three-year program entered in 2025."""
    words = cohort_name.split()
    if len(words) >= 2 and words[-1].isdigit() and len(words[-1]) == 4:
        return int(words[-1]) - program.training_years
    return None


@transaction.atomic
def roster_import(*, program: Program, rows: list[RosterRow], starts_on) -> list[Person]:
    """Create every row's person (with cohort and group), invite each by e-mail; one bad row refuses all."""
    check = roster_check(program=program, rows=rows)
    if not check.ok:
        raise ApplicationError(
            _("{error_count} row(s) have problems; nothing was imported.").format(
                error_count=check.error_count
            ),
            extra={"field": "file"},
        )
    for name in check.new_cohorts:
        Cohort.objects.create(program=program, name=name, entry_year=_entry_year(name, program))
    cohorts = {c.name.casefold(): c for c in program.cohorts.all()}
    groups = {g.name.casefold(): g for g in program.groups.all()}
    taken: set[str] = set()
    people = []
    for row in rows:
        person = person_create(
            program=program,
            full_name=row.name,
            email=row.email,
            username=username_for(row.email, taken),
            role=row.role,
            cohort=cohorts.get(row.cohort.casefold()) if row.cohort else None,
        )
        if row.group:
            kind = GroupSeat.Kind.LEADER if row.role == Role.LEADER else GroupSeat.Kind.MEMBER
            group: Group = groups[row.group.casefold()]
            group_seat_add(group=group, person=person, kind=kind, starts_on=starts_on)
        person_invite(program=program, person=person)
        people.append(person)
    return people
