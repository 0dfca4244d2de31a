"""`balint manage check --deploy --settings=...production` checks the production settings, as asked (it
used to load the base settings before Django read --settings), and names each deployment trap."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

from cryptography.fernet import Fernet

BALINT = str(Path(sys.executable).parent / "balint")
PRODUCTION = "balint.config.settings.production"


def check_deploy(tmp_path: Path, *options: str, **env: str) -> subprocess.CompletedProcess:
    environment = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(
            ("DJANGO_", "DATABASE_URL", "SECRET_KEY", "DEBUG", "BALINT_", "EMAIL_", "SITE_URL")
        )
        and k != "ALLOWED_HOSTS"
    }
    environment |= {
        "BALINT_DATA_DIR": str(tmp_path),
        "BALINT_ENCRYPTION_KEY": Fernet.generate_key().decode(),
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "balint.example.edu",
        "SITE_URL": "https://balint.example.edu",
    } | env
    return subprocess.run(
        [BALINT, "manage", "check", "--deploy", "--fail-level", "WARNING", *options],
        capture_output=True,
        text=True,
        env=environment,
        timeout=120,
        cwd=tmp_path,
    )


def test_it_honours_the_settings_option(tmp_path):
    for options in ([f"--settings={PRODUCTION}"], ["--settings", PRODUCTION]):
        result = check_deploy(tmp_path, *options)
        assert result.returncode == 0, result.stdout + result.stderr
        assert "no issues" in result.stdout
    base = check_deploy(tmp_path)  # the base settings: no HSTS, no secure cookies, mail to the console
    assert base.returncode != 0
    assert "security.W004" in base.stderr and "core.E001" in base.stderr


def test_it_names_each_trap_under_production_settings(tmp_path):
    result = check_deploy(
        tmp_path,
        f"--settings={PRODUCTION}",
        EMAIL_BACKEND="django.core.mail.backends.console.EmailBackend",
        ALLOWED_HOSTS="*",
        SITE_URL="http://balint.example.edu",
    )
    assert result.returncode != 0
    for code in ("core.E001", "core.W003", "core.W004"):
        assert code in result.stderr, result.stderr


def test_it_refuses_unknown_settings_in_one_line(tmp_path):
    result = check_deploy(tmp_path, "--settings=balint.config.settings.nowhere")
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert result.stderr.strip().startswith("balint: cannot load the settings")
