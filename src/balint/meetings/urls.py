from django.urls import path

from balint.meetings import views

app_name = "meetings"

urlpatterns = [
    path("groups/<uuid:code>/sessions/", views.meeting_list_view, name="list"),
    path("sessions/<uuid:code>/", views.meeting_detail, name="detail"),
]
