"""Pages of analysis assistance: candidate themes for a program, suggestions for a source's passages."""

from __future__ import annotations

from collections import OrderedDict
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from balint.core.errors import ApplicationError
from balint.core.jobs import Job, job_enqueue
from balint.core.text_language import language_name
from balint.insights import selectors, services
from balint.insights.access import get_assistance_for, get_insight_source_for, get_suggestion_for
from balint.insights.forms import PromoteForm, SpanForm, ThemeRunForm
from balint.insights.models import Suggestion
from balint.insights.tasks import evaluation_task, theme_run_task
from balint.programs.access import Roles
from balint.programs.models import Person, Program

SOURCES_SHOWN = 50


def _person(roles: Roles) -> Person:
    if roles.person is None:
        raise PermissionDenied
    return roles.person


def _quality(program: Program) -> dict | None:
    evaluation = selectors.latest_evaluation(program=program)
    if evaluation is None:
        return None
    return {"evaluation": evaluation, **evaluation.result}


def _assistance_context(program: Program, roles: Roles, form: ThemeRunForm | None = None) -> dict:
    allowed = selectors.visible_source_ids(roles)
    run = selectors.latest_run(program=program, allowed=allowed)
    sources = (
        selectors.insight_sources(program=program, roles=roles)
        .annotate(
            pending=Count(  # a "no suggestion" row waits for nobody
                "suggestions",
                filter=Q(suggestions__status=Suggestion.Status.PENDING, suggestions__abstained=False),
                distinct=True,
            ),
            coding_count=Count("codings", distinct=True),
        )
        .order_by("-date", "title")[:SOURCES_SHOWN]
    )
    jobs = Job.objects.filter(
        program=program,
        requested_by=roles.person,
        kind__startswith="insights.",
        status__in=["queued", "running"],
    )[:3]
    return {
        "program": program,
        "roles": roles,
        "form": form or ThemeRunForm(),
        "engine_note": services.engine_note(),
        "semantic_enabled": services.semantic_enabled(),
        "run": run,
        "candidates": selectors.run_suggestions(run=run) if run else [],
        "quality": _quality(program),
        "sources": list(sources),
        "jobs": list(jobs),
        "page_data": {"candidates": run.n_themes if run else 0},
        "unsupported_language": _language(
            services.program_language_unsupported(program=program, texts=[s.text for s in list(sources)[:5]])
        ),
    }


def _language(code: str | None) -> str:
    return language_name(code) if code else ""


@login_required
def assistance(request: HttpRequest, slug: str) -> HttpResponse:
    program, roles = get_assistance_for(request, slug)
    return render(request, "insights/assistance.html", _assistance_context(program, roles))


@require_POST
@login_required
def themes_run(request: HttpRequest, slug: str) -> HttpResponse:
    program, roles = get_assistance_for(request, slug)
    person = _person(roles)
    form = ThemeRunForm(request.POST)
    if not form.is_valid():
        return render(
            request, "insights/assistance.html", _assistance_context(program, roles, form), status=422
        )
    run, reused = services.theme_run_find_or_create(
        program=program, roles=roles, person=person, **form.cleaned_data
    )
    if reused:
        messages.info(
            request,
            _("Nothing changed in the coded data since these themes were found; they are shown again."),
        )
        return redirect("insights:assistance", slug=program.slug)
    job = job_enqueue(
        kind="insights.themes",
        title=_("Candidate themes for {name}").format(name=program.name),
        task=theme_run_task,
        program=program,
        person=person,
        run_code=str(run.code),
    )
    services.theme_run_attach_job(run=run, job=job)
    if job.status == Job.Status.DONE:
        return redirect("insights:assistance", slug=program.slug)
    return redirect(job.get_absolute_url())


@require_POST
@login_required
def evaluate(request: HttpRequest, slug: str) -> HttpResponse:
    program, roles = get_assistance_for(request, slug)
    person = _person(roles)
    fingerprint = selectors.program_fingerprint(program=program)
    latest = selectors.latest_evaluation(program=program)
    if latest is not None and latest.fingerprint == fingerprint:
        messages.info(
            request, _("Nothing changed in the coded data since the last measurement; it is shown again.")
        )
        return redirect("insights:assistance", slug=program.slug)
    job = job_enqueue(
        kind="insights.evaluate",
        title=_("Measuring suggestions for {name}").format(name=program.name),
        task=evaluation_task,
        program=program,
        person=person,
        program_code=str(program.code),
        person_code=str(person.code),
    )
    if job.status == Job.Status.DONE:
        return redirect("insights:assistance", slug=program.slug)
    return redirect(job.get_absolute_url())


def _passages(suggestions: list[Suggestion]) -> list[dict]:
    """Group a source's suggestions by passage: codes, then the category and perspective."""
    grouped: OrderedDict[tuple[int, int], dict] = OrderedDict()
    for suggestion in suggestions:
        entry = grouped.setdefault(
            (suggestion.start, suggestion.end),
            {
                "start": suggestion.start,
                "end": suggestion.end,
                "text": suggestion.passage,
                "codes": [],
                "labels": [],
            },
        )
        (entry["codes"] if suggestion.kind == Suggestion.Kind.CODE else entry["labels"]).append(suggestion)
    return list(grouped.values())


def _source_context(source, roles: Roles, form: SpanForm | None = None) -> dict:
    allowed = selectors.visible_source_ids(roles)
    suggestions = selectors.source_suggestions(source=source, allowed=allowed)
    return {
        "program": source.program,
        "roles": roles,
        "source": source,
        "passages": _passages(suggestions),
        "quality": _quality(source.program),
        "form": form or SpanForm(),
        "category_names": selectors.category_names(source.program),
        "perspective_names": selectors.PERSPECTIVE_NAMES,
        "unsupported_language": _language(services.source_language_unsupported(source)),
    }


@login_required
def source(request: HttpRequest, code: UUID) -> HttpResponse:
    found, roles = get_insight_source_for(request, code)
    return render(request, "insights/source.html", _source_context(found, roles))


@require_POST
@login_required
def source_suggest(request: HttpRequest, code: UUID) -> HttpResponse:
    found, roles = get_insight_source_for(request, code)
    person = _person(roles)
    form = SpanForm(request.POST)
    if not form.is_valid():
        return render(request, "insights/source.html", _source_context(found, roles, form), status=422)
    span = None
    if form.cleaned_data.get("start") is not None:
        span = (form.cleaned_data["start"], form.cleaned_data["end"])
    made = services.source_suggest(source=found, roles=roles, person=person, span=span)
    messages.success(
        request,
        _("{value} suggestions to review. Nothing is coded until you accept one.").format(value=len(made)),
    )
    return redirect("insights:source", code=found.code)


def _decided(request: HttpRequest, suggestion: Suggestion, roles: Roles) -> HttpResponse:
    if request.headers.get("HX-Request"):
        template = (
            "insights/partials/_candidate.html"
            if suggestion.kind == Suggestion.Kind.CANDIDATE_THEME
            else "insights/partials/_suggestion.html"
        )
        context = {
            "suggestion": suggestion,
            "candidate": suggestion,
            "program": suggestion.program,
            "roles": roles,
            "category_names": selectors.category_names(suggestion.program),
            "perspective_names": selectors.PERSPECTIVE_NAMES,
        }
        return render(request, template, context)
    if suggestion.kind == Suggestion.Kind.CANDIDATE_THEME:
        return redirect("insights:assistance", slug=suggestion.program.slug)
    return redirect(
        reverse("insights:source", args=[suggestion.source.code]) + f"#passage-{suggestion.start}"
    )


@require_POST
@login_required
def accept(request: HttpRequest, code: UUID) -> HttpResponse:
    suggestion, roles = get_suggestion_for(request, code)
    person = _person(roles)
    form = PromoteForm(request.POST)
    if not form.is_valid():
        raise ApplicationError(_("A theme name has at most 120 characters."), extra={"field": "name"})
    suggestion = services.suggestion_accept(
        suggestion=suggestion, person=person, name=form.cleaned_data["name"]
    )
    if not request.headers.get("HX-Request"):
        if suggestion.created_theme is not None:
            messages.success(
                request,
                _("Theme “{name}” added to the codebook as a draft.").format(
                    name=suggestion.created_theme.name
                ),
            )
        elif suggestion.created_coding is not None:
            messages.success(request, _("Coded as “{value}” by you.").format(value=suggestion.value))
        else:
            messages.success(request, _("Accepted."))
    return _decided(request, suggestion, roles)


@require_POST
@login_required
def reject(request: HttpRequest, code: UUID) -> HttpResponse:
    suggestion, roles = get_suggestion_for(request, code)
    suggestion = services.suggestion_reject(suggestion=suggestion, person=_person(roles))
    return _decided(request, suggestion, roles)
