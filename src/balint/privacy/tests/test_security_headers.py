"""Security headers, a strict Content-Security-Policy the templates respect, and a clean check --deploy."""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

from conftest import PASSWORD
from cryptography.fernet import Fernet
from django.conf import settings
from django.urls import reverse

SRC = Path(__file__).resolve().parents[2]


def test_every_page_carries_a_strict_content_security_policy(client, world, leader):
    client.login(username=leader.user.username, password=PASSWORD)
    response = client.get(reverse("core:home"))
    policy = response["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["img-src"] == "'self' data:"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]


def test_the_sign_in_page_has_the_policy_too(client):
    response = client.get(reverse("login"))
    assert "script-src 'self'" in response["Content-Security-Policy"]


def test_base_template_turns_off_htmx_inline_styles(client, world, leader):
    client.login(username=leader.user.username, password=PASSWORD)
    body = client.get(reverse("core:home")).content.decode()
    assert '<meta name="htmx-config" content=\'{"includeIndicatorStyles": false}\'>' in body


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
INLINE_HANDLER = re.compile(r"\s on[a-z]+\s*=\s*[\"']", re.IGNORECASE)
INLINE_STYLE = re.compile(r"<style\b|\sstyle\s*=\s*[\"']", re.IGNORECASE)


def _templates() -> list[Path]:
    return [p for p in SRC.rglob("templates/**/*.html") if ".venv" not in p.parts]


def test_no_template_has_inline_scripts_or_handlers():
    offenders = []
    for path in _templates():
        text = path.read_text(encoding="utf-8")
        for pattern in (INLINE_SCRIPT, INLINE_HANDLER):
            for match in pattern.finditer(text):
                if 'type="application/json"' in match.group(0):  # json_script data, never executed
                    continue
                offenders.append(f"{path.relative_to(SRC)}: {match.group(0).strip()[:60]}")
    assert not offenders, "The CSP would block these:\n" + "\n".join(offenders)


# Served pages are scanned for inline script and style by test_adversarial's walk over every page.


def test_check_deploy_is_clean_under_production_settings(tmp_path):
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_URL", "SECRET_KEY", "DEBUG", "BALINT_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="balint.config.settings.production",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="balint.example.edu",
        SITE_URL="https://balint.example.edu",
        BALINT_DATA_DIR=str(tmp_path),
        BALINT_ENCRYPTION_KEY=Fernet.generate_key().decode(),
    )
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "from balint.config.cli import main; main()",
            "manage",
            "check",
            "--deploy",
            "--fail-level",
            "WARNING",
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_settings_use_secure_cookies_and_hsts(tmp_path):
    code = (
        "from balint.config.settings import production as p;"
        "print(p.SESSION_COOKIE_SECURE, p.CSRF_COOKIE_SECURE, p.SECURE_SSL_REDIRECT,"
        " p.SECURE_HSTS_SECONDS > 0, p.DEBUG)"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "BALINT_DATA_DIR"))}
    env["BALINT_DATA_DIR"] = str(tmp_path)
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)
    assert out.stdout.split() == ["True", "True", "True", "True", "False"], out.stderr


def test_the_csrf_middleware_is_on():
    assert "django.middleware.csrf.CsrfViewMiddleware" in settings.MIDDLEWARE
