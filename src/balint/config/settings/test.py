"""Test settings: only what makes the suite fast and self-contained."""

import os
import tempfile

# Tests never write into the working folder's var/.
os.environ.setdefault("BALINT_DATA_DIR", tempfile.mkdtemp(prefix="balint-test-data-"))

from balint.config.settings.base import *  # noqa: F403
from balint.config.settings.base import DATABASES

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_AUTOREFRESH = True
MEDIA_ROOT = tempfile.mkdtemp(prefix="balint-test-media-")
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": []}}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {"timeout": 20}
# The suite signs in thousands of times through Client.login (which passes no request to the
# authentication backends); the sign-in throttling tests turn django-axes on with override_settings.
AXES_ENABLED = False
