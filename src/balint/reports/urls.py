from django.urls import path

from balint.reports import views

app_name = "reports"

urlpatterns = [
    path("programs/<slug:slug>/reports/", views.program_dashboard, name="program"),
    path("programs/<slug:slug>/reports/view/", views.report_view, name="view"),
    path("programs/<slug:slug>/reports/new/", views.report_new, name="new"),
    path("programs/<slug:slug>/reports/settings/", views.settings_update, name="settings"),
    path("groups/<uuid:code>/reports/", views.group_dashboard, name="group"),
]
