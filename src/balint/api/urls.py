"""The JSON API under /api/v1/ (names `api:<operation>`) and the page where people manage their API tokens."""

from django.urls import include, path

from balint.api import views
from balint.api.v1 import api

app_name = "api"

urlpatterns = [
    path("api/v1/", include(api.urls[0])),
    path("api-tokens/", views.token_list, name="tokens"),
    path("api-tokens/<uuid:code>/revoke/", views.token_revoke, name="token_revoke"),
]
