from django.urls import path

from balint.meetings import views

app_name = "meetings"

urlpatterns = [
    path("groups/<uuid:code>/sessions/", views.meeting_list_view, name="list"),
    path("groups/<uuid:code>/sessions/schedule/", views.schedule_create, name="schedule"),
    path(
        "groups/<uuid:code>/sessions/schedules/<uuid:schedule_code>/",
        views.schedule_edit,
        name="schedule_edit",
    ),
    path(
        "groups/<uuid:code>/sessions/schedules/<uuid:schedule_code>/end/",
        views.schedule_end,
        name="schedule_end",
    ),
    path("groups/<uuid:code>/sessions/add/", views.meeting_add, name="add"),
    path("groups/<uuid:code>/attendance/", views.attendance_history, name="attendance_history"),
    path("groups/<uuid:code>/phases/", views.phases_update, name="phases"),
    path("sessions/<uuid:code>/", views.meeting_detail, name="detail"),
    path("sessions/<uuid:code>/move/", views.meeting_move, name="move"),
    path("sessions/<uuid:code>/cancel/", views.meeting_cancel, name="cancel"),
    path("sessions/<uuid:code>/proposals/", views.proposal_create, name="propose"),
    path("sessions/<uuid:code>/vote/", views.vote_cast, name="vote"),
    path("sessions/<uuid:code>/focus/", views.focus_confirm, name="focus"),
    path("sessions/<uuid:code>/poll-deadline/", views.poll_deadline, name="poll_deadline"),
    path("sessions/<uuid:code>/poll-close/", views.poll_close, name="poll_close"),
    path("sessions/<uuid:code>/case-summary/", views.case_summary, name="case_summary"),
    path("sessions/<uuid:code>/attendance/", views.attendance, name="attendance"),
    path("sessions/<uuid:code>/notes/", views.note_edit, name="note"),
    path("sessions/<uuid:code>/notes/autosave/", views.note_autosave, name="note_autosave"),
    path(
        "sessions/<uuid:code>/notes/versions/<uuid:conflict>/merged/",
        views.note_conflict_resolve,
        name="note_conflict_resolve",
    ),
    path("sessions/<uuid:code>/live/", views.live, name="live"),
    path("sessions/<uuid:code>/live/advance/", views.live_advance, name="live_advance"),
    path("sessions/<uuid:code>/session.ics", views.meeting_ics, name="ics"),
    path("calendar/", views.calendar, name="calendar"),
    path("calendar/feed/<str:token>.ics", views.feed, name="feed"),
]
