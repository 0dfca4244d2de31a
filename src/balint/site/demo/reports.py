"""Demo: Copenhagen Burnout Inventory scores before and after the format change, and an annual evaluation.

Scores are synthetic and anonymous (entered as score sets, as a program would from paper forms), with
codes the residents made up so the page can show a paired comparison. Own random generator, so the
other extensions' draws do not move.
"""

from __future__ import annotations

import datetime
import random

from balint.reports.annual import annual_evaluation_start, annual_evaluation_update
from balint.surveys.scales.services import score_set_create

SEED = 23


def _rows(rng: random.Random, codes: list[str], shift: float) -> list[dict[str, str]]:
    rows = []
    for code in codes:
        base = rng.gauss(52, 12)
        rows.append(
            {
                "personal": f"{min(100, max(0, base + shift + rng.gauss(0, 6))):.1f}",
                "work": f"{min(100, max(0, base + 4 + shift + rng.gauss(0, 6))):.1f}",
                "client": f"{min(100, max(0, base - 14 + shift / 2 + rng.gauss(0, 6))):.1f}",
                "code": code,
            }
        )
    return rows


def extend(world) -> None:
    program, group = world.program, world.group
    codes = [f"R{n:02d}" for n in range(1, len(world.residents_by_group[group.pk]) + 1)]
    invited = len(codes)
    sets = [
        ("CBI, winter 2025 (before the flexible format)", datetime.date(2025, 3, 15), codes[:9], 0.0),
        ("CBI, summer 2025", datetime.date(2025, 6, 20), codes[:10], -7.0),
        ("CBI, spring 2026", datetime.date(2026, 5, 29), codes[1:10], -9.0),
    ]
    for title, day, respondents, shift in sets:
        rng_local = random.Random(f"{SEED}-{title}")
        score_set_create(
            program=program,
            scale_key="cbi",
            title=title,
            collected_on=day,
            rows=_rows(rng_local, respondents, shift),
            group=group,
            invited=invited,
            uses_codes=True,
            person=world.leaders[0],
        )
    leader = world.leaders[0]
    previous = annual_evaluation_start(program=program, academic_year=2024, person=leader)
    annual_evaluation_update(
        evaluation=previous,
        data={
            "committee": "Program director (chair)\nBalint co-leader, family physician\nBalint co-leader, "
            "psychologist\nChief resident (PGY-3)\nResident member elected by the PGY-2 class",
            "goals": "Give every PGY-2 and PGY-3 resident a protected hour to reflect on the doctor–patient "
            "relationship, and help residents notice their own reactions to patients.",
            "strengths": "Two experienced co-leaders; attendance steady through the year.",
            "weaknesses": "Residents found the strict format rigid and late arrivals were turned away.",
        },
        actions=[
            {
                "action": "Let residents choose each session's focus and allow problem solving on request",
                "measure": "Share of sessions whose focus the residents chose; needs-assessment themes",
                "owner": "Balint co-leaders",
                "status": "done",
                "outcome": "Flexible format from April 2025; residents chose the focus of most sessions.",
            },
            {
                "action": "Ask clinic managers to protect the hour before the group",
                "measure": "Share of late arrivals due to clinic running late",
                "owner": "Program director",
                "status": "under_way",
                "outcome": "Agreed with two of three clinics.",
            },
        ],
        person=leader,
    )
    current = annual_evaluation_start(program=program, academic_year=2025, person=leader)
    carried = [
        {"pk": a.pk, "action": a.action, "measure": a.measure, "owner": a.owner, "status": a.status}
        for a in current.actions.all()
    ]
    annual_evaluation_update(
        evaluation=current,
        data={
            "last_year_summary": "The flexible format began in April 2025. Protecting the hour before the "
            "group is agreed with two clinics and is carried into this year's plan.",
            "strengths": "Residents bring their own emotional experience of patients more often than before.",
            "weaknesses": "Late arrivals rose again in 2026 as clinics ran over.",
            "opportunities": "Use the burnout scale each spring to follow the effect of the new format.",
            "threats": "Clinic staffing may take the protected hour away.",
        },
        actions=[
            *carried,
            {
                "action": "Repeat the Copenhagen Burnout Inventory each spring with residents' own codes",
                "measure": "Work-related burnout score, before/after, with its interval",
                "owner": "Balint co-leaders",
                "due_on": datetime.date(2027, 5, 31),
            },
        ],
        person=leader,
    )
