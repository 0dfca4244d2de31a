"""Check and restore a backup written by backup/writer.py: all or nothing, in one transaction.

Refused, with one clear message and nothing changed: a file that is not a zip or has no manifest, a member
whose SHA-256 differs from the manifest, a format version newer than this Balint reads, migrations this
installation does not have (a newer Balint made it), a whole-installation backup restored into an
installation that already has programs or people (unless `replace`), a program backup whose program is
already here, or whose rows would overwrite different rows already here, and a backup whose rows point to
rows that are neither in it nor here (checked before the commit, with the row named).

A program backup never brings credentials, even if the file was edited to hold them: its logins get an
unusable password (a new one is set through password reset, or by the administrator) and are neither
superusers nor staff, and its two-factor devices, API tokens and calendar-feed tokens are not loaded. The
ready-made certification paths its leaders follow are matched here by their `key`.

A sealed program backup (made from the web) is opened with this installation's encryption keys: each sealed
value is decrypted before its row is loaded. A backup sealed under a key this installation does not hold is
refused whole, with nothing changed (its operator can add the old key to BALINT_ENCRYPTION_KEY first).
"""

from __future__ import annotations

import hashlib
import io
import json
import uuid
import zipfile
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core import serializers
from django.core.management.color import no_style
from django.db import DatabaseError, IntegrityError, connection, models, transaction
from django.db.migrations.loader import MigrationLoader
from django.utils.translation import gettext as _

from balint.core.errors import ApplicationError
from balint.exchange.backup.writer import (
    EXCLUDED,
    FORMAT_VERSION,
    MANIFEST,
    RECREATED,
    SEALED_PREFIX,
    _program_path,
    backup_models,
    holds_credentials,
    login_without_credentials,
)
from balint.leaders.models import CertificationPath, FollowedPath, Requirement
from balint.privacy import crypto
from balint.programs.models import Person, Program

MAX_MEMBER_BYTES = 4 * 1024 * 1024 * 1024
CHUNK = 1000


@dataclass
class Backup:
    """A checked backup: its manifest and the open archive."""

    manifest: dict[str, Any]
    archive: zipfile.ZipFile

    @property
    def scope(self) -> str:
        scope = self.manifest.get("scope")
        return f"program {scope['program']}" if isinstance(scope, dict) else "whole installation"

    @property
    def program_slug(self) -> str | None:
        scope = self.manifest.get("scope")
        return scope.get("program") if isinstance(scope, dict) else None


@dataclass
class RestoreSummary:
    scope: str
    rows: int = 0
    models: int = 0
    skipped: int = 0
    per_model: dict[str, int] = field(default_factory=dict)
    program: str | None = None  # the slug, for a program backup

    def line(self) -> str:
        extra = f", {self.skipped} people already here kept" if self.skipped else ""
        return f"restored {self.rows:,} rows of {self.models} models ({self.scope}){extra}"


def backup_open(data: bytes) -> Backup:
    """Open and verify a backup (zip, manifest, version, checksums, migrations); else ApplicationError."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        raise ApplicationError(
            _("This is not a Balint backup: the file is not a zip archive (or it is damaged).")
        ) from None
    if MANIFEST not in names:
        raise ApplicationError(_("This is not a Balint backup: manifest.json is missing."))
    try:
        manifest = json.loads(archive.read(MANIFEST))
    except (ValueError, zipfile.BadZipFile, OSError):
        raise ApplicationError(_("The backup's manifest.json cannot be read; the file is damaged.")) from None
    if not isinstance(manifest, dict) or manifest.get("format") != "balint-backup":
        raise ApplicationError(_("This is not a Balint backup: manifest.json does not describe one."))
    version = manifest.get("format_version")
    if not isinstance(version, int) or version < 1:
        raise ApplicationError(_("The backup's format version is missing or invalid."))
    if version > FORMAT_VERSION:
        raise ApplicationError(
            _(
                "This backup has format version {version}, newer than this Balint reads ({FORMAT_VERSION}); "
                "upgrade Balint first."
            ).format(version=version, FORMAT_VERSION=FORMAT_VERSION)
        )
    members = manifest.get("members")
    if not isinstance(members, dict):
        raise ApplicationError(_("The backup's manifest lists no members."))
    unlisted = {n for n in names if n.startswith("data/")} - set(members)
    if unlisted:
        raise ApplicationError(
            _("The backup holds a file its manifest does not list: {value}.").format(
                value=sorted(unlisted)[0]
            )
        )
    for name, member in members.items():
        if name not in names:
            raise ApplicationError(_("The backup is incomplete: {name} is missing.").format(name=name))
        info = archive.getinfo(name)
        if info.file_size > MAX_MEMBER_BYTES:
            raise ApplicationError(_("The backup member {name} is too large.").format(name=name))
        digest = hashlib.sha256()
        try:
            with archive.open(name) as handle:
                for block in iter(lambda: handle.read(1 << 20), b""):
                    digest.update(block)
        except (zipfile.BadZipFile, OSError, EOFError, ValueError):
            raise ApplicationError(
                _("The backup is damaged: {name} cannot be read.").format(name=name)
            ) from None
        if not isinstance(member, dict) or digest.hexdigest() != member.get("sha256"):
            raise ApplicationError(
                _("The backup is damaged: the checksum of {name} does not match.").format(name=name)
            )
    _check_migrations(manifest.get("migrations") or {})
    return Backup(manifest=manifest, archive=archive)


def _check_migrations(wanted: dict[str, list[str]]) -> None:
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    for app, names in wanted.items():
        if not isinstance(names, list):
            raise ApplicationError(_("The backup's list of migrations is damaged."))
        for name in names:
            if (app, name) not in known:
                raise ApplicationError(
                    _(
                        "This backup was made by a newer Balint (migration {app}.{name} is unknown here); "
                        "upgrade Balint first."
                    ).format(app=app, name=name)
                )


def _installation_is_empty() -> bool:
    return not (Program.objects.exists() or Person.objects.exists() or get_user_model().objects.exists())


def _flush() -> None:
    """Empty every table a backup holds (TRUNCATE on PostgreSQL, so row triggers are not involved)."""
    tables = set()
    for model in backup_models():
        tables.add(model._meta.db_table)
        for m2m in model._meta.local_many_to_many:
            tables.add(m2m.remote_field.through._meta.db_table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":  # settle pending deferred checks, which TRUNCATE refuses
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        for statement in connection.ops.sql_flush(
            no_style(), sorted(tables), reset_sequences=False, allow_cascade=True
        ):
            cursor.execute(statement)


def _identity(obj: models.Model) -> Any:
    if hasattr(obj, "code"):
        return obj.code
    if hasattr(obj, "username"):
        return obj.username
    return None


def backup_restore(data: bytes, *, replace: bool = False) -> RestoreSummary:
    """Restore a verified backup in one transaction; any refusal or failure leaves the database unchanged."""
    backup = backup_open(data)
    summary = RestoreSummary(scope=backup.scope, program=backup.program_slug)
    by_label = {m._meta.label_lower: m for m in backup_models()}
    try:
        with transaction.atomic():
            slug = backup.program_slug
            if slug is None:
                if not replace and not _installation_is_empty():
                    raise ApplicationError(
                        _(
                            "This installation already has programs or people; restoring a "
                            "whole-installation "
                            "backup would mix them. Restore into an empty database, or pass --replace to "
                            "delete everything here first."
                        )
                    )
                # Also the reference rows migrations made (e.g. ready-made paths): the backup has them.
                _flush()
            elif Program.objects.filter(slug=slug).exists():
                raise ApplicationError(
                    _(
                        "A program called {slug!r} is already here; a program backup restores only a "
                        "program that is not in this installation."
                    ).format(slug=slug)
                )
            ready = _ReadyMade() if slug is not None else None
            programs_here = set(Program.objects.values_list("pk", flat=True))
            touched: list[type[models.Model]] = []
            rank = {label: index for index, label in enumerate(by_label)}
            members = sorted(
                backup.manifest["members"].items(), key=lambda item: rank.get(str(item[1].get("model")), -1)
            )
            for name, member in members:
                model = by_label.get(str(member.get("model")))
                if model is None:
                    raise ApplicationError(
                        _("The backup holds {value}, which this Balint does not know.").format(
                            value=member.get("model")
                        )
                    )
                if ready is not None and holds_credentials(model):
                    continue  # a program backup brings no one's credentials
                sealed = member.get("sealed") or []
                count, skipped = _load_member(backup.archive, name, model, ready=ready, sealed=sealed)
                summary.per_model[model._meta.label_lower] = count
                summary.rows += count
                summary.skipped += skipped
                summary.models += 1
                touched.append(model)
            if ready is not None:
                _check_own_program(ready.inserted, programs_here)
            _check_links(touched)
            _reset_sequences(touched)
    except ApplicationError:
        raise
    except (
        IntegrityError,
        DatabaseError,
        serializers.base.DeserializationError,
        ValueError,
        KeyError,
    ) as error:
        raise ApplicationError(
            _("The backup could not be restored; nothing was changed ({name__}: {value}).").format(
                name__=type(error).__name__, value=str(error)[:200]
            )
        ) from None
    return summary


def _check_own_program(inserted: dict[type[models.Model], list[Any]], programs_here: set[Any]) -> None:
    """A program backup adds rows of its own program only: an edited file holding a row of a program already
    here (a membership making someone an administrator there, a note in its sessions) is refused whole."""
    for model, keys in inserted.items():
        path = _program_path(model)
        if not keys or path is None or model is Program:
            continue
        found = model._base_manager.filter(pk__in=keys, **{f"{path}__in": programs_here}).first()
        if found is not None:
            raise ApplicationError(
                _(
                    "The backup's {verbose_name} #{pk} belongs to another program already in this "
                    "installation; a program backup restores only its own program. Nothing was changed."
                ).format(verbose_name=model._meta.verbose_name, pk=found.pk)
            )


def _check_links(touched: list[type[models.Model]]) -> None:
    """Check the restored rows' foreign keys now rather than at the commit, so a dangling one is named,
    not an IntegrityError (SQLite checks deferred keys only at the commit, without naming the row)."""
    tables = [model._meta.db_table for model in touched]
    for model in touched:
        tables.extend(m.remote_field.through._meta.db_table for m in model._meta.local_many_to_many)
    try:
        connection.check_constraints(table_names=tables)  # PostgreSQL checks every deferred key
    except IntegrityError as error:
        detail = " ".join(str(error).split())[:300]
        raise ApplicationError(
            _(
                "The backup is inconsistent: a row points to a row that is neither in the backup nor here "
                "({detail}); nothing was changed."
            ).format(detail=detail)
        ) from None


def _unseal(row: dict[str, Any], names: list[str], model: type[models.Model]) -> dict[str, Any]:
    """The row with its sealed values decrypted under this installation's keys (else ApplicationError)."""
    values = row.get("fields")
    for name in names:
        value = values.get(name) if isinstance(values, dict) else None
        if not isinstance(value, str) or not value.startswith(SEALED_PREFIX):
            continue
        try:
            values[name] = json.loads(crypto.decrypt(value.removeprefix(SEALED_PREFIX)))
        except (crypto.DecryptionError, ValueError):
            raise ApplicationError(
                _(
                    "This program backup is sealed ({verbose_name}: {name}) under an encryption key this "
                    "installation does not hold: only the installation that made it can restore it, or one "
                    "whose BALINT_ENCRYPTION_KEY also lists that installation's key. Nothing was changed."
                ).format(verbose_name=model._meta.verbose_name, name=name)
            ) from None
    return row


def _load_member(
    archive: zipfile.ZipFile,
    name: str,
    model: type[models.Model],
    *,
    ready: _ReadyMade | None,
    sealed: list[str] | None = None,
) -> tuple[int, int]:
    count = skipped = 0
    batch: list[dict[str, Any]] = []
    with archive.open(name) as handle:
        for raw in handle:
            if raw.strip():
                batch.append(_unseal(json.loads(raw), sealed or [], model))
            if len(batch) >= CHUNK:
                loaded, kept = _insert(batch, model, ready=ready)
                count, skipped, batch = count + loaded, skipped + kept, []
    if batch:
        loaded, kept = _insert(batch, model, ready=ready)
        count, skipped = count + loaded, skipped + kept
    return count, skipped


def _insert(
    rows: list[dict[str, Any]], model: type[models.Model], *, ready: _ReadyMade | None
) -> tuple[int, int]:
    """Insert one batch of rows; `ready` is given for a program backup (None: the whole installation)."""
    program_scope = ready is not None
    for row in rows:
        if row.get("model") != model._meta.label_lower:
            raise ApplicationError(
                _("The backup mixes models in the file of {label_lower}.").format(
                    label_lower=model._meta.label_lower
                )
            )
    if ready is not None:
        if model is get_user_model():
            for row in rows:
                login_without_credentials(row["fields"])
                row["fields"]["password"] = make_password(None)  # unusable, and unlike anyone else's
        rows = ready.rows(rows, model)
        if not rows:
            return 0, 0
    objects = list(serializers.deserialize("python", rows, handle_forward_references=False))
    instances = [d.object for d in objects]
    for link in _links_to_rows_left_out(model):  # e.g. a theme run's job, in older backups
        for instance in instances:
            setattr(instance, link, None)
    existing = {obj.pk: obj for obj in model._base_manager.filter(pk__in=[i.pk for i in instances])}
    kept = 0
    if existing:
        user_model = get_user_model()
        shared = program_scope and model in {Person, user_model}
        for instance in instances:
            here = existing.get(instance.pk)
            if here is None:
                continue
            if not (shared and _identity(here) == _identity(instance)):
                raise ApplicationError(
                    _(
                        "The backup's {verbose_name} #{pk} would overwrite a different one already in this "
                        "installation; restore into an empty database instead."
                    ).format(verbose_name=model._meta.verbose_name, pk=instance.pk)
                )
        kept = sum(1 for i in instances if i.pk in existing)
        objects = [d for d in objects if d.object.pk not in existing]
        instances = [d.object for d in objects]
    if ready is not None:
        ready.inserted.setdefault(model, []).extend(i.pk for i in instances)
    if instances:
        fields = list(model._meta.local_concrete_fields)
        size = connection.ops.bulk_batch_size(fields, instances) or len(instances)
        for start in range(0, len(instances), size):
            model._base_manager._insert(instances[start : start + size], fields=fields, raw=True)
    for deserialized in objects:
        for field_name, targets in (deserialized.m2m_data or {}).items():
            m2m = model._meta.get_field(field_name)
            through = m2m.remote_field.through
            source, target = f"{m2m.m2m_field_name()}_id", f"{m2m.m2m_reverse_field_name()}_id"
            through._base_manager.bulk_create(
                [through(**{source: deserialized.object.pk, target: t}) for t in targets]
            )
    return len(instances), kept


@dataclass
class _ReadyMade:
    """A program restore's ready-made paths: the backup's id of each path and requirement, and the id here.

    Ready-made paths come from files and every installation has them, under ids of its own: a path is
    matched by its `key`, a requirement by its kind and label (else by its position and kind). A path this
    Balint does not have is added with its requirements. Followed paths and their confirmed requirements
    then point to the rows here; a confirmation of a requirement that is not here is dropped, and a path
    the person already follows here is kept as it is."""

    paths: dict[Any, Any] = field(default_factory=dict)
    added: set[Any] = field(default_factory=set)  # backup ids of the paths added here
    requirements: dict[Any, Any] = field(default_factory=dict)  # None: no such requirement here
    inserted: dict[Any, list[Any]] = field(default_factory=dict)  # model: the keys this restore added

    def rows(self, rows: list[dict[str, Any]], model: type[models.Model]) -> list[dict[str, Any]]:
        """The rows still to insert as they are, after matching (or adding) the ready-made ones."""
        if model is CertificationPath:
            return [row for row in rows if not self._path(row)]
        if model is Requirement:
            return [row for row in rows if not self._requirement(row)]
        if model is FollowedPath:
            return [row for row in rows if self._followed(row)]
        return rows

    def _path(self, row: dict[str, Any]) -> bool:
        key = row["fields"].get("key")
        if not key:
            return False  # the program's own path
        here = CertificationPath.objects.filter(key=key).first()
        if here is None:
            here = _added(row)
            self.added.add(row["pk"])
        self.paths[row["pk"]] = here.pk
        return True

    def _requirement(self, row: dict[str, Any]) -> bool:
        path = row["fields"].get("path")
        if path not in self.paths:
            return False
        if path in self.added:
            row["fields"]["path"] = self.paths[path]
            self.requirements[row["pk"]] = _added(row).pk
            return True
        here = list(Requirement.objects.filter(path_id=self.paths[path]))
        fields = row["fields"]
        match = next(
            (r for r in here if (r.kind, r.label) == (fields.get("kind"), fields.get("label"))),
            next(
                (r for r in here if (r.position, r.kind) == (fields.get("position"), fields.get("kind"))),
                None,
            ),
        )
        self.requirements[row["pk"]] = match.pk if match is not None else None
        return True

    def _followed(self, row: dict[str, Any]) -> bool:
        fields = row["fields"]
        fields["path"] = self.paths.get(fields["path"], fields["path"])
        confirmed = [self.requirements.get(r, r) for r in fields.get("confirmed", [])]
        fields["confirmed"] = [r for r in confirmed if r is not None]
        return not FollowedPath.objects.filter(leader_id=fields["leader"], path_id=fields["path"]).exists()


def _added(row: dict[str, Any]) -> models.Model:
    """A ready-made row this installation lacks, added under a new id (and a new code if its own is taken)."""
    instance = next(serializers.deserialize("python", [row], handle_forward_references=False)).object
    instance.pk = None
    code = getattr(instance, "code", None)
    if code is not None and type(instance)._base_manager.filter(code=code).exists():
        instance.code = uuid.uuid4()
    instance.save(force_insert=True)
    return instance


def _links_to_rows_left_out(model: type[models.Model]) -> list[str]:
    """The nullable foreign keys of `model` to models no backup holds (their rows are never restored)."""
    return [
        f.attname
        for f in model._meta.concrete_fields
        if f.is_relation and f.null and f.related_model._meta.label_lower in EXCLUDED - RECREATED
    ]


def _reset_sequences(touched: list[type[models.Model]]) -> None:
    models_with_m2m = list(touched)
    for model in touched:
        models_with_m2m.extend(m.remote_field.through for m in model._meta.local_many_to_many)
    statements = connection.ops.sequence_reset_sql(no_style(), models_with_m2m)
    if statements:
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
