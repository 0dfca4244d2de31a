from balint.core.testing.access import route
from balint.reports.annual_models import AnnualEvaluation

STAFF = ("administrator", "leader", "analyst")
WRITERS = ("administrator", "leader")
YEAR = 2024


def _year(w) -> list:
    AnnualEvaluation.objects.get_or_create(program=w.program, academic_year=YEAR)
    return [w.program.slug, YEAR]


_WORDS = {
    "goals": "Reflect on the doctor-patient relationship.",
    "actions-TOTAL_FORMS": "0",
    "actions-INITIAL_FORMS": "0",
}

ROUTES = [
    route("reports:program", *STAFF, args=lambda w: [w.program.slug]),
    route("reports:group", *STAFF, args=lambda w: [w.group.code]),
    route("reports:view", *STAFF, args=lambda w: [w.program.slug]),
    route("reports:new", *STAFF, args=lambda w: [w.program.slug]),
    route(
        "reports:new",
        *STAFF,
        args=lambda w: [w.program.slug],
        method="post",
        data=lambda w: {"date_from": "2025-01-01", "date_to": "2025-12-31", "output": "html"},
    ),
    route(
        "reports:settings",
        "administrator",
        args=lambda w: [w.program.slug],
        method="post",
        data=lambda w: {"min_cell": "6"},
    ),
    route("reports:scales", *STAFF, args=lambda w: [w.program.slug]),
    route("reports:annual", *WRITERS, args=lambda w: [w.program.slug]),
    route(
        "reports:annual",
        *WRITERS,
        args=lambda w: [w.program.slug],
        method="post",
        data=lambda w: {"academic_year": "2031"},
    ),
    route("reports:annual_edit", *WRITERS, args=_year),
    route("reports:annual_edit", *WRITERS, args=_year, method="post", data=lambda w: dict(_WORDS)),
    route("reports:annual_preview", *WRITERS, args=_year),
    route("reports:annual_build", *WRITERS, args=_year, method="post", data=lambda w: {"output": "docx"}),
]
