"""A program backup is a file its administrator hands to the operator to restore. Edited (its manifest is
not signed, and an administrator can recompute the checksums), it could hold rows of another program
already in the installation: a membership making its administrator an administrator there too. The restore
refuses the whole file and changes nothing."""

import hashlib
import io
import json
import uuid
import zipfile

import pytest
from django.core import serializers

from balint.core.errors import ApplicationError
from balint.exchange.backup.reader import backup_restore
from balint.exchange.backup.writer import FORMAT_VERSION, applied_migrations
from balint.programs.models import Membership, Program, Role

pytestmark = pytest.mark.django_db(transaction=True)


def _row(obj, **changes) -> dict:
    (row,) = serializers.serialize("python", [obj])
    row["fields"].update(changes.pop("fields", {}))
    row.update(changes)
    return row


def _crafted(members: dict[str, list[dict]], slug: str) -> bytes:
    out = io.BytesIO()
    listed = {}
    with zipfile.ZipFile(out, "w") as archive:
        for label, rows in members.items():
            body = "\n".join(json.dumps(r, default=str, sort_keys=True) for r in rows).encode()
            name = f"data/{label}.jsonl"
            archive.writestr(name, body)
            listed[name] = {"model": label, "rows": len(rows), "sha256": hashlib.sha256(body).hexdigest()}
        manifest = {
            "format": "balint-backup",
            "format_version": FORMAT_VERSION,
            "scope": {"program": slug},
            "migrations": applied_migrations(),
            "members": listed,
        }
        archive.writestr("manifest.json", json.dumps(manifest))
    return out.getvalue()


def test_it_refuses_a_program_backup_that_makes_someone_admin_of_another_program(world):
    new_program = _row(world.program, pk=99_999, fields={"slug": "evil", "code": str(uuid.uuid4())})
    membership = Membership.objects.filter(person=world.administrator).first()
    elevate = _row(
        membership,
        pk=99_999,
        fields={"program": world.other_program.pk, "person": world.administrator.pk, "role": Role.ADMIN},
    )
    if "code" in elevate["fields"]:
        elevate["fields"]["code"] = str(uuid.uuid4())
    data = _crafted({"programs.program": [new_program], "programs.membership": [elevate]}, "evil")
    with pytest.raises(ApplicationError, match="another program"):
        backup_restore(data)
    assert not Program.objects.filter(slug="evil").exists()
    assert not Membership.objects.filter(program=world.other_program, person=world.administrator).exists()


def test_it_still_restores_a_program_of_its_own(world):
    new_program = _row(world.program, pk=99_999, fields={"slug": "fresh", "code": str(uuid.uuid4())})
    membership = Membership.objects.filter(person=world.administrator).first()
    own = _row(membership, pk=99_999, fields={"program": 99_999, "person": world.administrator.pk})
    if "code" in own["fields"]:
        own["fields"]["code"] = str(uuid.uuid4())
    backup_restore(_crafted({"programs.program": [new_program], "programs.membership": [own]}, "fresh"))
    assert Membership.objects.filter(program__slug="fresh", person=world.administrator).exists()
