from django.urls import path

from balint.reports import annual_views, views

app_name = "reports"

urlpatterns = [
    path("programs/<slug:slug>/reports/", views.program_dashboard, name="program"),
    path("programs/<slug:slug>/reports/view/", views.report_view, name="view"),
    path("programs/<slug:slug>/reports/new/", views.report_new, name="new"),
    path("programs/<slug:slug>/reports/settings/", views.settings_update, name="settings"),
    path("groups/<uuid:code>/reports/", views.group_dashboard, name="group"),
    path("programs/<slug:slug>/reports/scales/", annual_views.scales, name="scales"),
    path("programs/<slug:slug>/reports/annual/", annual_views.annual_list, name="annual"),
    path("programs/<slug:slug>/reports/annual/<int:year>/", annual_views.annual_edit, name="annual_edit"),
    path(
        "programs/<slug:slug>/reports/annual/<int:year>/preview/",
        annual_views.annual_preview,
        name="annual_preview",
    ),
    path(
        "programs/<slug:slug>/reports/annual/<int:year>/build/",
        annual_views.annual_build,
        name="annual_build",
    ),
]
