"""Survey pages: instruments, opening a survey, answering through a link, transcription, results, exports.

The answering views are wrapped in `sensitive_post_parameters` / `sensitive_variables`, so even an
error report never carries what a resident wrote, and they write nothing to the session.
"""

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from balint.core.downloads import download_response
from balint.core.errors import ApplicationError
from balint.core.services import get_object
from balint.programs.access import get_group_for, get_program_for, person_for
from balint.surveys import selectors, services
from balint.surveys.access import get_answer_for_transcriber, get_instrument_for, get_survey_for
from balint.surveys.forms import (
    InstrumentForm,
    QuestionForm,
    ReadyMadeForm,
    ResponseForm,
    SurveyForm,
    TranscriptForm,
)
from balint.surveys.models import Invitation, Question, Survey


def _can_edit_instruments(roles) -> bool:
    return roles.is_admin or roles.is_leader


# Instruments -------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def instrument_list(request: HttpRequest, slug: str) -> HttpResponse:
    program, roles = get_program_for(request, slug, _can_edit_instruments)
    form = InstrumentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        instrument = services.instrument_create(program=program, **form.cleaned_data)
        return redirect("surveys:instrument", code=instrument.code)
    return render(
        request,
        "surveys/instrument_list.html",
        {
            "program": program,
            "instruments": selectors.instrument_list(program=program),
            "form": form,
            "ready_form": ReadyMadeForm(),
        },
        status=422 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def instrument_ready_made(request: HttpRequest, slug: str) -> HttpResponse:
    program, roles = get_program_for(request, slug, _can_edit_instruments)
    form = ReadyMadeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose one of the ready-made instruments."))
        return redirect("surveys:instruments", slug=program.slug)
    instrument = services.instrument_create_ready_made(program=program, kind=form.cleaned_data["kind"])
    messages.success(
        request, _("“{name}” was added; you can edit its questions here.").format(name=instrument.name)
    )
    return redirect("surveys:instrument", code=instrument.code)


@login_required
@require_http_methods(["GET", "POST"])
def instrument_detail(request: HttpRequest, code: UUID) -> HttpResponse:
    instrument, roles = get_instrument_for(request, code, _can_edit_instruments)
    form = InstrumentForm(
        request.POST or None, initial={"name": instrument.name, "description": instrument.description}
    )
    if request.method == "POST" and form.is_valid():
        version = services.instrument_update(instrument=instrument, **form.cleaned_data)
        _say_version(request, instrument, version)
        return redirect("surveys:instrument", code=version.code)
    return _instrument_page(
        request,
        instrument,
        form=form,
        question_form=QuestionForm(),
        status=422 if request.method == "POST" else 200,
    )


def _instrument_page(request, instrument, *, form=None, question_form=None, status=200) -> HttpResponse:
    return render(
        request,
        "surveys/instrument_detail.html",
        {
            "instrument": instrument,
            "program": instrument.program,
            "questions": list(instrument.questions.all()),
            "versions": selectors.instrument_versions(instrument=instrument),
            "has_answers": services.instrument_has_answers(instrument=instrument),
            "form": form
            or InstrumentForm(initial={"name": instrument.name, "description": instrument.description}),
            "question_form": question_form or QuestionForm(),
        },
        status=status,
    )


def _say_version(request, before, after) -> None:
    if after.pk != before.pk:
        messages.success(
            request,
            _(
                "The instrument already had answers, so your change made version {version}; "
                "answers keep version {version2}."
            ).format(version=after.version, version2=before.version),
        )


@login_required
@require_POST
def question_add(request: HttpRequest, code: UUID) -> HttpResponse:
    instrument, roles = get_instrument_for(request, code, _can_edit_instruments)
    form = QuestionForm(request.POST)
    if not form.is_valid():
        return _instrument_page(request, instrument, question_form=form, status=422)
    question = services.question_add(instrument=instrument, **form.cleaned_data)
    _say_version(request, instrument, question.instrument)
    return redirect("surveys:instrument", code=question.instrument.code)


def _question_for(request, code, question_code) -> Question:
    instrument, roles = get_instrument_for(request, code, _can_edit_instruments)
    question = get_object(instrument.questions.select_related("instrument__program"), code=question_code)
    return question


@login_required
@require_http_methods(["GET", "POST"])
def question_edit(request: HttpRequest, code: UUID, question_code: UUID) -> HttpResponse:
    question = _question_for(request, code, question_code)
    initial = {
        "kind": question.kind,
        "text": question.text,
        "help_text": question.help_text,
        "choices": "\n".join(question.choices),
        "required": question.required,
    }
    form = QuestionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        changed = services.question_update(question=question, data=form.cleaned_data)
        _say_version(request, question.instrument, changed.instrument)
        return redirect("surveys:instrument", code=changed.instrument.code)
    return render(
        request,
        "surveys/question_form.html",
        {"question": question, "instrument": question.instrument, "form": form},
        status=422 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def question_delete(request: HttpRequest, code: UUID, question_code: UUID) -> HttpResponse:
    question = _question_for(request, code, question_code)
    version = services.question_delete(question=question)
    _say_version(request, question.instrument, version)
    return redirect("surveys:instrument", code=version.code)


# Surveys -------------------------------------------------------------------------------------------


@login_required
@require_GET
def survey_list(request: HttpRequest, slug: str) -> HttpResponse:
    program, roles = get_program_for(request, slug, lambda r: r.is_admin or r.is_analyst or r.is_leader)
    return render(
        request,
        "surveys/survey_list.html",
        {
            "program": program,
            "roles": roles,
            "surveys": list(selectors.survey_list(program=program, roles=roles)),
            "can_edit": _can_edit_instruments(roles),
            "led_groups": list(program.groups.filter(leaders=roles.person)) if roles.is_leader else [],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def survey_create(request: HttpRequest, code: UUID) -> HttpResponse:
    group, roles = get_group_for(request, code, lambda r, g: r.can_run_group(g))
    form = SurveyForm(request.POST or None, program=group.program)
    if request.method == "POST" and form.is_valid():
        try:
            survey = services.survey_open(group=group, opened_by=roles.person, **form.cleaned_data)
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _("The survey is set up; {value} residents were sent a link.").format(
                    value=survey.invitations.count()
                ),
            )
            return redirect("surveys:detail", code=survey.code)
    return render(
        request,
        "surveys/survey_form.html",
        {"group": group, "form": form, "program": group.program},
        status=422 if request.method == "POST" else 200,
    )


@login_required
@require_GET
def survey_detail(request: HttpRequest, code: UUID) -> HttpResponse:
    survey, roles = get_survey_for(request, code, lambda r, g: r.can_see_survey_results(g))
    invited, answered = selectors.survey_counts(survey=survey)
    return render(
        request,
        "surveys/survey_detail.html",
        {
            "survey": survey,
            "group": survey.group,
            "program": survey.group.program,
            "invited": invited,
            "answered": answered,
            "needed": selectors.threshold(survey),
            "state": survey.state(),
            "can_run": roles.can_run_group(survey.group),
            "questions": list(survey.instrument.questions.all()),
        },
    )


@login_required
@require_POST
def survey_remind(request: HttpRequest, code: UUID) -> HttpResponse:
    survey, roles = get_survey_for(request, code, lambda r, g: r.can_run_group(g))
    count = services.survey_remind(survey=survey)
    messages.success(
        request,
        _(
            "A reminder went to the {count} residents who have not answered yet; "
            "who they are is not shown to anyone."
        ).format(count=count),
    )
    return redirect("surveys:detail", code=survey.code)


@login_required
@require_POST
def survey_close(request: HttpRequest, code: UUID) -> HttpResponse:
    survey, roles = get_survey_for(request, code, lambda r, g: r.can_run_group(g))
    services.survey_close(survey=survey)
    messages.success(request, _("The survey is closed; no further answers are accepted."))
    return redirect("surveys:detail", code=survey.code)


@login_required
@require_GET
def survey_results(request: HttpRequest, code: UUID) -> HttpResponse:
    survey, roles = get_survey_for(request, code, lambda r, g: r.can_see_survey_results(g))
    results = selectors.survey_results(survey=survey)
    return render(
        request,
        "surveys/survey_results.html",
        {
            "survey": survey,
            "group": survey.group,
            "program": survey.group.program,
            "results": results,
            "can_send": roles.can_code(),
        },
    )


@login_required
@require_GET
def survey_export(request: HttpRequest, code: UUID, fmt: str) -> HttpResponse:
    survey, roles = get_survey_for(request, code, lambda r, g: r.can_see_survey_results(g))
    results = selectors.survey_results(survey=survey)
    if not results.visible:
        messages.error(
            request,
            _("Transcripts can be exported once {needed} residents have answered.").format(
                needed=results.needed
            ),
        )
        return redirect("surveys:results", code=survey.code)
    try:
        file = services.transcripts_export(survey=survey, by=roles.person, fmt=fmt)
    except ApplicationError as error:
        raise Http404(error.message) from None
    return download_response(file)


@login_required
@require_POST
def survey_send_to_analysis(request: HttpRequest, code: UUID) -> HttpResponse:
    survey, roles = get_survey_for(request, code, lambda r, g: r.can_see_survey_results(g) and r.can_code())
    try:
        added = services.transcripts_send_to_analysis(survey=survey, sent_by=roles.person)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            f"{added} transcript{'s' if added != 1 else ''} added to the analysis workspace as sources"
            + (" (those sent before were skipped)." if added == 0 else "."),
        )
    return redirect("surveys:results", code=survey.code)


# Answering -----------------------------------------------------------------------------------------


@sensitive_post_parameters()
@sensitive_variables("form", "values")
@never_cache
@require_http_methods(["GET", "POST"])
def answer_by_link(request: HttpRequest, token: str) -> HttpResponse:
    invitation = services.invitation_for_token(token)
    if invitation is None:
        return _link_problem(request, "unknown", None, status=404)
    return _answer(request, invitation, action=reverse("surveys:link", args=[token]))


@sensitive_post_parameters()
@sensitive_variables("form", "values")
@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def answer_signed_in(request: HttpRequest, code: UUID) -> HttpResponse:
    person = person_for(request.user)
    invitation = (
        Invitation.objects.filter(survey__code=code, person=person)
        .select_related("survey__group__program", "survey__instrument")
        .first()
        if person
        else None
    )
    if invitation is None:
        get_survey_for(request, code, lambda r, g: False)  # 404 outside the program, else 403
        return _link_problem(request, "unknown", None, status=404)
    return _answer(request, invitation, action=reverse("surveys:answer", args=[code]))


def _answer(request: HttpRequest, invitation: Invitation, *, action: str) -> HttpResponse:
    survey = invitation.survey
    if invitation.answered:
        return _link_problem(request, "used", survey, status=410)
    state = survey.state()
    if state != "open":
        return _link_problem(request, state, survey, status=410 if state == "closed" else 403)
    questions = list(survey.instrument.questions.all())
    form = ResponseForm(request.POST or None, questions=questions)
    if request.method == "POST" and form.is_valid():
        values = form.values()
        try:
            services.response_submit(invitation=invitation, values=values)
        except ApplicationError as error:
            invitation.refresh_from_db()
            if invitation.answered:
                return _link_problem(request, "used", survey, status=410)
            survey.refresh_from_db()
            if survey.state() != "open":
                return _link_problem(request, survey.state(), survey, status=410)
            form.add_error(None, error.message)
        else:
            return redirect("surveys:thanks")
    return render(
        request,
        "surveys/answer_form.html",
        {"survey": survey, "form": form, "action": action, "questions": questions},
        status=422 if request.method == "POST" else 200,
    )


def _link_problem(request: HttpRequest, problem: str, survey: Survey | None, *, status: int) -> HttpResponse:
    return render(request, "surveys/link_problem.html", {"problem": problem, "survey": survey}, status=status)


@require_GET
def thanks(request: HttpRequest) -> HttpResponse:
    return render(request, "surveys/thanks.html")


# Transcription -------------------------------------------------------------------------------------


@login_required
@require_GET
def transcription_queue(request: HttpRequest, slug: str) -> HttpResponse:
    program, roles = get_program_for(request, slug, lambda r: r.is_transcriber)
    answers = list(selectors.transcription_queue(program=program, transcriber=roles.person))
    by_survey: dict = {}
    for item in answers:
        by_survey.setdefault(item.response.survey, []).append(item)
    sections = []
    for survey, items in by_survey.items():
        todo = sum(1 for a in items if not (getattr(a, "transcript", None) and a.transcript.approved))
        sections.append({"survey": survey, "answers": items, "todo": todo})
    sections.sort(key=lambda section: section["todo"] == 0)  # work waiting comes first
    return render(request, "surveys/transcription_queue.html", {"program": program, "sections": sections})


@login_required
@require_http_methods(["GET", "POST"])
def transcribe(request: HttpRequest, answer_id: UUID) -> HttpResponse:
    answer, roles = get_answer_for_transcriber(request, answer_id)
    survey = answer.response.survey
    transcript = getattr(answer, "transcript", None)
    marks = selectors.screen_marks(answer.text, names=selectors.roster_names(survey=survey))
    initial = {
        "text": transcript.text if transcript else selectors.draft_from_marks(answer.text, marks),
        "approve": transcript.approved if transcript else False,
    }
    form = TranscriptForm(
        request.POST or None, initial=initial, program=survey.group.program, person=roles.person
    )
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            services.transcript_save(
                answer=answer,
                transcriber=roles.person,
                text=form.cleaned_data["text"],
                approve=form.cleaned_data["approve"],
            )
        messages.success(request, "Transcript approved." if form.cleaned_data["approve"] else "Draft saved.")
        following = _next_pending(answer, roles)
        if following is not None:
            return redirect("surveys:transcribe", answer_id=following.id)
        return redirect("surveys:transcription", slug=survey.group.program.slug)
    return render(
        request,
        "surveys/transcribe.html",
        {
            "answer": answer,
            "survey": survey,
            "program": survey.group.program,
            "segments": selectors.marked_segments(answer.text, marks),
            "marks": marks,
            "form": form,
        },
        status=422 if request.method == "POST" else 200,
    )


def _next_pending(answer, roles):
    queue = selectors.transcription_queue(
        program=answer.response.survey.group.program, transcriber=roles.person
    )
    return queue.filter(transcript__isnull=True).exclude(id=answer.id).first()
