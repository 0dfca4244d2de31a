"""Survey pages: the list, opening one, its page, reminders, closing, results, exports, analysis."""

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from balint.core.downloads import download_response
from balint.core.errors import ApplicationError
from balint.programs.access import get_group_for, get_program_for
from balint.surveys import selectors, services
from balint.surveys.access import get_survey_for
from balint.surveys.forms import (
    SurveyForm,
)
from balint.surveys.views.instruments import _can_edit_instruments


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
            ngettext(
                "%(count)d transcript added to the analysis workspace as sources.",
                "%(count)d transcripts added to the analysis workspace as sources.",
                added,
            )
            % {"count": added}
            if added
            else _("No transcript added to the analysis workspace (those sent before were skipped)."),
        )
    return redirect("surveys:results", code=survey.code)
