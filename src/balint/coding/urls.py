from django.urls import path

from balint.coding import views

app_name = "coding"

urlpatterns = [
    path("programs/<slug:slug>/analysis/", views.workspace, name="workspace"),
    path("programs/<slug:slug>/analysis/sources/", views.source_list, name="sources"),
    path("programs/<slug:slug>/analysis/sources/import/", views.source_import, name="source_import"),
    path("programs/<slug:slug>/analysis/sources/send-notes/", views.note_send, name="note_send"),
    path("programs/<slug:slug>/analysis/codebook/", views.codebook, name="codebook"),
    path("programs/<slug:slug>/analysis/codebook/starter/", views.codebook_starter, name="codebook_starter"),
    path("programs/<slug:slug>/analysis/codebook/categories/", views.categories, name="categories"),
    path("programs/<slug:slug>/analysis/codebook/new/", views.theme_create, name="theme_create"),
    path("programs/<slug:slug>/analysis/codebook/add/", views.theme_add, name="theme_add"),
    path("programs/<slug:slug>/analysis/memos/", views.memo_list, name="memos"),
    path("programs/<slug:slug>/analysis/memos/new/", views.memo_create, name="memo_create"),
    path("programs/<slug:slug>/analysis/memos/export/", views.memo_export, name="memo_export"),
    path("programs/<slug:slug>/analysis/rounds/", views.round_list, name="rounds"),
    path("programs/<slug:slug>/analysis/rounds/open/", views.round_open, name="round_open"),
    path("programs/<slug:slug>/analysis/rounds/compare/", views.round_compare, name="round_compare"),
    path("programs/<slug:slug>/analysis/agreement/", views.agreement, name="agreement"),
    path("programs/<slug:slug>/analysis/views/", views.analysis_views, name="views"),
    path("programs/<slug:slug>/analysis/quotes/", views.quote_list, name="quotes"),
    path("analysis/sources/<uuid:code>/", views.source_detail, name="source"),
    path("analysis/sources/<uuid:code>/done/", views.source_done, name="source_done"),
    path("analysis/sources/<uuid:code>/codings/", views.coding_create, name="coding_create"),
    path("analysis/codings/<uuid:code>/delete/", views.coding_delete, name="coding_delete"),
    path("analysis/codings/<uuid:code>/perspective/", views.coding_perspective, name="coding_perspective"),
    path("analysis/themes/<uuid:code>/", views.theme_detail, name="theme"),
    path("analysis/themes/<uuid:code>/edit/", views.theme_edit, name="theme_edit"),
    path("analysis/themes/<uuid:code>/merge/", views.theme_merge, name="theme_merge"),
    path("analysis/themes/<uuid:code>/split/", views.theme_split, name="theme_split"),
    path("analysis/memos/<uuid:code>/edit/", views.memo_edit, name="memo_edit"),
    path("analysis/memos/<uuid:code>/delete/", views.memo_delete, name="memo_delete"),
    path("analysis/rounds/<uuid:code>/", views.round_detail, name="round"),
    path("analysis/rounds/<uuid:code>/close/", views.round_close, name="round_close"),
    # search inside the sources, auto-code, and the person's coding steps (undo, redo, the log)
    path("programs/<slug:slug>/analysis/search/", views.search, name="search"),
    path("programs/<slug:slug>/analysis/search/autocode/", views.search_autocode, name="search_autocode"),
    path("programs/<slug:slug>/analysis/history/", views.coding_history, name="history"),
    path("programs/<slug:slug>/analysis/history/undo/", views.step_undo, name="step_undo"),
    path("programs/<slug:slug>/analysis/history/redo/", views.step_redo, name="step_redo"),
]

urlpatterns += [
    path("programs/<slug:slug>/analysis/attributes/", views.attribute_grid, name="attributes"),
    path("programs/<slug:slug>/analysis/attributes/new/", views.attribute_create, name="attribute_create"),
    path("programs/<slug:slug>/analysis/attributes/values/", views.attribute_values, name="attribute_values"),
    path(
        "programs/<slug:slug>/analysis/attributes/note-residents/",
        views.note_cases_fill,
        name="note_cases_fill",
    ),
    path("programs/<slug:slug>/analysis/matrix/", views.matrix, name="matrix"),
    path("programs/<slug:slug>/analysis/matrix/quotes/", views.matrix_quotes, name="matrix_quotes"),
    path("programs/<slug:slug>/analysis/matrix.csv", views.matrix_csv, name="matrix_csv"),
]
