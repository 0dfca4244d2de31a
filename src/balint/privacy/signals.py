"""Sign-in, sign-out and failed sign-in go to the audit trail; the two-factor step is armed at sign-in."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from balint.privacy.audit import audit_record
from balint.privacy.middleware import TWO_FACTOR_PENDING
from balint.privacy.models import AuditEvent
from balint.privacy.twofactor import has_confirmed_device


@receiver(user_logged_in, dispatch_uid="balint_privacy_logged_in")
def on_logged_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if request is not None and hasattr(request, "session"):
        if has_confirmed_device(user):
            request.session[TWO_FACTOR_PENDING] = True
        else:
            request.session.pop(TWO_FACTOR_PENDING, None)
    audit_record(action=AuditEvent.Action.SIGNED_IN, user=user, request=request)


@receiver(user_logged_out, dispatch_uid="balint_privacy_logged_out")
def on_logged_out(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None:
        audit_record(action=AuditEvent.Action.SIGNED_OUT, user=user, request=request)


@receiver(user_login_failed, dispatch_uid="balint_privacy_login_failed")
def on_login_failed(sender: Any, credentials: dict, request: Any = None, **kwargs: Any) -> None:
    username = str(credentials.get("username", ""))[:150]
    audit_record(action=AuditEvent.Action.FAILED_SIGN_IN, actor_label=username, request=request)
