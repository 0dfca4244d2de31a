from django.urls import path

from balint.studies import views

app_name = "studies"

urlpatterns = [
    path("studies/", views.study_list, name="list"),
    path("studies/new/", views.study_create, name="create"),
    path("studies/<uuid:code>/", views.study_detail, name="detail"),
    path("studies/<uuid:code>/edit/", views.study_edit, name="edit"),
    path("studies/<uuid:code>/analysts/", views.analysts, name="analysts"),
    path("studies/<uuid:code>/analysts/<uuid:person>/remove/", views.analyst_remove, name="analyst_remove"),
    path("studies/<uuid:code>/codebook/import/", views.codebook_import, name="codebook_import"),
    path("studies/<uuid:code>/report/", views.report, name="report"),
    path("studies/<uuid:code>/export.qdpx", views.export, name="export"),
    path("programs/<slug:slug>/studies/", views.program_studies, name="program_studies"),
    path("programs/<slug:slug>/studies/join/", views.join, name="join"),
    path("programs/<slug:slug>/studies/<uuid:code>/", views.contribute, name="contribute"),
    path("programs/<slug:slug>/studies/<uuid:code>/preview/", views.preview, name="preview"),
    path("programs/<slug:slug>/studies/<uuid:code>/withdraw/", views.withdraw, name="withdraw"),
    path(
        "programs/<slug:slug>/studies/<uuid:code>/contributions/<uuid:contribution>/withdraw/",
        views.contribution_withdraw,
        name="contribution_withdraw",
    ),
]
