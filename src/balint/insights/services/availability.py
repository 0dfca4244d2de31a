"""What analysis assistance can run and read here: the semantic engine's availability, the languages."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from balint.coding.models import Source
from balint.core.text_language import unsupported_language
from balint.programs.models import Program

# The engine (NumPy, SciPy, scikit-learn) is imported by the functions that run it, never with the URL
# configuration: an app-server process that serves no analysis assistance never loads it (issue 20).


def semantic_available() -> bool:
    """Whether the sentence-embedding model is installed (`balint.insights.engine.semantic_available`)."""
    from balint.insights.engine import semantic_available as installed

    return installed()


# Candidate themes (English lemmas and stop words) and suggestions (an English sentence model and English
# starter examples) read English only: a text in another language gets a notice instead (core.text_language).
SUPPORTED_LANGUAGES = ("en",)


# Stored on a run in English (gettext_noop) and translated where `engine_note` shows it.
SEMANTIC_DISABLED_REASON = gettext_noop(
    "The semantic engine is switched off on this installation (INSIGHTS_SEMANTIC_ENABLED), "
    "so TF-IDF was used instead."
)


def semantic_enabled() -> bool:
    """True when the semantic extra is installed and the INSIGHTS_SEMANTIC_ENABLED setting allows it."""
    return bool(getattr(settings, "INSIGHTS_SEMANTIC_ENABLED", True)) and semantic_available()


def engine_note() -> str:
    """Why the semantic engine is unavailable, or "" when it is available."""
    if semantic_enabled():
        return ""
    if not getattr(settings, "INSIGHTS_SEMANTIC_ENABLED", True):
        return _(SEMANTIC_DISABLED_REASON)
    return _("The sentence-embedding model is not installed (it comes with `make install`); TF-IDF is used.")


@transaction.atomic
def source_language_unsupported(source: Source) -> str | None:
    """The source's language when suggestions do not read it (they read English only), else None."""
    return unsupported_language(source.text, SUPPORTED_LANGUAGES, source.program.default_language)


def program_language_unsupported(*, program: Program, texts: list[str]) -> str | None:
    """The language of these sources when candidate themes do not read it, else None."""
    return unsupported_language(
        " ".join(t[:2000] for t in texts), SUPPORTED_LANGUAGES, program.default_language
    )
