"""Pages of the annual program evaluation and of scored scales; the rules live in annual.py and scores.py."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from balint.core.errors import ApplicationError
from balint.core.jobs import job_enqueue
from balint.core.services import get_object
from balint.programs.access import get_program_for
from balint.reports import access
from balint.reports.annual import annual_evaluation_start, annual_evaluation_update, annual_packet_build
from balint.reports.annual_models import ActionItem, AnnualEvaluation
from balint.reports.builder import min_cell_for
from balint.reports.scores import latest_change, program_scales, scale_overview
from balint.reports.tasks import annual_task
from balint.surveys.scales.definitions import DEFINITIONS

ACTION_ROWS_EXTRA = 3


class StartForm(forms.Form):
    academic_year = forms.IntegerField(
        min_value=2000, max_value=2100, label=gettext_lazy("Academic year starting in")
    )


class WordsForm(forms.ModelForm):
    class Meta:
        model = AnnualEvaluation
        fields = [
            "committee",
            "goals",
            "last_year_summary",
            "strengths",
            "weaknesses",
            "opportunities",
            "threats",
        ]
        widgets = {name: forms.Textarea(attrs={"rows": 4}) for name in fields}
        labels = {
            "committee": gettext_lazy("Committee"),
            "goals": gettext_lazy("Goals"),
            "strengths": gettext_lazy("Strengths"),
            "weaknesses": gettext_lazy("Weaknesses"),
            "opportunities": gettext_lazy("Opportunities"),
            "threats": gettext_lazy("Threats"),
        }


class ActionForm(forms.ModelForm):
    pk = forms.IntegerField(required=False, widget=forms.HiddenInput)

    class Meta:
        model = ActionItem
        fields = ["action", "measure", "owner", "due_on", "status", "outcome"]
        widgets = {
            "due_on": forms.DateInput(attrs={"type": "date"}),
            "outcome": forms.Textarea(attrs={"rows": 2}),
        }
        labels = {
            "action": gettext_lazy("Action"),
            "measure": gettext_lazy("Measure"),
            "owner": gettext_lazy("Owner"),
            "due_on": gettext_lazy("Due"),
            "status": gettext_lazy("Status"),
            "outcome": gettext_lazy("Outcome"),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name in ("action", "measure", "owner"):
            self.fields[name].required = False


ActionFormSet = forms.formset_factory(ActionForm, extra=0)


def _evaluation(request: HttpRequest, slug: str, year: int) -> tuple[AnnualEvaluation, object]:
    program, roles = get_program_for(request, slug, access.can_edit_annual_evaluation)
    return get_object(AnnualEvaluation.objects.filter(program=program), academic_year=year), roles


@login_required
@require_http_methods(["GET", "POST"])
def annual_list(request: HttpRequest, slug: str) -> HttpResponse:
    program, roles = get_program_for(request, slug, access.can_edit_annual_evaluation)
    form = StartForm(request.POST or None, initial={"academic_year": timezone.localdate().year - 1})
    if request.method == "POST" and form.is_valid():
        try:
            evaluation = annual_evaluation_start(
                program=program, academic_year=form.cleaned_data["academic_year"], person=roles.person
            )
        except ApplicationError as error:
            error.add_to(form)
        else:
            return redirect("reports:annual_edit", slug=program.slug, year=evaluation.academic_year)
    evaluations = AnnualEvaluation.objects.filter(program=program).order_by("-academic_year")
    status = 422 if request.method == "POST" else 200
    return render(
        request,
        "reports/annual_list.html",
        {"program": program, "form": form, "evaluations": evaluations},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def annual_edit(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    evaluation, roles = _evaluation(request, slug, year)
    program = evaluation.program
    actions = list(evaluation.actions.all())
    initial = [{"pk": a.pk, **{f: getattr(a, f) for f in ActionForm.Meta.fields}} for a in actions]
    if request.method == "POST":
        words = WordsForm(request.POST, instance=evaluation)
        formset = ActionFormSet(request.POST, initial=initial, prefix="actions")
    else:
        words = WordsForm(instance=evaluation)
        formset = forms.formset_factory(ActionForm, extra=ACTION_ROWS_EXTRA)(
            initial=initial, prefix="actions"
        )
    if request.method == "POST" and words.is_valid() and formset.is_valid():
        rows = [f.cleaned_data for f in formset if f.cleaned_data.get("action")]
        try:
            annual_evaluation_update(
                evaluation=evaluation, data=words.cleaned_data, actions=rows, person=roles.person
            )
        except ApplicationError as error:
            error.add_to(words)
        else:
            messages.success(request, _("The {label} evaluation is saved.").format(label=evaluation.label))
            return redirect("reports:annual_edit", slug=program.slug, year=year)
    previous = AnnualEvaluation.objects.filter(program=program, academic_year=year - 1).first()
    status = 422 if request.method == "POST" else 200
    return render(
        request,
        "reports/annual_edit.html",
        {
            "program": program,
            "evaluation": evaluation,
            "words": words,
            "formset": formset,
            "previous_actions": list(previous.actions.all()) if previous else [],
        },
        status=status,
    )


@login_required
def annual_preview(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    from balint.reports.annual import render_packet_html

    evaluation, _roles = _evaluation(request, slug, year)
    packet = annual_packet_build(
        program=evaluation.program,
        academic_year=year,
        issued=timezone.localdate(timezone=evaluation.program.zone),
    )
    return HttpResponse(render_packet_html(packet, standalone=False))


@login_required
@require_POST
def annual_build(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    """Build the packet as a PDF or DOCX in the background; the job page offers the file."""
    evaluation, roles = _evaluation(request, slug, year)
    output = request.POST.get("output", "pdf")
    if output not in ("pdf", "docx"):
        messages.error(request, _("Choose PDF or DOCX."))
        return redirect("reports:annual_edit", slug=slug, year=year)
    program = evaluation.program
    job = job_enqueue(
        kind="annual_evaluation",
        title=_("Annual program evaluation {label} ({value})").format(
            label=evaluation.label, value=output.upper()
        ),
        task=annual_task,
        program=program,
        person=roles.person,
        program_code=str(program.code),
        academic_year=year,
        issued=timezone.localdate(timezone=program.zone).isoformat(),
        output=output,
    )
    return redirect(job.get_absolute_url())


@login_required
def scales(request: HttpRequest, slug: str) -> HttpResponse:
    """The instrument library (definitions, citations, licences) and the program's scores over time."""
    program, roles = get_program_for(request, slug, access.can_see_program_reports)
    k = min_cell_for(program)
    change = latest_change(program)
    overviews = [
        scale_overview(
            program=program,
            scale_key=key,
            k=k,
            change_date=change[0] if change else None,
            change_label=change[1] if change else "",
        )
        for key in program_scales(program)
    ]
    return render(
        request,
        "reports/scales.html",
        {
            "program": program,
            "definitions": DEFINITIONS.values(),
            "overviews": overviews,
            "k": k,
            "can_import": access.can_edit_annual_evaluation(roles),
        },
    )
