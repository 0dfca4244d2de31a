"""The resident behind a session note as a case of the analysis: pseudonymous, one per resident and year.

A session's note is about the case its presenter brought: the presenter becomes a case "Resident 7C2E90 ·
PGY-2" holding the whole note as one passage, so the code x attribute matrix reads notes by the presenter's
training year, cohort, group and site, as it reads survey respondents. Only the presenter: everyone in the
room would make each resident a case of nearly every theme of the year (attendance is steady), and the
matrix would say nothing. A session without a presenter (a professional-development topic) has no case and
stays its own row. A case is a resident in one training year: the same resident in the next year is another
case under the same pseudonym, so a theme counts in the year the session was held.

A case holds no link to the person: its name is the resident's pseudonym (privacy/pseudonyms.py), its origin
a keyed hash of the person and the training year, its attributes the program's own data (training year,
cohort, group, site). Residents are residents: their cells are suppressed when small (coding/matrix.py).
"""

from __future__ import annotations

import uuid

from django.db import transaction
from django.utils.crypto import salted_hmac

from balint.coding.models import Case, CaseSpan, Source
from balint.meetings.models import Meeting
from balint.privacy.pseudonyms import resident_pseudonym
from balint.programs.models import Membership, Program, Role

ORIGIN_PREFIX = "meetings.resident:"
NOTE_PREFIX = "meetings.note:"


def resident_case_origin(program: Program, person_code, training_year: str) -> str:
    """A keyed hash of the resident and training year: finds the case again, leads back to no one."""
    digest = salted_hmac("balint.analysis.resident-case", f"{program.code}:{person_code}:{training_year}")
    return f"{ORIGIN_PREFIX}{digest.hexdigest()[:40]}"


def _residents(meeting: Meeting) -> list[tuple]:
    """(person code, cohort) of the session's presenter when a resident of the program; else nobody."""
    if not meeting.presenter_id:
        return []
    memberships = Membership.objects.filter(
        program_id=meeting.group.program_id, role=Role.RESIDENT, person_id=meeting.presenter_id
    ).select_related("person", "cohort__program")
    return [(m.person.code, m.cohort) for m in memberships]


@transaction.atomic
def note_cases_attach(*, source: Source, meeting: Meeting) -> list[Case]:
    """Tie a session note's source to the case of the resident who presented (made when new); returns it."""
    program = source.program
    date = source.date or meeting.local_start.date()
    wanted = []
    for person_code, cohort in _residents(meeting):
        training = cohort.training_label(date) if cohort is not None else ""
        name = resident_pseudonym(program, person_code).name
        attributes = {"training year": training, "cohort": cohort.name if cohort else ""}
        attributes.update({"group": meeting.group.name, "site": program.institution})
        wanted.append(
            (
                resident_case_origin(program, person_code, training),
                f"{name} · {training}" if training else name,
                {k: v for k, v in attributes.items() if v},
            )
        )
    found = {c.origin: c for c in Case.objects.filter(program=program, origin__in=[w[0] for w in wanted])}
    cases = []
    for origin, name, attributes in wanted:
        case = found.get(origin)
        if case is None:
            case = Case.objects.create(
                program=program,
                kind=Case.Kind.RESIDENT,
                name=name[:200],
                group=meeting.group,
                attributes=attributes,
                origin=origin,
            )
        cases.append(case)
    CaseSpan.objects.bulk_create(
        [CaseSpan(case=case, source=source, start=0, end=len(source.text)) for case in cases],
        ignore_conflicts=True,
    )
    return cases


def note_cases_fill(*, program: Program) -> int:
    """Attach presenters to the program's session-note sources sent before they were (or that have none yet);
    returns how many sources gained a case. Sources whose session is gone are left as they are."""
    waiting = list(
        Source.objects.filter(
            program=program, kind=Source.Kind.SESSION_NOTE, origin__startswith=NOTE_PREFIX
        ).exclude(case_spans__isnull=False)
    )
    codes = set()
    for source in waiting:
        try:
            codes.add(uuid.UUID(source.origin[len(NOTE_PREFIX) :]))
        except ValueError:
            continue
    meetings = {
        str(m.code): m
        for m in Meeting.objects.filter(group__program=program, code__in=codes).select_related("group")
    }
    filled = 0
    for source in waiting:
        meeting = meetings.get(source.origin[len(NOTE_PREFIX) :])
        if meeting is not None and note_cases_attach(source=source, meeting=meeting):
            filled += 1
    return filled
