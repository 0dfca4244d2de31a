"""Write a backup: a zip with manifest.json and one JSONL file per model, every member checksummed.

manifest.json holds `format_version`, `created`, the Balint and Django versions, the latest applied
migration of each app, the scope (whole installation, or one program's slug), the row count and the SHA-256
of every member. Rows are Django's serialized form (primary keys kept), written with sorted keys and in
primary-key order, so the same data gives the same bytes on SQLite and PostgreSQL.

Left out, on purpose: content types and permissions (recreated by migrations), web sessions, the admin log,
sign-in throttling records (django-axes and the API's failed token sign-ins), the task queue, background
jobs, pending uploads (all transient) and the passage embeddings (a cache, rebuilt by the next run). A link
to a row the backup leaves out (a theme run's job; in a program backup, a row of another program, such as the
group of a leader's supervision session elsewhere) is written empty, so the backup restores on its own.

A program backup, which the program's administrators download, holds no one's credentials: logins come
with an unusable password and without superuser or staff flags, groups or permissions, and two-factor
devices, API tokens and calendar-feed tokens are left out. It holds the ready-made certification paths its
leaders follow, which the restore matches by their `key`. A whole-installation backup (the operator's,
from the command line) holds everything, so it restores exactly.

A program backup made from the web (`sealed=True`) is also sealed: every value its holder must not read
(the plaintext of every encrypted field: notes, debriefs, answers, transcripts, sources, quotes, memos...;
and the records that tie a person to an answer or a vote: an invitation's `answered`, a Likert or choice
answer, a vote's voter and proposal) is written as `balint-sealed:<Fernet token>` under the installation's own
encryption key, with a fresh random IV each time, so two backups a day apart differ in every sealed value
and say nothing about which invitation was answered in between. Only an installation holding that key (the
operator's) can restore it; the structure (program, people, groups, sessions, attendance, surveys and
their questions, the codebook) stays readable.
"""

from __future__ import annotations

import datetime
import hashlib
import io
import json
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from typing import IO, Any

import django
from django.apps import apps
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.core import serializers
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models
from django.db.migrations.recorder import MigrationRecorder
from django.db.models import Q
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from balint.leaders.models import CertificationPath, FollowedPath, Requirement
from balint.privacy import crypto
from balint.privacy.fields import EncryptedTextField
from balint.programs.models import Person, Program

FORMAT_VERSION = 1
MANIFEST = "manifest.json"
EXCLUDED = {
    "contenttypes.contenttype",
    "auth.permission",
    "sessions.session",
    "admin.logentry",
    "django_tasks_database.dbtaskresult",
    "core.job",
    "exchange.pendingimport",
    "api.authfailure",
    "insights.embedding",
    "axes.accessattempt",
    "axes.accessattemptexpiration",
    "axes.accesslog",
    "axes.accessfailurelog",
}
# Left out too, but every installation makes them again (migrate): links to them are kept.
RECREATED = {"contenttypes.contenttype", "auth.permission"}
# Secrets that sign a person in or stand for them; a program backup leaves them out.
CREDENTIALS = {"otp_totp.totpdevice", "api.apitoken", "meetings.calendarfeed"}
CHUNK = 2000
SEALED_PREFIX = "balint-sealed:"
# Sealed in a web program backup besides every encrypted field: what ties a person to an answer or a vote.
# A vote's voter is sealed as well as its proposal: two backups and the poll's counts in the app would
# otherwise show what a newly voted resident chose.
SEALED_FIELDS = {
    "surveys.invitation": ("answered",),
    "surveys.answer": ("scale", "options"),
    "meetings.vote": ("person", "proposal"),
}


def sealed_fields(model: type[models.Model]) -> list[str]:
    """The fields whose values a sealed backup writes only under the installation's key."""
    names = {f.name for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)}
    return sorted(names | set(SEALED_FIELDS.get(model._meta.label_lower, ())))


def seal(value: Any) -> str:
    """The value as JSON, encrypted with the installation's current key (random IV, time 0)."""
    return SEALED_PREFIX + crypto.encrypt(json.dumps(value, cls=_Encoder, sort_keys=True), timeless=True)


def holds_credentials(model: type[models.Model]) -> bool:
    """True for the models whose rows are someone's secrets (any django-otp device counts)."""
    from django_otp.models import Device

    return model._meta.label_lower in CREDENTIALS or issubclass(model, Device)


def login_without_credentials(fields: dict[str, Any]) -> None:
    """A login's serialized fields as a program backup holds them: no password hash (an unusable one
    instead), not a superuser or staff, no groups or permissions."""
    if "password" in fields:
        fields["password"] = UNUSABLE_PASSWORD_PREFIX
    for flag in ("is_superuser", "is_staff"):
        if flag in fields:
            fields[flag] = False
    for links in ("groups", "user_permissions"):
        if links in fields:
            fields[links] = []


def balint_version() -> str:
    try:
        return version("balint")
    except PackageNotFoundError:
        return "0"


def backup_models() -> list[type[models.Model]]:
    """Every model a backup holds, parents before the models that point or link to them (natural order)."""
    candidates = [
        m
        for m in apps.get_models()
        if m._meta.label_lower not in EXCLUDED and not m._meta.proxy and m._meta.managed
    ]
    ordered: list[type[models.Model]] = []
    placed: set[type[models.Model]] = set()
    pending = sorted(candidates, key=lambda m: m._meta.label_lower)
    while pending:
        progress = False
        for model in list(pending):
            links = [f for f in model._meta.concrete_fields if f.is_relation] + [
                f for f in model._meta.local_many_to_many if f.remote_field.through._meta.auto_created
            ]  # many-to-many too: a followed path's confirmed requirements are matched before it loads
            needs = {
                f.related_model
                for f in links
                if f.related_model is not model and f.related_model in candidates
            }
            if needs <= placed:
                ordered.append(model)
                placed.add(model)
                pending.remove(model)
                progress = True
        if not progress:  # a cycle between models: keep the rest in name order (FKs are deferred anyway)
            ordered.extend(pending)
            break
    return ordered


def _program_path(model: type[models.Model], depth: int = 0) -> str | None:
    """The lookup from `model` to its Program (e.g. "source__program"), or None when it has none."""
    if model is Program:
        return "pk"
    if depth > 4:
        return None
    for field in model._meta.concrete_fields:
        if field.is_relation and field.related_model is Program and not field.null:
            return field.name
    for field in model._meta.concrete_fields:
        if field.is_relation and not field.null and field.related_model not in {model, Person}:
            rest = _program_path(field.related_model, depth + 1)
            if rest is not None:
                return field.name if rest == "pk" else f"{field.name}__{rest}"
    for field in model._meta.concrete_fields:  # nullable links to a program, e.g. an audit event
        if field.is_relation and field.related_model is Program:
            return field.name
    return None


def program_querysets(program: Program) -> dict[type[models.Model], models.QuerySet]:
    """The rows of one program: everything that leads to it, plus the people and logins of its members
    and of anyone its rows name (e.g. an imported coder)."""
    chosen: dict[type[models.Model], models.QuerySet] = {}
    for model in backup_models():
        path = _program_path(model)
        # A model may declare that its rows belong elsewhere although they lead to a program (a study's
        # records of a member program belong to the study): `program_backup = False` keeps them out.
        if path is not None and not holds_credentials(model) and getattr(model, "program_backup", True):
            chosen[model] = model._default_manager.filter(**{path: program.pk})
    person_ids: set[int] = set(
        Person.objects.filter(memberships__program=program).values_list("pk", flat=True)
    )
    for model, queryset in chosen.items():
        for field in model._meta.concrete_fields:
            if field.is_relation and field.related_model is Person:
                person_ids.update(i for i in queryset.values_list(field.attname, flat=True) if i is not None)
        for field in model._meta.local_many_to_many:  # e.g. a group's members
            if field.related_model is Person:
                person_ids.update(i for i in queryset.values_list(field.name, flat=True) if i is not None)
    chosen[Person] = Person.objects.filter(pk__in=person_ids)
    user_model = Person._meta.get_field("user").related_model
    chosen[user_model] = user_model._default_manager.filter(person__in=person_ids)
    for model in backup_models():  # per-person records (the leader's log) follow their people
        if model in chosen or holds_credentials(model):
            continue
        for field in model._meta.concrete_fields:
            if field.is_relation and field.related_model is Person and not field.null:
                chosen[model] = model._default_manager.filter(**{f"{field.name}__in": person_ids})
                break
            if field.is_relation and field.related_model is user_model and not field.null:
                chosen[model] = model._default_manager.filter(**{f"{field.name}__person__in": person_ids})
                break
    # Ready-made paths belong to no program: the ones its people follow come along (matched by key later).
    followed = FollowedPath.objects.filter(leader__in=person_ids).filter(
        Q(path__program=program) | Q(path__program__isnull=True)
    )
    paths = CertificationPath.objects.filter(Q(program=program) | Q(pk__in=followed.values("path")))
    chosen[FollowedPath] = followed
    chosen[CertificationPath] = paths
    chosen[Requirement] = Requirement.objects.filter(path__in=paths.values("pk"))
    return {model: chosen[model] for model in backup_models() if model in chosen}


EVERY = None  # in `_links_outside`: every value of the field points outside the backup


def _links_outside(
    querysets: dict[type[models.Model], models.QuerySet], *, whole: bool
) -> dict[type[models.Model], dict[str, set[Any] | None]]:
    """Per model and field, the keys its rows link to that the backup leaves out (EVERY: all of them).

    Only nullable foreign keys and many-to-many links are listed: a required link to a row left out would
    make the backup inconsistent, and the restore refuses that with the row named."""
    outside: dict[type[models.Model], dict[str, set[Any] | None]] = {}
    for model, queryset in querysets.items():
        fields: dict[str, set[Any] | None] = {}
        relations = [f for f in model._meta.concrete_fields if f.is_relation and f.null]
        many = [f for f in model._meta.local_many_to_many if f.remote_field.through._meta.auto_created]
        for field in relations + many:
            target = field.related_model
            constrained = (field.remote_field if field.many_to_many else field).db_constraint
            if target._meta.label_lower in RECREATED or not constrained:
                continue  # no constraint: a plain reference meant to outlive its row (the audit trail)
            if target not in querysets:
                fields[field.name] = EVERY
            elif not whole:  # a program's rows may link to another program's (or to people not chosen)
                chosen = querysets[target].values("pk")
                if field.many_to_many:
                    source, other = field.m2m_field_name(), field.m2m_reverse_field_name()
                    links = field.remote_field.through._base_manager.filter(
                        **{f"{source}__in": queryset.values("pk")}
                    )
                    values = set(
                        links.exclude(**{f"{other}__in": chosen}).values_list(f"{other}_id", flat=True)
                    )
                else:
                    values = set(
                        queryset.filter(**{f"{field.name}__isnull": False})
                        .exclude(**{f"{field.name}__in": chosen})
                        .values_list(field.attname, flat=True)
                    )
                if values:
                    fields[field.name] = values
        if fields:
            outside[model] = fields
    return outside


class _Encoder(DjangoJSONEncoder):
    """Django's encoder, but times to the microsecond: Django's cuts them to milliseconds, so a time such as
    12:00:07.000400 came back as 12:00:07 and the next backup wrote it differently."""

    def default(self, o: Any) -> Any:
        if isinstance(o, datetime.datetime):
            text = o.isoformat()
            return text.removesuffix("+00:00") + "Z" if text.endswith("+00:00") else text
        if isinstance(o, datetime.time) and o.utcoffset() is None:  # Django refuses aware times
            return o.isoformat()
        return super().default(o)


def _rows(
    queryset: models.QuerySet,
    outside: dict[str, set[Any] | None] | None = None,
    *,
    scrub: bool = False,
    sealed: list[str] | None = None,
) -> Iterator[str]:
    """The rows as JSON lines; `scrub`: a program backup's logins, without credentials; `sealed`: the fields
    written sealed."""
    queryset = queryset.order_by("pk")
    outside = outside or {}
    last = None
    while True:
        batch = list((queryset.filter(pk__gt=last) if last is not None else queryset)[:CHUNK])
        if not batch:
            return
        many = [f.name for f in queryset.model._meta.many_to_many]
        for row in serializers.serialize("python", batch, use_natural_foreign_keys=False):
            values = row["fields"]
            for name, keys in outside.items():
                if name not in values:
                    continue
                if name in many:
                    values[name] = [k for k in values[name] if keys is not EVERY and k not in keys]
                elif keys is EVERY or values[name] in keys:
                    values[name] = None
            if scrub:
                login_without_credentials(values)
            for name in many:  # links come in the related model's ordering, ties in no fixed order
                if name in values:
                    values[name] = sorted(values[name])
            for name in sealed or ():
                if name in values:
                    values[name] = seal(values[name])
            yield json.dumps(row, cls=_Encoder, sort_keys=True, ensure_ascii=False)
        last = batch[-1].pk


@dataclass
class BackupSummary:
    """What a backup holds."""

    scope: str
    rows: int
    models: int
    bytes: int = 0

    def line(self) -> str:
        return _("backed up {rows} rows of {models} models ({scope}), {size} bytes").format(
            rows=number_format(self.rows, force_grouping=True),
            models=self.models,
            scope=self.scope,
            size=number_format(self.bytes, force_grouping=True),
        )


def applied_migrations() -> dict[str, list[str]]:
    """Each app's applied migrations, by app label."""
    found: dict[str, list[str]] = {}
    for app, name in MigrationRecorder(connection).applied_migrations():
        found.setdefault(app, []).append(name)
    return {app: sorted(names) for app, names in sorted(found.items())}


def backup_write(target: IO[bytes], *, program: Program | None = None, sealed: bool = False) -> BackupSummary:
    """Write the whole installation (or one program) to `target` as a checksummed, versioned zip; `sealed`
    (a program's backup made from the web): what its holder may not read only under the installation's key."""
    if sealed and program is None:
        raise ValueError("Only a program backup is sealed; the operator's whole-installation backup is not.")
    querysets = (
        program_querysets(program)
        if program is not None
        else {m: m._default_manager.all() for m in backup_models()}
    )
    outside = _links_outside(querysets, whole=program is None)
    user_model = Person._meta.get_field("user").related_model
    members: dict[str, dict[str, Any]] = {}
    total = 0
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for model, queryset in querysets.items():
            name = f"data/{model._meta.label_lower}.jsonl"
            digest = hashlib.sha256()
            count = 0
            with archive.open(name, "w") as handle:
                scrub = program is not None and model is user_model
                hidden = sealed_fields(model) if sealed else []
                for line in _rows(queryset, outside.get(model), scrub=scrub, sealed=hidden):
                    data = (line + "\n").encode("utf-8")
                    digest.update(data)
                    handle.write(data)
                    count += 1
            members[name] = {"model": model._meta.label_lower, "rows": count, "sha256": digest.hexdigest()}
            if hidden:
                members[name]["sealed"] = hidden
            total += count
        manifest = {
            "format": "balint-backup",
            "format_version": FORMAT_VERSION,
            "created": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
            "balint_version": balint_version(),
            "django_version": django.get_version(),
            "database": connection.vendor,
            "scope": {"program": program.slug} if program is not None else "installation",
            "sealed": sealed,
            "migrations": applied_migrations(),
            "members": members,
            "order": list(members),
        }
        archive.writestr(MANIFEST, json.dumps(manifest, indent=2, sort_keys=True))
    scope = f"program {program.slug}" if program is not None else "whole installation"
    scope += ", sealed" if sealed else ""
    return BackupSummary(scope=scope, rows=total, models=len(members))


def backup_bytes(*, program: Program | None = None, sealed: bool = False) -> tuple[bytes, BackupSummary]:
    """The backup as bytes (for a download), with its summary."""
    buffer = io.BytesIO()
    summary = backup_write(buffer, program=program, sealed=sealed)
    data = buffer.getvalue()
    summary.bytes = len(data)
    return data, summary
