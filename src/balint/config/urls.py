"""URL map: each domain app mounts its own urls.py."""

from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from balint.core.forms import SiteAddressPasswordResetForm

urlpatterns = [
    # First: a path is matched against the patterns in order, and the coding page's requests (one per
    # highlight) are the most frequent; no other app's pattern matches a coding path or the reverse (checked
    # over every pattern when this moved).
    path("", include("balint.coding.urls")),
    path("", include("balint.site.urls")),
    path(
        "accounts/password_reset/",
        auth_views.PasswordResetView.as_view(
            form_class=SiteAddressPasswordResetForm,
            extra_email_context={"site_url": settings.SITE_URL},
        ),
        name="password_reset",
    ),
    path("accounts/", include("django.contrib.auth.urls")),
    path("", include("balint.programs.urls")),
    path("", include("balint.meetings.urls")),
    path("", include("balint.surveys.urls")),
    path("", include("balint.exchange.urls")),
    path("", include("balint.insights.urls")),
    path("", include("balint.reports.urls")),
    path("", include("balint.privacy.urls")),
    path("", include("balint.leaders.urls")),
    path("", include("balint.studies.urls")),
    path("", include("balint.api.urls")),
    path("admin/", admin.site.urls),
]

# A lost database connection answers 503 "try again shortly" instead of a 500 (balint.core.unavailable).
handler500 = "balint.core.unavailable.server_error"
