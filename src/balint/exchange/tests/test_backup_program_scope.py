"""A program backup holds no one's credentials and keeps the ready-made paths its leaders follow; the
whole-installation backup keeps the credentials, so it restores exactly."""

import datetime
import io
import json
import zipfile

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django_otp.plugins.otp_totp.models import TOTPDevice

from balint.api.models import ApiToken
from balint.exchange.backup.reader import backup_open, backup_restore
from balint.exchange.backup.writer import backup_bytes
from balint.exchange.tests.test_backup import _empty_installation, _manifest, _rewrite
from balint.leaders.models import CertificationPath, FollowedPath, Requirement
from balint.leaders.services import builtin_paths_load, path_create
from balint.meetings.models import CalendarFeed
from balint.programs.models import Program
from balint.site.demo import demo_load

restores = pytest.mark.django_db(transaction=True)

PBKDF2 = "pbkdf2_sha256$1000000$Zq3bVx8Kc1$hQ2uGv9dJbqCjGKqL0m5Yh1k0b1t7Q6vJm0z2j7S3nE="
ARGON2 = "argon2$argon2id$v=19$m=102400,t=2,p=8$c2FsdHNhbHQ$aGFzaGhhc2hoYXNo"
CREDENTIAL_MODELS = {"otp_totp.totpdevice", "api.apitoken", "meetings.calendarfeed"}


def _credentials(w) -> dict[str, str]:
    """Give the world's people every kind of credential; the secrets, by what they are."""
    User = get_user_model()
    User.objects.filter(pk=w.administrator.user_id).update(password=PBKDF2)
    User.objects.filter(pk=w.leader.user_id).update(password=ARGON2)
    # Otto leads elsewhere but belongs to this program's group: the backup names him, and he is a superuser.
    w.group.members.add(w.outsider)
    User.objects.filter(pk=w.outsider.user_id).update(is_superuser=True, is_staff=True)
    w.outsider.user.user_permissions.add(Permission.objects.get(codename="change_user"))
    totp = TOTPDevice.objects.create(
        user=w.outsider.user, name="phone", key="3132333435363738393031323334353637383930"
    )
    token = ApiToken.objects.create(
        person=w.leader, name="dashboard", prefix="abcd1234", secret_hash="f" * 64, read_only=True
    )
    feed = CalendarFeed.objects.create(person=w.resident)
    secrets = {"TOTP key": totp.key, "API token digest": token.secret_hash, "feed token": feed.token}
    for user in User.objects.filter(person__isnull=False):
        secrets[f"password hash of {user.username}"] = user.password
    return secrets


def _text(data: bytes) -> str:
    archive = zipfile.ZipFile(io.BytesIO(data))
    return "\n".join(archive.read(name).decode() for name in archive.namelist())


def _users(data: bytes) -> dict[str, dict]:
    lines = backup_open(data).archive.read("data/auth.user.jsonl").splitlines()
    return {row["fields"]["username"]: row["fields"] for row in map(json.loads, lines)}


def test_a_program_backup_holds_no_credentials(world):
    secrets = _credentials(world)
    data, _ = backup_bytes(program=world.program)

    text = _text(data)
    for what, secret in secrets.items():
        assert secret not in text, what
    for prefix in ("pbkdf2_", "argon2", "md5$"):
        assert prefix not in text
    assert not CREDENTIAL_MODELS & {m["model"] for m in _manifest(data)["members"].values()}
    users = _users(data)
    assert {"admin1", "leader1", "outsider1"} <= set(users)
    for fields in users.values():
        assert fields["password"] == "!"
        assert (fields["is_superuser"], fields["is_staff"], fields["user_permissions"]) == (False, False, [])


def test_the_whole_installation_backup_keeps_every_credential(world):
    secrets = _credentials(world)
    data, _ = backup_bytes()

    text = _text(data)
    for what, secret in secrets.items():
        assert secret in text, what
    assert {m["model"] for m in _manifest(data)["members"].values()} >= CREDENTIAL_MODELS
    assert _users(data)["outsider1"]["is_superuser"] is True


@restores
def test_a_whole_installation_restores_its_credentials_exactly(world):
    secrets = _credentials(world)
    data, _ = backup_bytes()

    backup_restore(data, replace=True)

    again, _ = backup_bytes()
    assert {k: v["sha256"] for k, v in _manifest(again)["members"].items()} == {
        k: v["sha256"] for k, v in _manifest(data)["members"].items()
    }
    User = get_user_model()
    assert User.objects.get(username="admin1").password == PBKDF2
    assert User.objects.get(username="outsider1").is_superuser
    assert TOTPDevice.objects.get().key == secrets["TOTP key"]
    assert CalendarFeed.objects.get().token == secrets["feed token"]


def _as_program_backup(data: bytes, slug: str) -> bytes:
    """A whole-installation backup (credentials and all) relabelled as a program backup, as someone
    editing the file might: the manifest is not a checksummed member."""
    manifest = {**_manifest(data), "scope": {"program": slug}}
    return _rewrite(data, "manifest.json", json.dumps(manifest).encode())


@restores
@pytest.mark.parametrize("made", ["as written", "edited to hold credentials"])
def test_restoring_a_program_backup_gives_logins_without_credentials(world, made):
    _credentials(world)
    data = backup_bytes(program=world.program)[0] if made == "as written" else backup_bytes()[0]
    if made != "as written":
        data = _as_program_backup(data, "lakeside")
        assert "md5$" in _text(data) and "pbkdf2_" in _text(data)
    _empty_installation()

    summary = backup_restore(data)

    assert summary.scope == "program lakeside"
    users = list(get_user_model().objects.all())
    assert {"admin1", "leader1", "outsider1"} <= {u.username for u in users}
    for user in users:
        assert not user.has_usable_password(), user.username
        assert not (user.is_superuser or user.is_staff), user.username
        assert not user.user_permissions.exists()
    assert len({u.password for u in users}) == len(users)  # unusable, and each its own
    assert not (TOTPDevice.objects.exists() or ApiToken.objects.exists() or CalendarFeed.objects.exists())
    # A fresh program backup of the restored program equals the first (logins included).
    if made == "as written":
        again, _ = backup_bytes(program=Program.objects.get(slug="lakeside"))
        assert (
            _manifest(again)["members"]["data/auth.user.jsonl"]
            == _manifest(data)["members"]["data/auth.user.jsonl"]
        )


def _ready_made(paths: list) -> CertificationPath:
    """The ABS path among the ready-made ones (there are several)."""
    return next(path for path in paths if path.key == "abs-leader")


def _follow_like_the_demo(w) -> None:
    """As in the demo: the leader follows the ready-made path (with its conditions confirmed), the
    co-leader follows it too and the program's own path."""
    ready = _ready_made(builtin_paths_load())
    own = path_create(
        program=w.program,
        created_by=w.administrator,
        data={"name": "Lakeside leader standard", "body": "Lakeside GME"},
        requirements=[
            {"kind": Requirement.Kind.SESSIONS_COUNT, "label": "Co-lead 30 sessions", "minimum": 30}
        ],
    )
    followed = FollowedPath.objects.create(
        leader=w.leader, path=ready, started_on=datetime.date(2024, 7, 1), shared=True
    )
    followed.confirmed.set(ready.requirements.filter(kind=Requirement.Kind.ATTESTATION))
    FollowedPath.objects.create(leader=w.co_leader, path=ready, started_on=datetime.date(2024, 7, 1))
    FollowedPath.objects.create(leader=w.co_leader, path=own, started_on=datetime.date(2024, 9, 1))


def _followed() -> set[tuple]:
    """Who follows which path (a ready-made one by key, a program's by name), since when, what confirmed."""
    return {
        (
            f.leader.full_name,
            f.path.key or f.path.name,
            f.path.program.slug if f.path.program else None,
            f.started_on,
            f.shared,
            tuple(sorted((r.kind, r.label) for r in f.confirmed.all())),
        )
        for f in FollowedPath.objects.select_related("leader", "path__program")
    }


@restores
def test_a_program_backup_keeps_followed_ready_made_paths_matched_by_key(world):
    """In the new installation the ready-made path has other ids (its requirements too): the followed
    paths and their confirmed conditions point to it."""
    _follow_like_the_demo(world)
    before = _followed()
    assert len(before) == 3 and any(confirmed for *_, confirmed in before)
    old = CertificationPath.objects.get(key="abs-leader")
    old_requirements = set(old.requirements.values_list("pk", flat=True))
    data, _ = backup_bytes(program=world.program)
    _empty_installation()
    here = _ready_made(builtin_paths_load())  # what `migrate` does in a fresh installation
    assert here.pk != old.pk and not old_requirements & set(here.requirements.values_list("pk", flat=True))

    backup_restore(data)

    assert _followed() == before
    assert CertificationPath.objects.filter(key="abs-leader").count() == 1
    assert CertificationPath.objects.get(key="abs-leader").requirements.count() == len(old_requirements)


@restores
def test_a_program_backup_adds_a_ready_made_path_this_installation_lacks(world):
    _follow_like_the_demo(world)
    before = _followed()
    requirements = list(
        CertificationPath.objects.get(key="abs-leader").requirements.values_list("kind", "label", "minimum")
    )
    data, _ = backup_bytes(program=world.program)
    _empty_installation()  # no ready-made path at all here
    assert not CertificationPath.objects.exists()

    backup_restore(data)

    assert _followed() == before
    path = CertificationPath.objects.get(key="abs-leader")
    assert path.program is None
    assert list(path.requirements.values_list("kind", "label", "minimum")) == requirements


@restores
def test_the_demo_leaders_follow_the_same_paths_after_a_program_backup_and_restore():
    demo_load()
    before = _followed()
    assert len(before) == 3 and sum(1 for f in before if f[1] == "abs-leader") == 2
    data, _ = backup_bytes(program=Program.objects.get(slug="demo"))
    _empty_installation()
    builtin_paths_load()

    summary = backup_restore(data)

    assert summary.scope == "program demo"
    assert _followed() == before
    users = get_user_model().objects.all()
    assert users.exists() and not any(u.has_usable_password() or u.is_superuser for u in users)


@restores
def test_a_restore_keeps_times_to_the_microsecond(world):
    """Django's JSON encoder cuts times to milliseconds: 07.000400 was written as 07.000, came back as 07
    and the next backup wrote it differently (so the byte-exact round trip failed now and then)."""
    from balint.programs.models import Membership

    when = datetime.datetime(2026, 3, 1, 12, 0, 7, 400, tzinfo=datetime.UTC)
    Membership.objects.filter(pk=world.leader.memberships.get().pk).update(created_at=when)
    data, _ = backup_bytes()

    backup_restore(data, replace=True)

    assert world.leader.memberships.get().created_at == when
    again, _ = backup_bytes()
    assert (
        _manifest(again)["members"]["data/programs.membership.jsonl"]
        == _manifest(data)["members"]["data/programs.membership.jsonl"]
    )
