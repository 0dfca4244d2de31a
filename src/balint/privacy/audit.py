"""The audit trail: record who viewed, changed, exported or restored what; never who answered a survey.

Three ways in:
- `audit_record(...)` from a service or view;
- `@audited("exported", object_type="program", program_kwarg="slug")` on a view (records after a 2xx);
- `audit_url_name("programs:detail", ...)` in an AppConfig.ready(): the AuditMiddleware records it.
"""

from __future__ import annotations

import functools
import ipaddress
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.http import HttpRequest, HttpResponse
from django.urls import ResolverMatch

from balint.privacy.models import AuditEvent
from balint.programs.models import Program

# URL names that must never leave a trace tying a person to a survey answer. Registering one of these
# (or any name matching a prefix here) for auditing is refused; tests check the survey answer routes.
NEVER_AUDIT_PREFIXES = (
    "surveys:answer",
    "surveys:respond",
    "surveys:take",
    "surveys:submit",
    "surveys:link",
    "surveys:thanks",
)


class AuditRefused(Exception):
    """Auditing this would tie a person to an anonymous survey answer."""


def _never(name: str) -> bool:
    return name.startswith(NEVER_AUDIT_PREFIXES)


def client_ip(request: HttpRequest | None) -> str | None:
    """The client's address: REMOTE_ADDR, or with TRUSTED_PROXY_COUNT proxies the entry they added to
    X-Forwarded-For (entries further left are the client's to forge); None when it is not an IP.

    Also django-axes' AXES_CLIENT_IP_CALLABLE, so throttling and the audit trail agree."""
    if request is None:
        return None
    value = request.META.get("REMOTE_ADDR", "")
    hops = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if hops:
        forwarded = [p.strip() for p in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if p.strip()]
        if len(forwarded) >= hops:
            value = forwarded[-hops]
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None


def audit_record(
    *,
    action: str,
    user: AbstractBaseUser | AnonymousUser | None = None,
    person: Any = None,
    actor_label: str = "",
    object_type: str = "",
    object_code: Any = "",
    program: Any = None,
    detail: str = "",
    request: HttpRequest | None = None,
    ip: str | None = None,
) -> AuditEvent:
    """Append one audit event; the trail is never updated or deleted.

    The address is the request's (`client_ip`); without a request (a background job) `ip` is the address
    of the request that queued the work."""
    if action not in AuditEvent.Action.values:
        raise ValueError(f"Unknown audit action {action!r}.")
    if request is not None and user is None:
        user = request.user
    if person is None and user is not None and user.is_authenticated:
        person = getattr(user, "person", None) if hasattr(user, "person") else None
    if not actor_label:
        if person is not None:
            actor_label = person.full_name
        elif user is not None and user.is_authenticated:
            actor_label = user.get_username()
    return AuditEvent.objects.create(
        action=action,
        actor=person,
        actor_label=actor_label[:150],
        object_type=object_type[:60],
        object_code=str(object_code)[:64],
        program=program,
        detail=detail[:300],
        ip=client_ip(request) if request is not None else ip,
    )


@dataclass(frozen=True)
class UrlAudit:
    """How to audit a successful request to one URL name."""

    action: str
    object_type: str
    code_kwarg: str | None = None
    program_kwarg: str | None = "slug"
    methods: tuple[str, ...] = ("GET",)


AUDITED_URLS: dict[str, UrlAudit] = {}


def audit_url_name(name: str, spec: UrlAudit) -> None:
    """Have the AuditMiddleware record successful requests to this URL name."""
    if _never(name):
        raise AuditRefused(f"{name} is a survey answer route: auditing it would de-anonymise answers.")
    AUDITED_URLS[name] = spec


def _program_from_kwargs(kwargs: dict[str, Any], program_kwarg: str | None) -> Any:
    if program_kwarg and program_kwarg in kwargs:
        return Program.objects.filter(slug=kwargs[program_kwarg]).first()
    return None


def audit_url(request: HttpRequest, match: ResolverMatch) -> None:
    """Record the request when its URL name is registered (called by AuditMiddleware)."""
    spec = AUDITED_URLS.get(match.view_name)
    if spec is None or request.method not in spec.methods or _never(match.view_name):
        return
    program = _program_from_kwargs(match.kwargs, spec.program_kwarg)
    code = match.kwargs.get(spec.code_kwarg, "") if spec.code_kwarg else (program.slug if program else "")
    audit_record(
        action=spec.action, request=request, object_type=spec.object_type, object_code=code, program=program
    )


def audited(
    action: str, *, object_type: str, code_kwarg: str | None = None, program_kwarg: str | None = "slug"
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Decorate a view so that each successful (2xx) response appends an audit event.

    Example: `@audited("exported", object_type="program")` on `def export_xlsx(request, slug)`.
    """

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            match = getattr(request, "resolver_match", None)
            if match is not None and _never(match.view_name):
                raise AuditRefused(f"{match.view_name} is a survey answer route and must not be audited.")
            response = view(request, *args, **kwargs)
            if response.status_code < 300:
                program = _program_from_kwargs(kwargs, program_kwarg)
                code = kwargs.get(code_kwarg, "") if code_kwarg else (program.slug if program else "")
                audit_record(
                    action=action, request=request, object_type=object_type, object_code=code, program=program
                )
            return response

        return wrapper

    return decorator
