"""The page where a person creates and revokes their own API tokens; a new token is shown once."""

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from balint.api.forms import TokenForm
from balint.api.models import ApiToken
from balint.api.services import api_token_create, api_token_revoke
from balint.core.errors import ApplicationError
from balint.core.services import get_object
from balint.meetings.access import current_person
from balint.privacy.audit import audit_record


def _page(
    request: HttpRequest, person, form: TokenForm, new_secret: str = "", status: int = 200
) -> HttpResponse:
    tokens = ApiToken.objects.filter(person=person).order_by("revoked_at", "-created_at")[:100]
    context = {"person": person, "form": form, "tokens": tokens, "new_secret": new_secret}
    return render(request, "api/tokens.html", context, status=status)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def token_list(request: HttpRequest) -> HttpResponse:
    person = current_person(request)
    if request.method != "POST":
        return _page(request, person, TokenForm())
    form = TokenForm(request.POST)
    if not form.is_valid():
        return _page(request, person, form, status=422)
    data = form.cleaned_data
    try:
        new = api_token_create(
            person=person,
            name=data["name"],
            read_only=data["access"] != "write",
            expires_in_days=data["expires_in_days"],
            form_nonce=data["form_nonce"],
        )
    except ApplicationError as error:
        if error.extra.get("field") == "form_nonce":  # the same form again: nothing new, a fresh form
            messages.warning(request, error.message)
            return redirect("api:tokens")
        form.add_error("name" if error.extra.get("field") == "name" else None, error.message)
        return _page(request, person, form, status=422)
    audit_record(
        action="changed",
        request=request,
        object_type="api token",
        object_code=new.token.code,
        detail=f"created {new.token.prefix}",
    )
    # Shown on this response only (never stored, never in a redirect or the session).
    return _page(request, person, TokenForm(), new_secret=new.secret, status=201)


@login_required
@require_POST
def token_revoke(request: HttpRequest, code: UUID) -> HttpResponse:
    person = current_person(request)
    token = get_object(ApiToken.objects.filter(person=person), code=code)
    was_live = token.revoked_at is None
    api_token_revoke(token=token, by=person)
    if was_live:
        audit_record(
            action="changed",
            request=request,
            object_type="api token",
            object_code=token.code,
            detail=f"revoked {token.prefix}",
        )
        messages.success(
            request, _("The token “{name}” is revoked; it no longer works.").format(name=token.name)
        )
    return redirect("api:tokens")
