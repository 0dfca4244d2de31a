"""Writes of analysis assistance: make suggestions, store them, and let a person accept or reject each one.

Nothing here codes anything by itself: a Coding or a codebook Theme is created only by
`suggestion_accept`, on behalf of the person accepting, through the coding app's services.

One module per step: `availability` (the engine and the languages read), `themes` (candidate themes),
`suggestions` (codes, categories and perspectives for passages), `decisions` (accept or reject).
"""

from balint.insights.services.availability import (
    SEMANTIC_DISABLED_REASON,
    SUPPORTED_LANGUAGES,
    engine_note,
    program_language_unsupported,
    semantic_available,
    semantic_enabled,
    source_language_unsupported,
)
from balint.insights.services.decisions import (
    suggestion_accept,
    suggestion_reject,
)
from balint.insights.services.suggestions import (
    CODE_SUGGESTIONS_PER_PASSAGE,
    MAX_UNITS_PER_SOURCE,
    PassageModels,
    source_suggest,
)
from balint.insights.services.themes import (
    Progress,
    theme_passages,
    theme_run_attach_job,
    theme_run_execute,
    theme_run_find_or_create,
)

__all__ = [
    "CODE_SUGGESTIONS_PER_PASSAGE",
    "MAX_UNITS_PER_SOURCE",
    "PassageModels",
    "Progress",
    "SEMANTIC_DISABLED_REASON",
    "SUPPORTED_LANGUAGES",
    "engine_note",
    "program_language_unsupported",
    "semantic_available",
    "semantic_enabled",
    "source_language_unsupported",
    "source_suggest",
    "suggestion_accept",
    "suggestion_reject",
    "theme_passages",
    "theme_run_attach_job",
    "theme_run_execute",
    "theme_run_find_or_create",
]
