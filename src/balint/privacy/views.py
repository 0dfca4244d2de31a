"""Privacy pages: the audit trail, the screening check and two-factor sign-in."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from balint.core.errors import ApplicationError
from balint.privacy import twofactor
from balint.privacy.forms import ScreeningTryForm
from balint.privacy.models import AuditEvent
from balint.privacy.selectors import audit_events
from balint.programs.access import get_program_for
from balint.programs.models import Person


class AuditFilterForm(forms.Form):
    person = forms.ModelChoiceField(
        queryset=Person.objects.none(),
        required=False,
        to_field_name="code",
        empty_label=gettext_lazy("Anyone"),
        label=gettext_lazy("Person"),
    )
    action = forms.ChoiceField(
        choices=[("", gettext_lazy("Any action")), *AuditEvent.Action.choices],
        required=False,
        label=gettext_lazy("Action"),
    )
    date_from = forms.DateField(
        required=False, widget=forms.DateInput(attrs={"type": "date"}), label=gettext_lazy("From")
    )
    date_to = forms.DateField(
        required=False, widget=forms.DateInput(attrs={"type": "date"}), label=gettext_lazy("To")
    )

    def __init__(self, *args, program, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = Person.objects.filter(memberships__program=program).distinct()


@login_required
def audit_list(request: HttpRequest, slug: str) -> HttpResponse:
    program, roles = get_program_for(request, slug, lambda r: r.can_manage_program())
    form = AuditFilterForm(request.GET or None, program=program)
    filters = form.cleaned_data if form.is_valid() else {}
    events = audit_events(
        program=program,
        person=filters.get("person"),
        action=filters.get("action", ""),
        date_from=filters.get("date_from"),
        date_to=filters.get("date_to"),
    )
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    status = 422 if request.GET and form.is_bound and not form.is_valid() else 200
    return render(
        request,
        "privacy/audit_list.html",
        {"program": program, "roles": roles, "form": form, "page": page, "query": query.urlencode()},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def screen_try(request: HttpRequest, slug: str) -> HttpResponse:
    program, roles = get_program_for(request, slug, lambda r: r.is_admin or r.is_leader)
    form = ScreeningTryForm(request.POST or None, program=program, person=roles.person, record_keeps=False)
    result = None
    if request.method == "POST" and form.is_valid():
        result = form.cleaned_data["text"]
    status = 422 if request.method == "POST" and result is None else 200
    return render(
        request,
        "privacy/screen_try.html",
        {"program": program, "roles": roles, "form": form, "result": result},
        status=status,
    )


class TokenForm(forms.Form):
    token = forms.CharField(
        max_length=12,
        label=gettext_lazy("Code from your authenticator app"),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


@login_required
@require_http_methods(["GET", "POST"])
def two_factor(request: HttpRequest) -> HttpResponse:
    if not twofactor.may_use_two_factor(request.user):
        raise PermissionDenied(_("Two-factor sign-in is for leaders and program administrators."))
    enrolled = twofactor.has_confirmed_device(request.user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            if request.POST.get("action") == "disable":
                twofactor.two_factor_disable(request=request, token=form.cleaned_data["token"])
                messages.success(request, _("Two-factor sign-in is off."))
            else:
                twofactor.two_factor_confirm(request=request, token=form.cleaned_data["token"])
                messages.success(
                    request, _("Two-factor sign-in is on: from now on, sign-in asks for a code.")
                )
        except ApplicationError as error:
            form.add_error("token", error.message)
        else:
            return redirect("privacy:two_factor")
    context = {"form": form, "enrolled": enrolled}
    if not enrolled:
        device = twofactor.pending_device(request)
        context.update(
            qr=twofactor.qr_svg(device.config_url),
            secret=twofactor.secret_for_display(device),
        )
    status = 422 if request.method == "POST" else 200
    return render(request, "privacy/two_factor.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}, require_https=False):
        next_url = ""
    if not twofactor.has_confirmed_device(request.user) or request.user.is_verified():
        return redirect(next_url or "core:home")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            twofactor.two_factor_verify(request=request, token=form.cleaned_data["token"])
        except ApplicationError as error:
            form.add_error("token", error.message)
        else:
            return redirect(next_url or "core:home")
    status = 422 if request.method == "POST" else 200
    return render(request, "privacy/two_factor_verify.html", {"form": form, "next": next_url}, status=status)
