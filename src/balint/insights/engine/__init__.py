"""Analysis assistance on plain Python data: every suggestion is explained and nothing is applied."""

from .embeddings import DictCache, Embedder, EmbeddingCache, content_key, semantic_available
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
