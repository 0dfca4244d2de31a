"""Every studies URL: the study's own pages (owner, analysts, member sites) and a program's studies pages.

In the world, the administrator owns the study and consented for the program (Site A), and the world's
analyst is also the study's analyst; the leader, resident, transcriber and the outsider (an administrator
of a program that did not join) get nothing of the study.
"""

from balint.core.testing.access import route
from balint.studies.tests.factories import study_world


def _study(w):
    return study_world(w).study


def _code(w):
    return [_study(w).code]


def _program(w):
    return [w.program.slug, _study(w).code]


SIGNED_IN = ("administrator", "leader", "resident", "transcriber", "analyst", "outsider")

ROUTES = [
    route("studies:list", *SIGNED_IN),
    route("studies:create", "administrator", "outsider"),
    route("studies:detail", "administrator", "analyst", args=_code),
    route("studies:edit", "administrator", args=_code),
    route("studies:analysts", "administrator", args=_code),
    route(
        "studies:analyst_remove",
        "administrator",
        args=lambda w: [_study(w).code, w.analyst.code],
        method="post",
    ),
    route("studies:codebook_import", "administrator", "analyst", args=_code),
    route("studies:report", "administrator", "analyst", args=_code),
    route("studies:export", "analyst", args=_code, method="post"),
    route("studies:program_studies", "administrator", args=lambda w: [w.program.slug]),
    route("studies:join", "administrator", args=lambda w: [w.program.slug]),
    route("studies:contribute", "administrator", args=_program),
    route("studies:preview", "administrator", args=_program),
    route("studies:withdraw", "administrator", args=_program),
    route(
        "studies:contribution_withdraw",
        "administrator",
        args=lambda w: [*_program(w), study_world(w).contribution.code],
        method="post",
    ),
]
