"""Every URL of the analysis workspace, with the personas allowed: the program's leaders and analysts."""

from balint.core.testing.access import route

CODERS = ("leader", "analyst")


def _slug(w) -> list:
    return [w.program.slug]


def _source(w):
    from balint.coding.tests.factories import world_analysis

    return world_analysis(w)


ROUTES = [
    route("coding:workspace", *CODERS, args=_slug),
    route("coding:sources", *CODERS, args=_slug),
    route("coding:source_import", *CODERS, args=_slug),
    route("coding:note_send", "leader", args=_slug, method="post", data=lambda w: {"meeting": "all"}),
    route("coding:codebook", *CODERS, args=_slug),
    route("coding:codebook_starter", *CODERS, args=_slug, method="post"),
    route("coding:categories", *CODERS, args=_slug),
    route("coding:theme_create", *CODERS, args=_slug),
    route(
        "coding:theme_add", *CODERS, args=_slug, method="post", data=lambda w: {"name": "Made while coding"}
    ),
    route("coding:memos", *CODERS, args=_slug),
    route("coding:memo_create", *CODERS, args=_slug),
    route("coding:memo_export", *CODERS, args=_slug),
    route("coding:rounds", *CODERS, args=_slug),
    route(
        "coding:round_open", *CODERS, args=_slug, method="post", data=lambda w: {"started_on": "2025-01-01"}
    ),
    route("coding:round_compare", *CODERS, args=_slug),
    route("coding:agreement", *CODERS, args=_slug),
    route("coding:views", *CODERS, args=_slug),
    route("coding:quotes", *CODERS, args=_slug),
    route("coding:source", *CODERS, args=lambda w: [_source(w).source.code]),
    route(
        "coding:source_done",
        *CODERS,
        args=lambda w: [_source(w).source.code],
        method="post",
        data=lambda w: {"done": "1"},
    ),
    route(
        "coding:coding_create",
        *CODERS,
        args=lambda w: [_source(w).source.code],
        method="post",
        data=lambda w: {"start": 0, "end": 7, "themes": [str(_source(w).theme.code)]},
    ),
    # Only the coder who applied a code may remove or change it: the leader's own coding.
    route("coding:coding_delete", "leader", args=lambda w: [_source(w).coding.code], method="post"),
    route(
        "coding:coding_perspective",
        "leader",
        args=lambda w: [_source(w).coding.code],
        method="post",
        data=lambda w: {"perspective": "patient"},
    ),
    route("coding:theme", *CODERS, args=lambda w: [_source(w).theme.code]),
    route("coding:theme_edit", *CODERS, args=lambda w: [_source(w).theme.code]),
    route("coding:theme_merge", *CODERS, args=lambda w: [_source(w).theme.code]),
    route("coding:theme_split", *CODERS, args=lambda w: [_source(w).theme.code]),
    route("coding:memo_edit", "leader", args=lambda w: [_source(w).memo.code]),
    route("coding:memo_delete", "leader", args=lambda w: [_source(w).memo.code], method="post"),
    route("coding:round", *CODERS, args=lambda w: [_source(w).round.code]),
    route("coding:round_close", *CODERS, args=lambda w: [_source(w).round.code], method="post"),
    # search inside the sources, auto-code, and the person's coding steps
    route("coding:search", *CODERS, args=_slug, data=lambda w: {"q": "resident"}),
    route(
        "coding:search_autocode",
        *CODERS,
        args=_slug,
        method="post",
        data=lambda w: {
            "q": "resident",
            "theme": str(_source(w).theme.code),
            "unit": "sentence",
            "expected": 1,
        },
    ),
    route("coding:history", *CODERS, args=_slug),
    route("coding:step_undo", *CODERS, args=_slug, method="post"),
    route("coding:step_redo", *CODERS, args=_slug, method="post"),
]

# cases and attributes: the grid, its edits and the code x attribute matrix (issue #22)
ROUTES += [
    route("coding:attributes", *CODERS, args=_slug),
    route(
        "coding:attribute_create",
        *CODERS,
        args=_slug,
        method="post",
        data=lambda w: {"name": "Presenter's year", "type": "text"},
    ),
    route(
        "coding:attribute_values",
        *CODERS,
        args=_slug,
        method="post",
        data=lambda w: {"row": f"source:{_source(w).source.code}"},
    ),
    route("coding:note_cases_fill", "leader", args=_slug, method="post"),
    route("coding:matrix", *CODERS, args=_slug),
    route("coding:matrix_csv", *CODERS, args=_slug, data=lambda w: {"attribute": "kind"}),
    route(
        "coding:matrix_quotes",
        *CODERS,
        args=_slug,
        data=lambda w: {"attribute": "kind", "value": "Session note", "theme": str(_source(w).theme.code)},
    ),
]
