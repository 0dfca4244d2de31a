"""Plain data types shared by the insights engine; no Django, no database."""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass, field

ThemeId = Hashable

ENGINE_TFIDF = "tfidf"
ENGINE_SEMANTIC = "semantic"
ENGINES = (ENGINE_TFIDF, ENGINE_SEMANTIC)


@dataclass(frozen=True)
class Passage:
    """One piece of de-identified text to analyse, known by the caller's id."""

    id: Hashable
    text: str


@dataclass(frozen=True)
class Quote:
    """A passage quoted as evidence for a theme, with how strongly it belongs."""

    passage_id: Hashable
    text: str
    weight: float


@dataclass(frozen=True)
class CandidateTheme:
    """A suggested theme: never applied by itself, always with its evidence and explanation."""

    theme_id: int
    label: str
    top_terms: list[tuple[str, float]]
    size: int
    passage_ids: list[Hashable]
    quotes: list[Quote]
    explanation: str


class CandidateThemes(list):
    """A list of CandidateTheme that also says which engine made it and why."""

    def __init__(
        self,
        themes: list[CandidateTheme],
        *,
        engine_requested: str,
        engine_used: str,
        fallback_reason: str = "",
        n_themes_chosen: int = 0,
        k_scores: dict[int, float] | None = None,
        unassigned_ids: list[Hashable] | None = None,
    ) -> None:
        """Hold the themes and the engine metadata together."""
        super().__init__(themes)
        self.engine_requested = engine_requested
        self.engine_used = engine_used
        self.fallback_reason = fallback_reason
        self.n_themes_chosen = n_themes_chosen
        self.k_scores = dict(k_scores or {})
        self.unassigned_ids = list(unassigned_ids or [])


@dataclass(frozen=True)
class Evidence:
    """A coded passage that supports a suggestion, with its cosine similarity to the new passage."""

    text: str
    similarity: float


@dataclass(frozen=True)
class CodeSuggestion:
    """A theme suggested for a passage: a score in [0, 1], the nearest coded passages and shared terms."""

    theme_id: ThemeId
    score: float
    evidence: list[Evidence]
    shared_terms: list[str] = field(default_factory=list)
    explanation: str = ""
    # Calibrated probability that a person coding the passage would apply this theme (None: not calibrated).
    probability: float | None = None


@dataclass(frozen=True)
class Classification:
    """A predicted label with its probability and the terms of the text that pushed towards it."""

    label: str
    confidence: float
    explanation_terms: list[str]
    abstained: bool = False  # the probability is below the threshold: show "no suggestion"
    threshold: float = 0.0
    examples: list[str] = field(default_factory=list)  # closest built-in or codebook examples of the label

    def __iter__(self):
        """Unpack as (label, confidence, explanation_terms)."""
        return iter((self.label, self.confidence, self.explanation_terms))


@dataclass(frozen=True)
class ClassCounts:
    """Precision, recall and support of one class."""

    precision: float
    recall: float
    f1: float
    support: int


@dataclass(frozen=True)
class ClassifierEvaluation:
    """Grouped cross-validation figures for a classifier beside a majority-class baseline."""

    task: str
    n_splits: int
    n_samples: int
    macro_f1: float
    accuracy: float
    baseline_macro_f1: float
    baseline_accuracy: float
    per_class: dict[str, ClassCounts]
    abstention_rate: float = 0.0  # share of passages below the threshold: "no suggestion"
    precision_shown: float = 0.0  # accuracy of the suggestions that were shown
    calibration_error: float = 0.0  # expected calibration error (10 bins) of the top probability
    engine: str = ""
    # The majority label (of each training fold) on the passages that got a suggestion: the baseline at the
    # same coverage. None when nothing was shown.
    baseline_accuracy_shown: float | None = None


@dataclass(frozen=True)
class CodeSuggestionEvaluation:
    """Grouped cross-validation figures for code suggestions beside a most-frequent-themes baseline."""

    n_splits: int
    n_samples: int
    k: int
    top1_accuracy: float
    recall_at_k: float
    baseline_top1_accuracy: float
    baseline_recall_at_k: float
    abstention_rate: float = 0.0  # passages whose best theme is below the threshold: "no suggestion"
    precision_shown: float = 0.0  # share of the shown suggestions whose theme a person applied
    calibration_error: float = 0.0  # ECE of the calibrated probability of every ranked suggestion


@dataclass(frozen=True)
class ThemeEvaluation:
    """Agreement between planted (or human) theme labels and suggested themes."""

    adjusted_rand_index: float
    normalized_mutual_info: float
