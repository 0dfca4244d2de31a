from django.urls import path

from balint.privacy import views

app_name = "privacy"

urlpatterns = [
    path("programs/<slug:slug>/audit/", views.audit_list, name="audit"),
    path("programs/<slug:slug>/screening/", views.screen_try, name="screen_try"),
    path("account/two-factor/", views.two_factor, name="two_factor"),
    path("account/two-factor/verify/", views.two_factor_verify, name="two_factor_verify"),
]
