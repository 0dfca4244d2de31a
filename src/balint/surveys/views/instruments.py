"""Instrument pages: the list, ready-made instruments, an instrument and its questions."""

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from balint.core.services import get_object
from balint.programs.access import get_program_for
from balint.surveys import selectors, services
from balint.surveys.access import get_instrument_for
from balint.surveys.forms import (
    InstrumentForm,
    QuestionForm,
    ReadyMadeForm,
)
from balint.surveys.models import Question


def _can_edit_instruments(roles) -> bool:
    return roles.is_admin or roles.is_leader


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
