"""Opening, reminding and closing a survey: invitations, their one-time links and e-mails."""

import base64
import datetime
import hashlib
import hmac

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from balint.core.errors import ApplicationError
from balint.programs.language import email_language
from balint.programs.models import Group, Person
from balint.surveys.models import (
    MIN_THRESHOLD,
    Instrument,
    Invitation,
    Survey,
)
from balint.surveys.services.base import _saved


def invitation_token(invitation: Invitation) -> str:
    """The secret in a one-time link, derived from the site key so that reminders resend the same link."""
    digest = hmac.new(
        settings.SECRET_KEY.encode(), f"balint.surveys.invitation:{invitation.code}".encode(), hashlib.sha256
    ).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def invitation_link(invitation: Invitation) -> str:
    return settings.SITE_URL + reverse("surveys:link", args=[invitation_token(invitation)])


@transaction.atomic
def survey_open(
    *,
    group: Group,
    instrument: Instrument,
    title: str,
    opens_at,
    closes_at,
    min_answers: int,
    opened_by: Person | None = None,
    notify: bool = True,
) -> Survey:
    """Open a survey for every resident of the group, each with a one-time link e-mailed after commit."""
    if instrument.program_id != group.program_id:
        raise ApplicationError(
            _("The instrument belongs to another program."), extra={"instrument": str(instrument.code)}
        )
    if not instrument.is_current:
        raise ApplicationError(_("Only the current version of an instrument can be used for a new survey."))
    if not instrument.questions.exists():
        raise ApplicationError(
            _("The instrument has no questions yet."), extra={"instrument": str(instrument.code)}
        )
    if min_answers is None or min_answers < MIN_THRESHOLD:
        raise ApplicationError(
            _("Results need at least {n} answers.").format(n=MIN_THRESHOLD),
            extra={"min_answers": min_answers},
        )
    survey = _saved(
        Survey(
            group=group,
            instrument=instrument,
            title=title,
            opens_at=opens_at,
            closes_at=closes_at,
            min_answers=min_answers,
            opened_by=opened_by,
        )
    )
    invitations = []
    for person in group.members.all():
        invitation = Invitation(survey=survey, person=person)
        invitation.token_hash = token_hash(invitation_token(invitation))
        invitations.append(invitation)
    Invitation.objects.bulk_create(invitations)
    if notify:
        _email_links(survey, invitations, reminder=False)
    return survey


@transaction.atomic
def survey_remind(*, survey: Survey) -> int:
    """E-mail the residents who have not answered; returns only how many, never who."""
    if not survey.is_open():
        raise ApplicationError(
            _("Reminders go out only while the survey is open."), extra={"survey": str(survey.code)}
        )
    pending = list(survey.invitations.filter(answered=False).select_related("person"))
    _email_links(survey, pending, reminder=True)
    Survey.objects.filter(pk=survey.pk).update(reminders_sent=survey.reminders_sent + 1)
    return len(pending)


@transaction.atomic
def survey_close(*, survey: Survey) -> Survey:
    """Close an open or scheduled survey now; answers already stored stay."""
    now = timezone.now()
    if survey.has_closed(now):
        raise ApplicationError(_("The survey has already closed."), extra={"survey": str(survey.code)})
    survey.closes_at = now
    if survey.opens_at >= now:
        survey.opens_at = now - datetime.timedelta(seconds=1)
    survey.save(update_fields=["closes_at", "opens_at", "updated_at"])
    return survey


def _email_links(survey: Survey, invitations: list[Invitation], *, reminder: bool) -> None:
    program = survey.group.program
    closes_at = timezone.localtime(survey.closes_at, program.zone)
    messages = []
    for invitation in invitations:
        # each resident reads the e-mail in their own language (else the program's)
        with translation.override(email_language(invitation.person, program)):
            if reminder:
                subject = _("Reminder: Anonymous survey: {title}").format(title=survey.title)
            else:
                subject = _("Anonymous survey: {title}").format(title=survey.title)
            body = _(
                "Dear {name},\n\n"
                "The leaders of {group} would like to hear from you. The survey is anonymous: "
                "your answers are stored without your name, without a time and in shuffled order, and open "
                "answers are read only by a transcriber who removes anything identifying before the leaders "
                "see them.\n\nYour personal link (it works once; please do not forward it):\n"
                "{link}\n\n"
                "The survey closes on {closes}. You can also find it on your Balint home page.\n"
            ).format(
                name=invitation.person.full_name,
                group=survey.group.name,
                link=invitation_link(invitation),
                closes=formats.date_format(closes_at, "l j F Y, H:i"),
            )
        messages.append((subject, body, settings.DEFAULT_FROM_EMAIL, [invitation.person.email]))
    if messages:
        transaction.on_commit(lambda: send_mass_mail(messages, fail_silently=False))
