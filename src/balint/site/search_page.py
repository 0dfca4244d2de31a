"""The program search page: every member may open it; what it searches depends on the role."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from balint.privacy.audit import audit_record
from balint.programs.access import get_program_for
from balint.site.search import QUERY_MAX, QUERY_MIN, search_program, search_scopes


class SearchForm(forms.Form):
    q = forms.CharField(
        label=gettext_lazy("Search for"),
        min_length=QUERY_MIN,
        max_length=QUERY_MAX,
        help_text=gettext_lazy("Every word must appear (in any order, any case)."),
        error_messages={
            "required": gettext_lazy("Type at least two characters to search for."),
            "min_length": gettext_lazy("Type at least %(limit_value)d characters to search for."),
            "max_length": gettext_lazy(
                "A search is at most %(limit_value)d characters; this one has %(show_value)d."
            ),
        },
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off", "spellcheck": "false"}),
    )


@login_required
@require_http_methods(["GET", "POST"])
def search(request: HttpRequest, slug: str) -> HttpResponse:
    # POST keeps the words out of URLs: access logs, browser history and Referer headers never see them.
    program, roles = get_program_for(request, slug, lambda r: True)
    form = SearchForm(request.POST or None)
    results = None
    if request.method == "POST" and form.is_valid():
        results = search_program(roles=roles, query=form.cleaned_data["q"])
        audit_record(
            action="viewed",
            request=request,
            object_type="search",
            object_code=program.slug,
            program=program,
            detail=results.audit_detail,
        )
    return render(
        request,
        "site/search.html",
        {
            "program": program,
            "roles": roles,
            "form": form,
            "results": results,
            "scopes": search_scopes(roles),
        },
        status=422 if request.method == "POST" and results is None else 200,
    )
