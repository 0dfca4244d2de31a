from django.urls import path

from balint.insights import views

app_name = "insights"

urlpatterns = [
    path("programs/<slug:slug>/analysis/assistance/", views.assistance, name="assistance"),
    path("programs/<slug:slug>/analysis/assistance/themes/", views.themes_run, name="themes_run"),
    path("programs/<slug:slug>/analysis/assistance/evaluate/", views.evaluate, name="evaluate"),
    path("analysis/sources/<uuid:code>/suggestions/", views.source, name="source"),
    path("analysis/sources/<uuid:code>/suggestions/new/", views.source_suggest, name="source_suggest"),
    path("analysis/suggestions/<uuid:code>/accept/", views.accept, name="accept"),
    path("analysis/suggestions/<uuid:code>/reject/", views.reject, name="reject"),
]
