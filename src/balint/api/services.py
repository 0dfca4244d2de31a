"""Creating, revoking and checking per-person API tokens; only a sha256 of each token is ever stored."""

from __future__ import annotations

import datetime
import hashlib
import re
import secrets
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from balint.api.models import ApiToken
from balint.core.errors import ApplicationError
from balint.programs.models import Person

TOKEN_PATTERN = re.compile(r"^blt_([0-9a-f]{8})_[A-Za-z0-9_-]{43}$")
MAX_LIVE_TOKENS = 20
EXPIRY_DAYS = (30, 90, 365)
TOUCH_EVERY = datetime.timedelta(minutes=1)  # last_used_at is written at most this often


def token_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8", "replace")).hexdigest()


def token_prefix(raw: str) -> str | None:
    """The public prefix of a well-formed token, else None."""
    match = TOKEN_PATTERN.match(raw)
    return match.group(1) if match else None


@dataclass(frozen=True)
class NewToken:
    token: ApiToken
    secret: str  # shown once, never stored


@transaction.atomic
def api_token_create(
    *,
    person: Person,
    name: str,
    read_only: bool = True,
    expires_in_days: int | None = 90,
    form_nonce: str = "",
) -> NewToken:
    """A new token for the person; the whole token is returned once and only its hash is kept.

    The same form sent twice (`form_nonce`) creates one token: the second send is refused.
    """
    name = (name or "").strip()
    if not name:
        raise ApplicationError(_("Give the token a name."), extra={"field": "name"})
    if len(name) > ApiToken._meta.get_field("name").max_length:
        raise ApplicationError(_("The name is at most 80 characters."), extra={"field": "name"})
    if expires_in_days is not None and expires_in_days not in EXPIRY_DAYS:
        raise ApplicationError(
            _("Choose one of the offered expiry periods."), extra={"field": "expires_in_days"}
        )
    # Lock the person so that two simultaneous requests cannot pass the checks together.
    Person.objects.select_for_update().filter(pk=person.pk).first()
    if form_nonce and ApiToken.objects.filter(person=person, form_nonce=form_nonce).exists():
        raise ApplicationError(
            _(
                "This form was already sent: the token was created and shown once. "
                "If you did not copy it, revoke it and create another."
            ),
            extra={"field": "form_nonce"},
        )
    now = timezone.now()
    live = (
        ApiToken.objects.filter(person=person, revoked_at__isnull=True).exclude(expires_at__lte=now).count()
    )
    if live >= MAX_LIVE_TOKENS:
        raise ApplicationError(
            _("You have {MAX_LIVE_TOKENS} live tokens; revoke one first.").format(
                MAX_LIVE_TOKENS=MAX_LIVE_TOKENS
            )
        )
    prefix = secrets.token_hex(4)
    secret = f"blt_{prefix}_{secrets.token_urlsafe(32)}"
    token = ApiToken.objects.create(
        person=person,
        name=name,
        prefix=prefix,
        secret_hash=token_hash(secret),
        read_only=read_only,
        expires_at=now + datetime.timedelta(days=expires_in_days) if expires_in_days else None,
        form_nonce=form_nonce,
    )
    return NewToken(token=token, secret=secret)


@transaction.atomic
def api_token_revoke(*, token: ApiToken, by: Person) -> ApiToken:
    """Revoke one of the person's own tokens; revoking again keeps the first revocation time."""
    if token.person_id != by.pk:
        raise ApplicationError(_("You can revoke only your own tokens."))
    ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())
    token.refresh_from_db()
    return token


def api_token_check(*, raw: str) -> ApiToken | None:
    """The live token whose hash matches, with its person and login, else None (one query, a rare write)."""
    if token_prefix(raw) is None:
        return None
    token = (
        ApiToken.objects.select_related("person__user")
        .filter(secret_hash=token_hash(raw), revoked_at__isnull=True)
        .first()
    )
    now = timezone.now()
    if token is None or not token.is_live(now) or not token.person.user.is_active:
        return None
    if token.last_used_at is None or now - token.last_used_at > TOUCH_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token
