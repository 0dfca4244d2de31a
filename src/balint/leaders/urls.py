from django.urls import path

from balint.leaders import views

app_name = "leaders"

urlpatterns = [
    path("leadership/", views.log, name="log"),
    path("leadership/home-panel/", views.home_panel, name="home_panel"),
    path("leadership/debriefs/", views.debriefs, name="debriefs"),
    path("leadership/debriefs/<uuid:code>/delete/", views.debrief_delete, name="debrief_delete"),
    path("sessions/<uuid:code>/debrief/", views.debrief, name="debrief"),
    path("leadership/paths/", views.paths, name="paths"),
    path("leadership/paths/new/", views.path_new, name="path_new"),
    path("leadership/paths/<uuid:code>/", views.path_detail, name="path"),
    path("leadership/paths/<uuid:code>/edit/", views.path_edit, name="path_edit"),
    path("leadership/paths/<uuid:code>/follow/", views.path_follow, name="path_follow"),
    path("leadership/progress/<uuid:code>/", views.progress, name="progress"),
    path("leadership/progress/<uuid:code>/settings/", views.progress_settings, name="progress_settings"),
    path("leadership/progress/<uuid:code>/share/", views.progress_share, name="progress_share"),
    path("leadership/progress/<uuid:code>/stop/", views.progress_stop, name="progress_stop"),
    path("leadership/progress/<uuid:code>/export.xlsx", views.export_xlsx, name="export_xlsx"),
    path("leadership/progress/<uuid:code>/export.pdf", views.export_pdf, name="export_pdf"),
    path("programs/<slug:slug>/leader-summaries/", views.shared, name="shared"),
]

for kind in ("training", "supervision", "elsewhere"):
    urlpatterns += [
        path(f"leadership/{kind}/new/", views.entry_new, {"kind_name": kind}, name=f"{kind}_new"),
        path(f"leadership/{kind}/<uuid:code>/", views.entry_edit, {"kind_name": kind}, name=f"{kind}_edit"),
        path(
            f"leadership/{kind}/<uuid:code>/delete/",
            views.entry_delete,
            {"kind_name": kind},
            name=f"{kind}_delete",
        ),
    ]
