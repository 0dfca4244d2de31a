from django.urls import path

from balint.site import job_pages, script_catalog, search_page, views

# The site's pages keep the namespace they had while they lived in core, so every link and test that
# reverses "core:home" or "core:job" still works.
app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    # The scripts' own messages in the page's language (gettext/interpolate; locale/*/djangojs.po), at an
    # address naming the language and the catalogues' digest, so the browser keeps it (site.script_catalog).
    path("jsi18n/<str:version>/", script_catalog.Catalog.as_view(), name="jsi18n"),
    path("jobs/<uuid:code>/", job_pages.job_detail, name="job"),
    path("jobs/<uuid:code>/status/", job_pages.job_status, name="job_status"),
    path("jobs/<uuid:code>/download/", job_pages.job_download, name="job_download"),
    path("programs/<slug:slug>/search/", search_page.search, name="search"),
]
