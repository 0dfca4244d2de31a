from django.core.files.uploadedfile import SimpleUploadedFile

from balint.core.testing.access import route
from balint.surveys.tests.factories import open_answer, other_resident_token, survey_world


def _survey(w):
    return [survey_world(w).code]


def _instrument(w):
    return [survey_world(w).instrument.code]


def _question(w):
    survey = survey_world(w)
    return [survey.instrument.code, survey.instrument.questions.first().code]


ROUTES = [
    route("surveys:instruments", "administrator", "leader", args=lambda w: [w.program.slug]),
    route(
        "surveys:instruments",
        "administrator",
        "leader",
        args=lambda w: [w.program.slug],
        method="post",
        data=lambda w: {"name": "Our own", "description": ""},
    ),
    route(
        "surveys:instrument_ready_made",
        "administrator",
        "leader",
        args=lambda w: [w.program.slug],
        method="post",
        data=lambda w: {"kind": "pulse"},
    ),
    route("surveys:instrument", "administrator", "leader", args=_instrument),
    route(
        "surveys:question_add",
        "administrator",
        "leader",
        args=_instrument,
        method="post",
        data=lambda w: {"kind": "open", "text": "Anything else?"},
    ),
    route("surveys:question_edit", "administrator", "leader", args=_question),
    route(
        "surveys:question_edit",
        "administrator",
        "leader",
        args=_question,
        method="post",
        data=lambda w: {"kind": "likert", "text": "Changed wording"},
    ),
    route("surveys:question_delete", "administrator", "leader", args=_question, method="post"),
    route("surveys:list", "administrator", "leader", "analyst", args=lambda w: [w.program.slug]),
    route("surveys:create", "leader", args=lambda w: [w.group.code]),
    route(
        "surveys:create",
        "leader",
        args=lambda w: [w.group.code],
        method="post",
        data=lambda w: {
            "title": "Pulse",
            "instrument": survey_world(w).instrument.code,
            "opens_at": "2030-01-01T12:00",
            "closes_at": "2030-01-15T12:00",
            "min_answers": "5",
        },
    ),
    route("surveys:detail", "administrator", "leader", "analyst", args=_survey),
    route("surveys:remind", "leader", args=_survey, method="post"),
    route("surveys:close", "leader", args=_survey, method="post"),
    route("surveys:results", "administrator", "leader", "analyst", args=_survey),
    route("surveys:send_to_analysis", "leader", "analyst", args=_survey, method="post"),
    route(
        "surveys:export", "administrator", "leader", "analyst", args=lambda w: [survey_world(w).code, "csv"]
    ),
    route(
        "surveys:export", "administrator", "leader", "analyst", args=lambda w: [survey_world(w).code, "xlsx"]
    ),
    route("surveys:answer", "resident", args=lambda w: [survey_world(w).code], query=""),
    route("surveys:link", args=lambda w: [other_resident_token(w)], public=True),
    route("surveys:thanks", public=True),
    route("surveys:transcription", "transcriber", args=lambda w: [w.program.slug]),
    route("surveys:transcribe", "transcriber", args=lambda w: [open_answer(w).id]),
    route(
        "surveys:transcribe",
        "transcriber",
        args=lambda w: [open_answer(w).id],
        method="post",
        data=lambda w: {"text": "A transcript.", "approve": "on"},
    ),
    # Scored scales: importing wording or scores (upload → preview → confirm) and the file templates.
    route("surveys:scale_wording", "administrator", "leader", args=lambda w: [w.program.slug]),
    route(
        "surveys:scale_wording",
        "administrator",
        "leader",
        args=lambda w: [w.program.slug],
        method="post",
        data=lambda w: {"scale": "cbi", "file": SimpleUploadedFile("w.csv", b"item,text\n1,Wording\n")},
    ),
    route(
        "surveys:scale_wording",
        "administrator",
        "leader",
        args=lambda w: [w.program.slug],
        method="post",
        data=lambda w: {"confirm": "not-signed"},
    ),
    route("surveys:scale_scores", "administrator", "leader", args=lambda w: [w.program.slug]),
    route(
        "surveys:scale_scores",
        "administrator",
        "leader",
        args=lambda w: [w.program.slug],
        method="post",
        data=lambda w: {
            "scale": "jse",
            "title": "JSE",
            "collected_on": "2025-05-01",
            "file": SimpleUploadedFile("s.csv", b"total\n100\n"),
        },
    ),
    route(
        "surveys:scale_scores",
        "administrator",
        "leader",
        args=lambda w: [w.program.slug],
        method="post",
        data=lambda w: {"confirm": "not-signed"},
    ),
    route(
        "surveys:scale_template",
        "administrator",
        "leader",
        args=lambda w: [w.program.slug, "cbi", "wording.csv"],
    ),
    route(
        "surveys:scale_template",
        "administrator",
        "leader",
        args=lambda w: [w.program.slug, "mini-z-2", "wording.json"],
    ),
    route(
        "surveys:scale_template",
        "administrator",
        "leader",
        args=lambda w: [w.program.slug, "mbi-hss-mp", "scores.csv"],
    ),
]
