"""Sign-in forms."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm


class SiteAddressPasswordResetForm(PasswordResetForm):
    """Builds the reset link from SITE_URL, never from the request's Host header."""

    def save(self, *args, **kwargs):  # noqa: ANN002, ANN003
        site = urlsplit(settings.SITE_URL)
        kwargs["domain_override"] = site.netloc
        kwargs["use_https"] = site.scheme == "https"
        return super().save(*args, **kwargs)
