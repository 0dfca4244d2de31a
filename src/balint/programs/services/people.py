"""Writes for people and their memberships: create, update, withdraw, invite, language."""

import re
import uuid

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.crypto import get_random_string
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from balint.core.errors import ApplicationError
from balint.core.services import model_update, validated
from balint.programs.access import forget_access
from balint.programs.language import email_language
from balint.programs.models import Cohort, GroupSeat, Membership, Person, Program, Role
from balint.programs.services.groups import _leave_groups


@transaction.atomic
def person_create(
    *,
    program: Program,
    full_name: str,
    email: str,
    username: str,
    role: str,
    cohort: Cohort | None = None,
    password: str | None = None,
) -> Person:
    """Create a login and a person holding one role in the program; a taken username is refused."""
    User = get_user_model()
    if User.objects.filter(username__iexact=username).exists():
        raise ApplicationError(_("That username is already taken."), extra={"field": "username"})
    if Person.objects.filter(memberships__program=program, email__iexact=email).exists():
        raise ApplicationError(
            _("Someone in this program already has this e-mail."), extra={"field": "email"}
        )
    if cohort is not None and cohort.program_id != program.pk:
        raise ApplicationError(_("The cohort belongs to another program."), extra={"field": "cohort"})
    user = User(username=username, email=email)
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()  # they set one through the password-reset email
    validated(user)
    user.save()
    person = Person(user=user, full_name=full_name, email=email)
    validated(person)
    person.save()
    membership_grant(program=program, person=person, role=role, cohort=cohort)
    return person


@transaction.atomic
def membership_grant(
    *, program: Program, person: Person, role: str, cohort: Cohort | None = None
) -> Membership:
    """Give a person a role in a program (re-activating it if it was withdrawn)."""
    if role != Role.RESIDENT:
        cohort = None
    membership, _unused = Membership.objects.update_or_create(
        program=program, person=person, role=role, defaults={"active": True, "cohort": cohort}
    )
    return membership


@transaction.atomic
def person_update(
    *, program: Program, person: Person, full_name: str, email: str, roles: list[str], cohort: Cohort | None
) -> Person:
    """Change a person's name, e-mail, roles and cohort in this program; a role still in use by a group
    (a leader leading one, a resident in one) cannot be taken away until they leave it."""
    if not roles:
        raise ApplicationError(_("Choose at least one role."), extra={"field": "roles"})
    if cohort is not None and cohort.program_id != program.pk:
        raise ApplicationError(_("The cohort belongs to another program."), extra={"field": "cohort"})
    if cohort is not None and Role.RESIDENT not in roles:
        raise ApplicationError(_("Only residents belong to a cohort."), extra={"field": "cohort"})
    held = {m.role: m for m in Membership.objects.filter(program=program, person=person)}
    for role in set(held) - set(roles):
        groups = program.groups.filter(leaders=person) if role == Role.LEADER else None
        groups = program.groups.filter(members=person) if role == Role.RESIDENT else groups
        if groups is not None and groups.exists():
            names = ", ".join(g.name for g in groups)
            raise ApplicationError(
                _("{person} is still {value} of {names}; take them out of the group first.").format(
                    person=person, value="a co-leader" if role == Role.LEADER else "a member", names=names
                ),
                extra={"field": "roles"},
            )
    if email.casefold() != person.email.casefold() and (
        Membership.objects.filter(person=person).exclude(program=program).exists()
        or person.user.is_staff
        or person.user.is_superuser
    ):  # a password reset at the new address would hand over every role they hold elsewhere
        raise ApplicationError(
            _(
                "{person} also signs in to another program (or runs this site), so only they or the site's "
                "administrator can change their e-mail."
            ).format(person=person),
            extra={"field": "email"},
        )
    active = any(m.active for m in held.values()) or not held
    person, _unused = model_update(instance=person, data={"full_name": full_name, "email": email},
                             fields=["full_name", "email"])  # fmt: skip
    if person.user.email != email:
        person.user.email = email
        person.user.save(update_fields=["email"])
    Membership.objects.filter(program=program, person=person).exclude(role__in=roles).delete()
    for role in roles:
        Membership.objects.update_or_create(
            program=program,
            person=person,
            role=role,
            defaults={"cohort": cohort if role == Role.RESIDENT else None, "active": active},
        )
    return person


@transaction.atomic
def person_deactivate(*, program: Program, person: Person, by: Person | None = None) -> Person:
    """Withdraw a person from the program: they leave its groups from today, cannot sign in (unless another
    program still has them), receive no invitation; attendance, notes and codings keep their name."""
    if by is not None and by.pk == person.pk:
        raise ApplicationError(_("You cannot deactivate yourself; ask another administrator."))
    _leave_groups(
        program=program,
        people=[person],
        on=timezone.localdate(),
        kinds=[GroupSeat.Kind.MEMBER, GroupSeat.Kind.LEADER],
    )
    Membership.objects.filter(program=program, person=person).update(active=False)
    forget_access()
    if not Membership.objects.filter(person=person, active=True).exists():
        person.user.is_active = False
        person.user.save(update_fields=["is_active"])
    return person


@transaction.atomic
def person_reactivate(*, program: Program, person: Person) -> Person:
    """Give a deactivated person their roles in the program back and let them sign in again."""
    Membership.objects.filter(program=program, person=person).update(active=True)
    forget_access()
    if not person.user.is_active:
        person.user.is_active = True
        person.user.save(update_fields=["is_active"])
    return person


def invitation_link(person: Person) -> str:
    """A set-password link for the person (Django's password-reset token: one use, expires)."""
    uid = urlsafe_base64_encode(force_bytes(person.user.pk))
    token = default_token_generator.make_token(person.user)
    return settings.SITE_URL + reverse("password_reset_confirm", args=[uid, token])


def person_invite(*, program: Program, person: Person) -> None:
    """E-mail the person their username and a link to choose a password (after the transaction commits)."""

    def send() -> None:
        with translation.override(email_language(person, program)):
            subject = _("Your Balint account for {program}").format(program=program.name)
            message = _(
                "Hello {name},\n\n"
                "{program} uses Balint for its Balint groups.\n"
                "Your username is: {username}\n\n"
                "Choose your password here (the link works once and expires in a few days):\n"
                "{link}\n\n"
                "Then sign in at {login}\n"
            ).format(
                name=person.full_name,
                program=program.name,
                username=person.user.username,
                link=invitation_link(person),
                login=settings.SITE_URL + reverse("login"),
            )
        send_mail(subject=subject, message=message, from_email=None, recipient_list=[person.email])

    transaction.on_commit(send)


def username_for(email: str, taken: set[str]) -> str:
    """A free username from the e-mail's local part (letters, digits, - and _), numbered when taken."""
    base = re.sub(r"[^a-z0-9_-]+", "", email.split("@")[0].lower())[:140] or "person"
    name, n = base, 2
    while name in taken or get_user_model().objects.filter(username__iexact=name).exists():
        name, n = f"{base}{n}", n + 1
    taken.add(name)
    return name


@transaction.atomic
def person_for_site_admin(*, user: object) -> Person:
    """The person record of a site administrator made without one (e.g. Django's createsuperuser)."""
    person, _unused = Person.objects.get_or_create(
        user=user, defaults={"full_name": user.get_full_name() or user.username, "email": user.email}
    )
    return person


@transaction.atomic
def person_create_external(*, full_name: str, code: uuid.UUID | None = None) -> Person:
    """A person who cannot sign in and belongs to no program (the coder of work imported from a file)."""
    user = get_user_model().objects.create_user(
        username=f"imported-{get_random_string(12).lower()}", password=None, is_active=False
    )
    person = Person(user=user, full_name=full_name.strip()[:200] or "Imported coder", email="")
    if code is not None:
        person.code = code
    person.save()
    return person


@transaction.atomic
def person_language_update(*, person: Person, language: str) -> Person:
    """Set the language a person's pages and e-mails are in; "" follows the program's default."""
    person, _unused = model_update(instance=person, data={"language": language}, fields=["language"])
    return person
