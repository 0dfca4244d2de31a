from django.urls import path, re_path

from balint.surveys import views
from balint.surveys.scales import views as scale_views

app_name = "surveys"

urlpatterns = [
    path("programs/<slug:slug>/instruments/", views.instrument_list, name="instruments"),
    path(
        "programs/<slug:slug>/instruments/ready-made/",
        views.instrument_ready_made,
        name="instrument_ready_made",
    ),
    path("programs/<slug:slug>/scales/wording/", scale_views.wording_import, name="scale_wording"),
    path("programs/<slug:slug>/scales/scores/", scale_views.scores_import, name="scale_scores"),
    re_path(
        r"^programs/(?P<slug>[-a-zA-Z0-9_]+)/scales/templates/"
        r"(?P<key>[a-z0-9-]+)-(?P<kind>wording\.csv|wording\.json|scores\.csv)$",
        scale_views.template_download,
        name="scale_template",
    ),
    path("instruments/<uuid:code>/", views.instrument_detail, name="instrument"),
    path("instruments/<uuid:code>/questions/", views.question_add, name="question_add"),
    path(
        "instruments/<uuid:code>/questions/<uuid:question_code>/", views.question_edit, name="question_edit"
    ),
    path(
        "instruments/<uuid:code>/questions/<uuid:question_code>/delete/",
        views.question_delete,
        name="question_delete",
    ),
    path("programs/<slug:slug>/surveys/", views.survey_list, name="list"),
    path("groups/<uuid:code>/surveys/new/", views.survey_create, name="create"),
    path("surveys/<uuid:code>/", views.survey_detail, name="detail"),
    path("surveys/<uuid:code>/remind/", views.survey_remind, name="remind"),
    path("surveys/<uuid:code>/close/", views.survey_close, name="close"),
    path("surveys/<uuid:code>/results/", views.survey_results, name="results"),
    path("surveys/<uuid:code>/send-to-analysis/", views.survey_send_to_analysis, name="send_to_analysis"),
    re_path(
        r"^surveys/(?P<code>[0-9a-f-]{36})/transcripts\.(?P<fmt>csv|xlsx)$",
        views.survey_export,
        name="export",
    ),
    path("surveys/<uuid:code>/answer/", views.answer_signed_in, name="answer"),
    path("s/<str:token>/", views.answer_by_link, name="link"),
    path("surveys/thanks/", views.thanks, name="thanks"),
    path("programs/<slug:slug>/transcription/", views.transcription_queue, name="transcription"),
    path("answers/<uuid:answer_id>/transcribe/", views.transcribe, name="transcribe"),
]
