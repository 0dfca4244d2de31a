"""Analysis assistance on plain Python data: every suggestion is explained and nothing is applied."""

from .classify import CATEGORIES, PERSPECTIVES, classify, starter_set, train_classifier
from .embeddings import DictCache, Embedder, EmbeddingCache, content_key, semantic_available
from .evaluate import evaluate_classifier, evaluate_code_suggestions, evaluate_themes
from .suggest import CodeSuggester, suggest_codes
from .themes import candidate_themes
from .types import (
    CandidateTheme,
    CandidateThemes,
    Classification,
    ClassifierEvaluation,
    CodeSuggestion,
    CodeSuggestionEvaluation,
    Evidence,
    Passage,
    Quote,
    ThemeEvaluation,
)

__all__ = [
    "CATEGORIES",
    "PERSPECTIVES",
    "CodeSuggester",
    "classify",
    "evaluate_classifier",
    "evaluate_code_suggestions",
    "evaluate_themes",
    "starter_set",
    "suggest_codes",
    "train_classifier",
    "CandidateTheme",
    "CandidateThemes",
    "Classification",
    "ClassifierEvaluation",
    "CodeSuggestion",
    "CodeSuggestionEvaluation",
    "DictCache",
    "Embedder",
    "EmbeddingCache",
    "Evidence",
    "Passage",
    "Quote",
    "ThemeEvaluation",
    "candidate_themes",
    "content_key",
    "semantic_available",
]
