from django.urls import path

from balint.core import jobs_views, views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("jobs/<uuid:code>/", jobs_views.job_detail, name="job"),
    path("jobs/<uuid:code>/status/", jobs_views.job_status, name="job_status"),
    path("jobs/<uuid:code>/download/", jobs_views.job_download, name="job_download"),
]
