"""Patient-identifier screening for free text before it is stored (HIPAA Safe Harbor kinds)."""

from balint.privacy.screening.evaluation import evaluate, load_corpus
from balint.privacy.screening.screener import screen
from balint.privacy.screening.spans import KINDS, PLACEHOLDERS, Span, redact

# The screener reads English names, places and patterns only; other languages get a notice.
SUPPORTED_LANGUAGES = ("en",)

__all__ = [
    "SUPPORTED_LANGUAGES",
    "KINDS",
    "PLACEHOLDERS",
    "Span",
    "evaluate",
    "load_corpus",
    "redact",
    "screen",
]
