"""Suggested codes for a new passage from the program's already coded passages."""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence

import numpy as np
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from sklearn.linear_model import LogisticRegression
from sklearn.multiclass import OneVsRestClassifier
from sklearn.preprocessing import MultiLabelBinarizer
from threadpoolctl import threadpool_limits

from .text import similarity_vectorizer
from .types import CodeSuggestion, Evidence, ThemeId

RANDOM_STATE = 0
N_NEIGHBOURS = 10
N_EVIDENCE = 3
# A theme is shown only when its calibrated probability of being the coder's choice reaches this: more
# likely right than wrong. Below it the passage gets "no suggestion" for codes.
CODE_THRESHOLD = 0.5
CALIBRATION_SPLITS = 5
CALIBRATION_RANKS = 3


class ScoreCalibration:
    """Platt scaling of a suggestion's vote share, its closest evidence's similarity and its rank into the
    probability that its theme is right (a full vote share from one faintly similar passage is not sure).

    Fitted on out-of-fold suggestions: each fold's passages are suggested by a suggester fitted on the
    other folds (grouped by source), and whether a person applied the suggested theme is the target.
    """

    def __init__(self, model: LogisticRegression, n_samples: int) -> None:
        """Hold the fitted regression and how many out-of-fold suggestions it learnt from."""
        self.model = model
        self.n_samples = n_samples

    def probability(self, score: float, rank: int, similarity: float) -> float:
        """The calibrated probability of a suggestion with this raw score, at this rank (0 = first), whose
        closest coded passage has this cosine similarity."""
        features = np.array([_calibration_features(score, rank, similarity)])
        return float(self.model.predict_proba(features)[0, 1])


def _calibration_features(score: float, rank: int, similarity: float) -> list[float]:
    return [score, float(rank == 0), similarity]


def _closest(suggestion: CodeSuggestion) -> float:
    return max((e.similarity for e in suggestion.evidence), default=0.0)


def calibrate_code_scores(
    coded: Sequence[tuple[str, Iterable[ThemeId]]],
    groups: Sequence[Hashable],
    *,
    n_splits: int = CALIBRATION_SPLITS,
    linear: bool = False,
) -> ScoreCalibration | None:
    """Fit the score calibration on out-of-fold suggestions; None with fewer than two sources or outcomes."""
    from .evaluate import _folds  # evaluate imports this module

    items = [(text, frozenset(themes)) for text, themes in coded]
    if len(set(groups)) < 2 or len(items) < 10:
        return None
    features, targets = [], []
    for train, test in _folds(len(items), groups, n_splits):
        suggester = CodeSuggester([items[i] for i in train], linear=linear)
        for i in test:
            text, truth = items[i]
            for rank, suggestion in enumerate(suggester.suggest(text, k=CALIBRATION_RANKS)):
                features.append(_calibration_features(suggestion.score, rank, _closest(suggestion)))
                targets.append(suggestion.theme_id in truth)
    if len(set(targets)) < 2:
        return None
    with threadpool_limits(limits=1):
        model = LogisticRegression(C=1.0, random_state=RANDOM_STATE).fit(np.array(features), targets)
    return ScoreCalibration(model, len(targets))


class CodeSuggester:
    """Fitted once on coded passages, then ranks themes for any number of new passages."""

    def __init__(
        self,
        coded: Sequence[tuple[str, Iterable[ThemeId]]],
        *,
        linear: bool = False,
        n_neighbours: int = N_NEIGHBOURS,
        calibration: ScoreCalibration | None = None,
    ) -> None:
        """Learn TF-IDF over the coded passages (and a one-vs-rest model when linear is True).

        With a calibration each suggestion also carries its calibrated probability.
        """
        self.calibration = calibration
        pairs = [(text, frozenset(themes)) for text, themes in coded if text and text.strip() and themes]
        self.texts = [text for text, _ in pairs]
        self.theme_sets = [themes for _, themes in pairs]
        self.n_neighbours = n_neighbours
        self.vectorizer = similarity_vectorizer()
        self.matrix = self.vectorizer.fit_transform(self.texts) if self.texts else None
        self.terms = self.vectorizer.get_feature_names_out() if self.texts else np.array([])
        self.linear_model = None
        self.binarizer = MultiLabelBinarizer()
        targets = self.binarizer.fit_transform(self.theme_sets) if self.texts else np.zeros((0, 0))
        if (
            linear
            and targets.shape[1] >= 2
            and all(0 < targets[:, j].sum() < len(targets) for j in range(targets.shape[1]))
        ):
            with threadpool_limits(limits=1):  # small problems: threads only add contention
                self.linear_model = OneVsRestClassifier(
                    LogisticRegression(
                        C=5.0, class_weight="balanced", max_iter=1000, random_state=RANDOM_STATE
                    )
                ).fit(self.matrix, targets)

    def suggest(self, passage_text: str, *, k: int = 5) -> list[CodeSuggestion]:
        """Return up to k themes, best first, each scored in [0, 1] with the most similar coded passages."""
        if self.matrix is None or not passage_text or not passage_text.strip():
            return []
        query = self.vectorizer.transform([passage_text])
        similarity = (self.matrix @ query.T).toarray().ravel()
        if not similarity.any():
            return []
        order = np.lexsort((np.arange(len(similarity)), -similarity))
        neighbours = [i for i in order[: self.n_neighbours] if similarity[i] > 0]
        total = sum(similarity[i] for i in neighbours)
        scores: dict[ThemeId, float] = {}
        for i in neighbours:
            for theme in self.theme_sets[i]:
                scores[theme] = scores.get(theme, 0.0) + similarity[i] / total
        if self.linear_model is not None:
            probabilities = self.linear_model.predict_proba(query)[0]
            for theme, probability in zip(self.binarizer.classes_, probabilities, strict=True):
                scores[theme] = 0.5 * scores.get(theme, 0.0) + 0.5 * float(probability)
        ranked = sorted(scores.items(), key=lambda item: (-item[1], str(item[0])))[:k]
        query_terms = set(query.indices)
        suggestions = []
        for theme, score in ranked:
            carriers = [i for i in order if theme in self.theme_sets[i] and similarity[i] > 0][:N_EVIDENCE]
            evidence = [Evidence(self.texts[i], round(float(similarity[i]), 4)) for i in carriers]
            shared = self._shared_terms(query, query_terms, carriers)
            carry = ngettext(
                "%(count)d similar coded passage carries this theme",
                "%(count)d similar coded passages carry this theme",
                len(carriers),
            ) % {"count": len(carriers)}
            terms = _("; shared terms: %(terms)s") % {"terms": ", ".join(shared)} if shared else ""
            explanation = carry + terms + _(". A suggestion only: apply it yourself if it fits.")
            closest = evidence[0].similarity if evidence else 0.0  # the linear model needs no neighbour
            probability = (
                round(self.calibration.probability(score, len(suggestions), closest), 4)
                if self.calibration is not None
                else None
            )
            suggestions.append(
                CodeSuggestion(theme, round(float(score), 4), evidence, shared, explanation, probability)
            )
        return suggestions

    def _shared_terms(self, query, query_terms: set[int], carriers: list[int], limit: int = 5) -> list[str]:
        """Return the query's heaviest terms that also occur in the evidence passages."""
        present: set[int] = set()
        for i in carriers:
            present |= set(self.matrix[i].indices)
        common = list(query_terms & present)
        weights = {j: query[0, j] for j in common}
        best = sorted(common, key=lambda j: (-weights[j], self.terms[j]))[:limit]
        return [str(self.terms[j]) for j in best]


def suggest_codes(
    coded: Sequence[tuple[str, Iterable[ThemeId]]], passage_text: str, *, k: int = 5, linear: bool = False
) -> list[CodeSuggestion]:
    """Rank the program's themes for one passage by its nearest coded passages, with evidence."""
    return CodeSuggester(coded, linear=linear).suggest(passage_text, k=k)
