from django.urls import path

from balint.programs import views

app_name = "programs"

urlpatterns = [
    path("programs/<slug:slug>/", views.program_detail, name="detail"),
    path("programs/<slug:slug>/people/", views.people_list, name="people"),
    path("programs/<slug:slug>/people/new/", views.person_create, name="person_create"),
    path("programs/<slug:slug>/people/<uuid:code>/", views.person_detail, name="person"),
    path("programs/<slug:slug>/groups/new/", views.group_create, name="group_create"),
    path("groups/<uuid:code>/", views.group_detail, name="group"),
    path("groups/<uuid:code>/policy/", views.group_policy_update, name="group_policy"),
]
