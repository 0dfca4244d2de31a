"""Pages of the analysis workspace, one module per area; urls.py reaches them through this package."""

from balint.coding.views.agreement import agreement, analysis_views, quote_list
from balint.coding.views.codebook import (
    categories,
    codebook,
    codebook_starter,
    theme_add,
    theme_create,
    theme_detail,
    theme_edit,
    theme_merge,
    theme_split,
)
from balint.coding.views.codings import coding_create, coding_delete, coding_perspective
from balint.coding.views.memos import memo_create, memo_delete, memo_edit, memo_export, memo_list
from balint.coding.views.rounds import round_close, round_compare, round_detail, round_list, round_open
from balint.coding.views.search import coding_history, search, search_autocode, step_redo, step_undo
from balint.coding.views.sources import (
    note_send,
    source_detail,
    source_done,
    source_import,
    source_list,
    workspace,
)

__all__ = [
    "agreement",
    "analysis_views",
    "categories",
    "codebook",
    "codebook_starter",
    "coding_create",
    "coding_delete",
    "coding_perspective",
    "memo_create",
    "memo_delete",
    "memo_edit",
    "memo_export",
    "memo_list",
    "note_send",
    "quote_list",
    "round_close",
    "round_compare",
    "round_detail",
    "round_list",
    "round_open",
    "source_detail",
    "source_done",
    "source_import",
    "source_list",
    "theme_add",
    "theme_create",
    "theme_detail",
    "theme_edit",
    "theme_merge",
    "theme_split",
    "workspace",
    "coding_history",
    "search",
    "search_autocode",
    "step_redo",
    "step_undo",
]

from balint.coding.views.attributes import (
    attribute_create,
    attribute_grid,
    attribute_values,
    matrix,
    matrix_csv,
    matrix_quotes,
    note_cases_fill,
)

__all__ += [
    "attribute_create",
    "attribute_grid",
    "attribute_values",
    "matrix",
    "matrix_csv",
    "matrix_quotes",
    "note_cases_fill",
]
