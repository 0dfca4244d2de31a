from django.urls import path

from balint.exchange import views

app_name = "exchange"

urlpatterns = [
    path("programs/<slug:slug>/exchange/", views.home, name="home"),
    path("programs/<slug:slug>/exchange/export/<str:file_format>/", views.export, name="export"),
    path("programs/<slug:slug>/exchange/tables/<str:key>.<str:extension>", views.table, name="table"),
    path("programs/<slug:slug>/exchange/import/", views.import_upload, name="import"),
    path("programs/<slug:slug>/exchange/backup/", views.backup, name="backup"),
    path("exchange/imports/<uuid:code>/", views.import_preview, name="import_preview"),
]
