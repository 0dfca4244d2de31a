"""Services of the analysis workspace; other apps call `source_create` to send a text to the analysis."""

from balint.coding.services.codebook import (
    categories_ensure,
    categories_set,
    codebook_starter_create,
    theme_add,
    theme_create,
    theme_merge,
    theme_split,
    theme_tree,
    theme_update,
)
from balint.coding.services.codings import check_span, coding_create, coding_delete, coding_set_perspective
from balint.coding.services.memos import (
    MemoLinks,
    memo_create,
    memo_delete,
    memo_link_add,
    memo_links_set,
    memo_update,
    render_markdown,
)
from balint.coding.services.note_cases import note_cases_attach, note_cases_fill
from balint.coding.services.rounds import (
    codebook_snapshot,
    round_close,
    round_open,
    round_update,
    rounds_compare,
)
from balint.coding.services.sources import (
    parse_attributes,
    source_create,
    source_from_note,
    source_import,
    source_mark_done,
)
from balint.coding.spans import span_check

__all__ = [
    "categories_ensure",
    "categories_set",
    "check_span",
    "codebook_snapshot",
    "codebook_starter_create",
    "coding_create",
    "coding_delete",
    "coding_set_perspective",
    "MemoLinks",
    "memo_create",
    "memo_delete",
    "memo_link_add",
    "memo_links_set",
    "memo_update",
    "note_cases_attach",
    "note_cases_fill",
    "parse_attributes",
    "render_markdown",
    "round_close",
    "round_open",
    "round_update",
    "rounds_compare",
    "source_create",
    "source_from_note",
    "source_import",
    "source_mark_done",
    "span_check",
    "theme_add",
    "theme_create",
    "theme_merge",
    "theme_split",
    "theme_tree",
    "theme_update",
]
