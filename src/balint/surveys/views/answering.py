"""Answering a survey through a one-time link or signed in; nothing a resident writes reaches a log."""

from uuid import UUID

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.decorators.http import require_GET, require_http_methods

from balint.core.errors import ApplicationError
from balint.programs.access import person_for
from balint.surveys import services
from balint.surveys.access import get_survey_for
from balint.surveys.forms import (
    ResponseForm,
)
from balint.surveys.models import Invitation, Survey


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
