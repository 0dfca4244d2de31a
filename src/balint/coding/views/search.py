"""Search inside the sources, auto-code the hits, and the person's coding steps: undo, redo, the log."""

from __future__ import annotations

from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from balint.coding.access import get_workspace_for, visible_sources
from balint.coding.models import Theme
from balint.coding.search import QUERY_MAX, SearchQuery, search_sources
from balint.coding.services import autocode, history
from balint.coding.views.common import base, json_error, require_person
from balint.core.errors import ApplicationError
from balint.programs.models import Program


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search for"),
        max_length=QUERY_MAX,
        required=False,
        help_text=_(
            "Words find whole words (trust* also finds trusted), a “quoted phrase” its words in order; "
            "a passage with any of them is a hit."
        ),
    )
    regex = forms.BooleanField(label=_("Regular expression"), required=False)
    case = forms.BooleanField(label=_("Match case"), required=False)
    accents = forms.BooleanField(label=_("Match accents"), required=False)
    inside = forms.ModelChoiceField(
        label=_("Only inside passages coded with"),
        queryset=Theme.objects.none(),
        required=False,
        to_field_name="code",
        empty_label=_("(anywhere)"),
    )

    def __init__(self, *args, program: Program, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["inside"].queryset = Theme.objects.filter(program=program, active=True).order_by("name")

    def query(self) -> SearchQuery:
        data = self.cleaned_data
        return SearchQuery(
            text=data["q"],
            is_regex=data["regex"],
            match_case=data["case"],
            match_accents=data["accents"],
            inside=data["inside"],
        )


class AutocodeForm(forms.Form):
    theme = forms.ModelChoiceField(
        label=_("Theme to apply"), queryset=Theme.objects.none(), to_field_name="code", empty_label=None
    )
    unit = forms.ChoiceField(
        label=_("Code"),
        choices=[
            ("sentence", _("the sentence of each hit")),
            ("paragraph", _("the paragraph of each hit")),
            ("hit", _("the hit itself")),
        ],
        initial="sentence",
    )
    expected = forms.IntegerField(min_value=0, required=False, widget=forms.HiddenInput)

    def __init__(self, *args, program: Program, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = Theme.objects.filter(program=program, active=True).order_by("name")


def _kept(form: SearchForm) -> list[tuple[str, str]]:
    """The search's own fields as (name, value) pairs, carried by the preview and auto-code forms."""
    if not form.is_bound:
        return []
    return [(name, value) for name in form.fields for value in form.data.getlist(name) if value]


def _search_url(program: Program, params: dict) -> str:
    return reverse("coding:search", args=[program.slug]) + "?" + urlencode(params, doseq=True)


@login_required
def search(request: HttpRequest, slug: str) -> HttpResponse:
    program, roles = get_workspace_for(request, slug)
    person = require_person(roles)
    form = SearchForm(request.GET or None, program=program)
    wants_preview = "preview" in request.GET
    code_form = AutocodeForm(request.GET if wants_preview else None, program=program)
    return _search_page(request, program, roles, person, form, code_form, wants_preview)


def _search_page(request, program, roles, person, form, code_form, wants_preview, status=200):
    result = plan = None
    if form.is_bound and form.is_valid() and form.cleaned_data["q"].strip():
        sources = visible_sources(roles)
        try:
            result = search_sources(sources=sources, query=form.query(), person_id=person.pk)
            if wants_preview and not code_form.is_valid():
                status = 422
            elif wants_preview:
                plan = autocode.autocode_plan(
                    sources=sources,
                    query=form.query(),
                    theme=code_form.cleaned_data["theme"],
                    unit=code_form.cleaned_data["unit"],
                    coder=person,
                )
        except ApplicationError as error:
            error.add_to(code_form if error.extra.get("field") in code_form.fields else form)
            status = 422
    elif form.is_bound and not form.is_valid():
        status = 422
    context = base(
        program,
        roles,
        form=form,
        code_form=code_form,
        result=result,
        plan=plan,
        search_params=_kept(form),
    )
    return render(request, "coding/search.html", context, status=status)


@require_POST
@login_required
def search_autocode(request: HttpRequest, slug: str) -> HttpResponse:
    program, roles = get_workspace_for(request, slug)
    person = require_person(roles)
    form = SearchForm(request.POST, program=program)
    code_form = AutocodeForm(request.POST, program=program)
    if not (form.is_valid() and code_form.is_valid()) or code_form.cleaned_data["expected"] is None:
        return _search_page(request, program, roles, person, form, code_form, False, status=422)
    data = code_form.cleaned_data
    params = {k: v for k, v in request.POST.lists() if k in form.fields and k != "csrfmiddlewaretoken"}
    try:
        outcome = autocode.autocode_apply(
            sources=visible_sources(roles),
            query=form.query(),
            theme=data["theme"],
            unit=data["unit"],
            coder=person,
            expected=data["expected"],
        )
    except ApplicationError as error:
        messages.error(request, error.message)
        preview = {**params, "theme": str(data["theme"].code), "unit": data["unit"], "preview": "1"}
        return redirect(_search_url(program, preview))
    text = _("Auto-coded %(n)s passage(s) with “%(theme)s”.") % {
        "n": outcome.created,
        "theme": data["theme"].name,
    }
    if outcome.already:
        text += " " + _("%(n)s were already coded by you.") % {"n": outcome.already}
    if outcome.refused:
        text += " " + _("%(n)s could not be coded (blank or outside the text).") % {"n": outcome.refused}
    messages.success(request, text + " " + _("Undo takes the whole step back."))
    return redirect(_search_url(program, params))


def _wants_json(request: HttpRequest) -> bool:
    return request.headers.get("Accept", "").startswith("application/json")


def _state(program: Program, person) -> dict:
    undo, redo = history.next_labels(program=program, person=person)
    return {"undo": undo, "redo": redo}


@login_required
def coding_history(request: HttpRequest, slug: str) -> HttpResponse:
    program, roles = get_workspace_for(request, slug)
    person = require_person(roles)
    if _wants_json(request):
        response = JsonResponse(_state(program, person))
    else:
        response = render(
            request,
            "coding/history.html",
            base(program, roles, steps=list(history.steps_for(program=program, person=person))),
        )
    patch_vary_headers(response, ["Accept"])  # one URL, two shapes: a cache must keep them apart
    return response


def _step(request: HttpRequest, slug: str, *, undo: bool) -> HttpResponse:
    program, roles = get_workspace_for(request, slug)
    person = require_person(roles)
    act = history.step_undo if undo else history.step_redo
    try:
        outcome = act(program=program, person=person, sources=visible_sources(roles))
    except ApplicationError as error:
        if _wants_json(request):
            return json_error(error.message, 409)
        messages.error(request, error.message)
    else:
        if _wants_json(request):
            return JsonResponse({"message": outcome.message, **_state(program, person)})
        messages.success(request, outcome.message)
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=False):
        target = reverse("coding:history", args=[program.slug])
    return redirect(target)


@require_POST
@login_required
def step_undo(request: HttpRequest, slug: str) -> HttpResponse:
    return _step(request, slug, undo=True)


@require_POST
@login_required
def step_redo(request: HttpRequest, slug: str) -> HttpResponse:
    return _step(request, slug, undo=False)
