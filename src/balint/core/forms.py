"""Sign-in forms."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import PasswordResetForm


class SiteAddressPasswordResetForm(PasswordResetForm):
    """Builds the reset link from SITE_URL, never from the request's Host header.

    People added by an administrator without a password, and logins restored from a program backup (which
    carries no password hashes), hold an unusable password: the reset link is how they set their first one,
    so they receive it too (Django's form leaves them out). Inactive accounts still receive nothing.
    """

    def get_users(self, email: str):
        users = get_user_model()._default_manager.filter(email__iexact=email, is_active=True)
        return (user for user in users if user.email.casefold() == email.casefold())

    def save(self, *args, **kwargs):
        site = urlsplit(settings.SITE_URL)
        kwargs["domain_override"] = site.netloc
        kwargs["use_https"] = site.scheme == "https"
        return super().save(*args, **kwargs)
