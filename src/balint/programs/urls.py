from django.urls import path

from balint.programs import views

app_name = "programs"

urlpatterns = [
    path("account/language/", views.language_settings, name="language"),
    path("programs/new/", views.program_create, name="create"),
    path("programs/<slug:slug>/", views.program_detail, name="detail"),
    path("programs/<slug:slug>/edit/", views.program_edit, name="edit"),
    path("programs/<slug:slug>/cohorts/", views.cohort_list, name="cohorts"),
    path("programs/<slug:slug>/cohorts/<uuid:code>/", views.cohort_edit, name="cohort_edit"),
    path("programs/<slug:slug>/cohorts/<uuid:code>/graduate/", views.cohort_graduate, name="cohort_graduate"),
    path("programs/<slug:slug>/rollover/", views.rollover, name="rollover"),
    path("programs/<slug:slug>/people/import/", views.roster_import, name="roster_import"),
    path("programs/<slug:slug>/people/", views.people_list, name="people"),
    path("programs/<slug:slug>/people/new/", views.person_create, name="person_create"),
    path("programs/<slug:slug>/people/<uuid:code>/", views.person_detail, name="person"),
    path("programs/<slug:slug>/people/<uuid:code>/edit/", views.person_edit, name="person_edit"),
    path(
        "programs/<slug:slug>/people/<uuid:code>/deactivate/",
        views.person_deactivate,
        name="person_deactivate",
    ),
    path(
        "programs/<slug:slug>/people/<uuid:code>/reactivate/",
        views.person_reactivate,
        name="person_reactivate",
    ),
    path("programs/<slug:slug>/groups/new/", views.group_create, name="group_create"),
    path("groups/<uuid:code>/", views.group_detail, name="group"),
    path("groups/<uuid:code>/policy/", views.group_policy_update, name="group_policy"),
    path("groups/<uuid:code>/people/", views.group_people, name="group_people"),
    path("groups/<uuid:code>/people/<uuid:person>/end/", views.group_seat_end, name="group_seat_end"),
]
