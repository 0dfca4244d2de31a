"""Writes for a leader's log entries, debriefs, certification paths and followed paths."""

import datetime
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from balint.core.errors import ApplicationError
from balint.core.services import model_update, validated
from balint.leaders.models import (
    CertificationPath,
    Debrief,
    FollowedPath,
    Requirement,
    SessionElsewhere,
    SupervisionSession,
    TrainingEvent,
)
from balint.meetings.models import Meeting
from balint.programs.models import Group, Person, Program

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "paths"
ENTRY_FIELDS = {
    TrainingEvent: ["kind", "title", "organizer", "starts_on", "ends_on", "hours", "note"],
    SupervisionSession: ["held_on", "supervisor", "group", "group_elsewhere", "hours", "recorded", "note"],
    SessionElsewhere: ["held_on", "setting", "minutes", "co_leader"],
}
REQUIREMENT_FIELDS = [
    "kind",
    "label",
    "minimum",
    "training_kind",
    "per_month",
    "within_months",
    "counts_before_start",
    "required",
]


def _check_supervision_group(leader: Person, data: dict[str, Any]) -> None:
    group: Group | None = data.get("group")
    if group is not None and not group.leaders.filter(pk=leader.pk).exists():
        raise ApplicationError(_("You can only name a group you lead."), extra={"field": "group"})
    if group is None and not data.get("group_elsewhere", "").strip():
        raise ApplicationError(
            _("Name the group discussed: one you lead here, or one elsewhere."), extra={"field": "group"}
        )


@transaction.atomic
def entry_create(*, model: type, leader: Person, data: dict[str, Any]) -> Any:
    """Add a training event, supervision session or session led elsewhere to the leader's own log."""
    fields = ENTRY_FIELDS[model]
    if model is SupervisionSession:
        _check_supervision_group(leader, data)
    entry = model(leader=leader, **{name: data[name] for name in fields if name in data})
    validated(entry)
    entry.save()
    return entry


@transaction.atomic
def entry_update(*, entry: Any, data: dict[str, Any]) -> Any:
    """Change an entry of the leader's log; only the listed fields can change, never the owner."""
    if isinstance(entry, SupervisionSession):
        _check_supervision_group(entry.leader, data)
    entry, _changed = model_update(instance=entry, data=data, fields=ENTRY_FIELDS[type(entry)])
    return entry


@transaction.atomic
def entry_delete(*, entry: Any) -> None:
    entry.delete()


@transaction.atomic
def debrief_save(*, author: Person, meeting: Meeting, reflection: str, with_co_leader: bool) -> Debrief:
    """Create or replace the author's own debrief of a held session of a group they lead."""
    if meeting.status != Meeting.Status.HELD:
        raise ApplicationError(
            _("A debrief follows a session that was held."), extra={"meeting": str(meeting.code)}
        )
    if not meeting.group.leaders.filter(pk=author.pk).exists():
        raise ApplicationError(_("Only a leader of the group can debrief its session."))
    debrief = Debrief.objects.select_for_update().filter(author=author, meeting=meeting).first()
    if debrief is None:
        debrief = Debrief(author=author, meeting=meeting)
    debrief.reflection = reflection
    debrief.with_co_leader = with_co_leader
    validated(debrief)
    try:
        with transaction.atomic():
            debrief.save()
    except IntegrityError:  # a double submit raced us: update the row that won
        debrief = Debrief.objects.get(author=author, meeting=meeting)
        debrief.reflection, debrief.with_co_leader = reflection, with_co_leader
        debrief.save(update_fields=["reflection", "with_co_leader", "updated_at"])
    return debrief


@transaction.atomic
def debrief_delete(*, debrief: Debrief) -> None:
    debrief.delete()


def _requirements_replace(path: CertificationPath, requirements: list[dict[str, Any]]) -> None:
    if not requirements:
        raise ApplicationError(_("A path needs at least one requirement."), extra={"field": "requirements"})
    path.requirements.all().delete()
    for position, row in enumerate(requirements):
        requirement = Requirement(
            path=path, position=position, **{k: row[k] for k in REQUIREMENT_FIELDS if k in row}
        )
        if requirement.kind == Requirement.Kind.ATTESTATION:
            requirement.minimum = 1
        try:
            validated(requirement)
        except ApplicationError as error:
            raise ApplicationError(
                _("Requirement {value} ({value2!s:.60}): {message}").format(
                    value=position + 1, value2=row.get("label", ""), message=error.message
                ),
                extra={"requirement": position + 1, **error.extra},
            ) from None
        requirement.save()


@transaction.atomic
def path_create(
    *, program: Program, created_by: Person, data: dict[str, Any], requirements: list[dict[str, Any]]
) -> CertificationPath:
    """A program's own path with its requirements, all or nothing."""
    path = CertificationPath(
        program=program,
        created_by=created_by,
        **{k: data[k] for k in ["name", "body", "description", "source_url"] if k in data},
    )
    if CertificationPath.objects.filter(program=program, name=path.name).exists():
        raise ApplicationError(_("This program already has a path of that name."), extra={"field": "name"})
    validated(path)
    path.save()
    _requirements_replace(path, requirements)
    return path


@transaction.atomic
def path_update(
    *, path: CertificationPath, data: dict[str, Any], requirements: list[dict[str, Any]]
) -> CertificationPath:
    """Change a program's path and replace its requirements, all or nothing; ready-made paths are refused."""
    if path.ready_made:
        raise ApplicationError(_("A ready-made path cannot be changed here; define your own instead."))
    path = CertificationPath.objects.select_for_update().get(pk=path.pk)
    name = data.get("name", path.name)
    if CertificationPath.objects.filter(program=path.program, name=name).exclude(pk=path.pk).exists():
        raise ApplicationError(_("This program already has a path of that name."), extra={"field": "name"})
    model_update(instance=path, data=data, fields=["name", "body", "description", "source_url"])
    _requirements_replace(path, requirements)
    return path


def _requirement_values(requirement: Requirement) -> dict[str, Any]:
    values = {k: getattr(requirement, k) for k in REQUIREMENT_FIELDS}
    values["minimum"] = (
        Requirement._meta.get_field("minimum").to_python(values["minimum"]).quantize(Decimal("0.01"))
    )
    return values


@transaction.atomic
def builtin_paths_load(*, directory: Path = FIXTURES) -> list[CertificationPath]:
    """Create or refresh every ready-made path from its JSON file; the same file twice changes nothing."""
    loaded = []
    for file in sorted(directory.glob("*.json")):
        try:
            data = json.loads(file.read_text(encoding="utf-8"))
            key, requirements = data["key"], data["requirements"]
            fields = {k: data[k] for k in ["name", "body", "description", "source_url"]}
        except (ValueError, KeyError, TypeError) as error:
            raise ApplicationError(
                _("{name}: not a path file ({error}).").format(name=file.name, error=error),
                extra={"file": file.name},
            ) from None
        path = CertificationPath.objects.filter(key=key).first()
        if path is None:
            path = CertificationPath(key=key, **fields)
        else:
            for name, value in fields.items():
                setattr(path, name, value)
        validated(path)
        path.save()
        current = [_requirement_values(r) for r in path.requirements.all()]
        wanted = [
            {
                k: Requirement._meta.get_field(k).to_python(v)
                for k, v in _requirement_values(
                    Requirement(**{k: row[k] for k in REQUIREMENT_FIELDS if k in row})
                ).items()
            }
            for row in requirements
        ]
        if current != wanted:
            _requirements_replace(path, requirements)
        loaded.append(path)
    return loaded


@transaction.atomic
def path_follow(
    *,
    leader: Person,
    path: CertificationPath,
    started_on: datetime.date,
    target_on: datetime.date | None = None,
) -> FollowedPath:
    """Start following a path; following the same path twice is refused."""
    if FollowedPath.objects.filter(leader=leader, path=path).exists():
        raise ApplicationError(_("You already follow this path."), extra={"path": str(path.code)})
    followed = FollowedPath(leader=leader, path=path, started_on=started_on, target_on=target_on)
    validated(followed)
    try:
        with transaction.atomic():
            followed.save()
    except IntegrityError:
        raise ApplicationError(_("You already follow this path."), extra={"path": str(path.code)}) from None
    return followed


@transaction.atomic
def followed_update(
    *,
    followed: FollowedPath,
    started_on: datetime.date,
    target_on: datetime.date | None,
    shared: bool,
    confirmed: list[Requirement],
) -> FollowedPath:
    """Change the start and target dates, the share toggle and the confirmed conditions of a followed path."""
    allowed = {r.pk for r in followed.path.requirements.all() if r.kind == Requirement.Kind.ATTESTATION}
    if any(r.pk not in allowed for r in confirmed):
        raise ApplicationError(
            _("Only this path's conditions can be confirmed."), extra={"field": "confirmed"}
        )
    model_update(
        instance=followed,
        data={"started_on": started_on, "target_on": target_on, "shared": shared},
        fields=["started_on", "target_on", "shared"],
    )
    followed.confirmed.set(confirmed)
    return followed


@transaction.atomic
def followed_share(*, followed: FollowedPath, shared: bool) -> FollowedPath:
    """Share this path's summary with the program admins, or stop sharing it."""
    model_update(instance=followed, data={"shared": shared}, fields=["shared"])
    return followed


@transaction.atomic
def followed_delete(*, followed: FollowedPath) -> None:
    """Stop following a path; the log entries stay."""
    followed.delete()
