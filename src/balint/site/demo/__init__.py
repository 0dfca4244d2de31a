"""The demo program: a fictional family-medicine residency with eighteen months of Balint sessions.

The history is fixed (sessions from January 2025 to June 2026, the traditional format for three
months, then the flexible one) and its text is drawn from seeded generators, so every load is
identical whatever the day. Only the six upcoming sessions depend on the load date: they are the
next meeting days after both that date and the fixed history, so the home page always has a next
session. Later capabilities extend the same demo through `DEMO_EXTENSIONS`.
"""

import importlib
import importlib.util
import zoneinfo

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.translation import gettext as _

from balint.core.errors import ApplicationError
from balint.core.planner import refresh_statistics
from balint.meetings.models import Attendance, Meeting, MeetingNote
from balint.programs.models import Person, Program
from balint.site.demo import schedule
from balint.site.demo.builder import (
    ADMIN,
    ANALYST,
    LEADERS,
    PASSWORD,
    SLUG,
    TRANSCRIBER,
    build,
    resident_username,
)
from balint.site.demo.world import DemoSummary, DemoWorld

__all__ = [
    "DEMO_EXTENSIONS",
    "DEMO_PASSWORD",
    "DEMO_SLUG",
    "DemoSummary",
    "DemoWorld",
    "demo_delete",
    "demo_load",
    "demo_logins",
    "demo_needed",
]

DEMO_SLUG = SLUG
DEMO_PASSWORD = PASSWORD
# Each module, when installed, exposes `extend(world: DemoWorld) -> None`; they run in this order.
DEMO_EXTENSIONS = [
    "balint.site.demo.meetings",
    "balint.site.demo.surveys",
    "balint.site.demo.coding",
    "balint.site.demo.leaders",
    "balint.site.demo.reports",
]


def demo_needed() -> bool:
    """True when the database holds no program at all."""
    return not Program.objects.exists()


def demo_load(*, scale: int = 1, force: bool = False) -> DemoSummary:
    """Build the demo in one transaction; refused when any program exists unless `force` replaces the demo."""
    if scale < 1:
        raise ApplicationError(_("The demo scale must be at least 1."), extra={"scale": scale})
    with transaction.atomic():
        if force:
            demo_delete()
        if Program.objects.filter(slug=DEMO_SLUG).exists() or (not force and Program.objects.exists()):
            raise ApplicationError(
                _(
                    "The database already holds a program; the demo loads only into an empty database "
                    "(use --force to replace the demo program)."
                ),
                extra={"programs": Program.objects.count()},
            )
        today = timezone.now().astimezone(zoneinfo.ZoneInfo(schedule.TIME_ZONE)).date()
        world = build(scale=scale, today=today)
        world.extensions = _run_extensions(world)
        meetings = Meeting.objects.filter(group__program=world.program)
        summary = DemoSummary(
            slug=DEMO_SLUG,
            groups=len(world.groups),
            people=Person.objects.filter(memberships__program=world.program).distinct().count(),
            held=meetings.filter(status=Meeting.Status.HELD).count(),
            cancelled=meetings.filter(status=Meeting.Status.CANCELLED).count(),
            scheduled=meetings.filter(status=Meeting.Status.SCHEDULED).count(),
            attendances=Attendance.objects.filter(meeting__group__program=world.program).count(),
            notes=MeetingNote.objects.filter(meeting__group__program=world.program).count(),
            extensions=tuple(world.extensions),
        )
    # Thousands of rows just arrived: without fresh statistics the planner takes the demo's tables for
    # empty ones until autovacuum analyses them (never, where it is off, or in a database cloned from
    # this one before then) and pages read many times the rows they need.
    refresh_statistics()
    return summary


def _run_extensions(world: DemoWorld) -> list[str]:
    """Call `extend(world)` of each installed extension module, in order; missing ones are skipped."""
    ran = []
    for name in DEMO_EXTENSIONS:
        try:
            spec = importlib.util.find_spec(name)
        except ModuleNotFoundError:  # the parent app is not there yet
            spec = None
        if spec is None:
            continue
        importlib.import_module(name).extend(world)
        ran.append(name)
    return ran


@transaction.atomic
def demo_delete() -> bool:
    """Delete the demo program and the people who belong to no other program; False when there is none."""
    program = Program.objects.filter(slug=DEMO_SLUG).first()
    if program is None:
        return False
    person_ids = list(
        Person.objects.filter(memberships__program=program).values_list("pk", flat=True).distinct()
    )
    try:
        program.delete()
        leaving = Person.objects.filter(pk__in=person_ids, memberships__isnull=True)
        get_user_model().objects.filter(person__in=leaving).delete()
    except ProtectedError as error:
        raise ApplicationError(
            _("The demo program cannot be deleted: other data still refers to its people or sessions."),
            extra={"protected": sorted({type(obj).__name__ for obj in error.protected_objects})},
        ) from error
    return True


def demo_logins() -> str:
    """Printable lines: each demo role's username and the shared password."""
    rows = [
        (_("program administrator"), ADMIN[0]),
        (_("leader (family physician)"), LEADERS[0][0]),
        (_("co-leader (psychologist)"), LEADERS[1][0]),
        (
            _("resident"),
            _("{first} (also {second} … {last})").format(
                first=resident_username(1, 1), second=resident_username(1, 2), last=resident_username(1, 11)
            ),
        ),
        (_("transcriber"), TRANSCRIBER[0]),
        (_("analyst"), ANALYST[0]),
    ]
    lines = [_("Demo logins (password for all: {password}):").format(password=DEMO_PASSWORD)]
    width = max(len(role) for role, _username in rows)
    lines += [f"  {role:{width}} {username}" for role, username in rows]
    return "\n".join(lines)
