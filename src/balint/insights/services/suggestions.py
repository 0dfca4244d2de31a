"""Suggestions of codes, categories and perspectives for a source's passages, from models fitted once."""

from __future__ import annotations

from collections import defaultdict

from django.utils.translation import gettext as _

from balint.coding.models import Source, Theme
from balint.core.errors import ApplicationError
from balint.core.text_language import language_name
from balint.insights import selectors
from balint.insights.models import Suggestion
from balint.insights.services.availability import semantic_enabled, source_language_unsupported
from balint.programs.access import Roles
from balint.programs.models import Person, Program

CODE_SUGGESTIONS_PER_PASSAGE = 3


MAX_UNITS_PER_SOURCE = 60


class PassageModels:
    """The program's code suggester and classifiers, fitted once on the de-identified coded passages."""

    def __init__(self, *, program: Program, roles: Roles | None) -> None:
        """Fit on the coded passages the person may see, with the starter set for the classifiers."""
        from balint.insights.engine import CodeSuggester
        from balint.insights.engine.classify import train_classifier
        from balint.insights.engine.suggest import calibrate_code_scores

        self.coded = selectors.coded_passages(sources=selectors.insight_sources(program=program, roles=roles))
        pairs = [(p.text, p.themes) for p in self.coded]
        self.code_calibration = calibrate_code_scores(pairs, [p.source_id for p in self.coded])
        self.suggester = CodeSuggester(pairs, calibration=self.code_calibration)
        engine = "auto" if semantic_enabled() else "tfidf"
        codebook = selectors.codebook_examples(program=program)
        self.category = train_classifier(
            [(p.text, p.category) for p in self.coded], task="category", codebook=codebook, engine=engine
        )
        self.perspective = train_classifier(
            [(p.text, p.perspective) for p in self.coded], task="perspective", engine=engine
        )
        self.sources_of_text: dict[str, set[int]] = defaultdict(set)
        for passage in self.coded:
            self.sources_of_text[passage.text].add(passage.source_id)
        self.n_coded = len(self.coded)


def _code_probability(suggestion) -> float:
    """The calibrated probability of a code suggestion, or its raw vote share when it is not calibrated."""
    return suggestion.score if suggestion.probability is None else suggestion.probability


def _drafts(
    *,
    models: PassageModels,
    source: Source,
    start: int,
    end: int,
    text: str,
    themes: dict[int, Theme],
    fingerprint: str,
) -> list[Suggestion]:
    from balint.insights.engine.classify import explain
    from balint.insights.engine.suggest import CODE_THRESHOLD

    drafts: list[Suggestion] = []
    base = {"program": source.program, "source": source, "start": start, "end": end, "passage": text,
            "fingerprint": fingerprint}  # fmt: skip
    ranked = [
        s for s in models.suggester.suggest(text, k=CODE_SUGGESTIONS_PER_PASSAGE + 2) if s.theme_id in themes
    ]
    calibrated = models.code_calibration is not None
    shown = [s for s in ranked if _code_probability(s) >= CODE_THRESHOLD][:CODE_SUGGESTIONS_PER_PASSAGE]
    # Nothing sure enough: keep the best guess as "no suggestion", with nothing to accept.
    kept = shown or ranked[:1]
    for rank, suggestion in enumerate(kept):
        abstained = not shown
        evidence = [
            e
            for i, e in enumerate(suggestion.evidence)
            if e.text != text and e.text not in {earlier.text for earlier in suggestion.evidence[:i]}
        ]  # the same sentence in several notes
        evidence_sources = {sid for e in evidence for sid in models.sources_of_text.get(e.text, ())}
        probability = _code_probability(suggestion)
        if abstained:
            measure = _("calibrated probability") if calibrated else _("score")
            why = _(
                "No suggestion: the closest theme has a {measure} of {probability:.2f}, below the "
                "{threshold:.2f} required before a theme is suggested."
            ).format(measure=measure, probability=probability, threshold=CODE_THRESHOLD)
        else:
            why = suggestion.explanation
            if calibrated:
                why = _(
                    "Calibrated probability {probability:.2f} that a coder would apply it (vote share of the "
                    "nearest coded passages {share:.2f}). {why}"
                ).format(probability=probability, share=suggestion.score, why=why)
        drafts.append(
            Suggestion(
                kind=Suggestion.Kind.CODE,
                theme=themes[suggestion.theme_id],
                value=themes[suggestion.theme_id].name,
                score=probability,
                rank=rank,
                explanation={
                    "text": why,
                    "evidence": []
                    if abstained
                    else [{"text": e.text, "similarity": e.similarity} for e in evidence],
                    "shared_terms": [] if abstained else suggestion.shared_terms,
                    "trained_on": models.n_coded,
                    "vote_share": suggestion.score,
                    "calibrated_on": models.code_calibration.n_samples if calibrated else 0,
                },
                source_ids=[source.pk] if abstained else sorted(evidence_sources | {source.pk}),
                engine="tfidf-neighbours",
                model_name="nearest coded passages (TF-IDF cosine)"
                + (", Platt-calibrated" if calibrated else ", uncalibrated"),
                threshold=CODE_THRESHOLD,
                abstained=abstained,
                **base,
            )
        )
    for kind, pipeline, kind_name in (
        (Suggestion.Kind.CATEGORY, models.category, _("category")),
        (Suggestion.Kind.PERSPECTIVE, models.perspective, _("perspective")),
    ):
        if pipeline is None:
            continue
        (result,) = explain(pipeline, [text], keep_stop_words=kind == Suggestion.Kind.PERSPECTIVE)
        provenance = pipeline.provenance
        if result.abstained and pipeline.too_few_codings:
            why = _(
                "No suggestion: a {kind} is suggested once the program has coded {needed} passages "
                "(measured: with fewer, suggestions were right less often than the most common {kind}). "
                "Best guess so far, not shown: probability {probability:.2f}."
            ).format(
                kind=kind_name,
                needed=pipeline.switch_on,
                probability=result.confidence,
            )
        elif result.abstained:
            why = _(
                "No suggestion: the most likely {kind} has a calibrated probability of {probability:.2f}, "
                "below the {threshold:.2f} this installation requires before it suggests one."
            ).format(
                kind=kind_name,
                probability=result.confidence,
                threshold=result.threshold,
            )
        else:
            why = _("Calibrated probability {probability:.2f} (suggested from {threshold:.2f} up).").format(
                probability=result.confidence, threshold=result.threshold
            )
            if result.explanation_terms:
                why += " " + _("Words of the passage that weigh most towards it: {terms}.").format(
                    terms=", ".join(result.explanation_terms)
                )
            else:
                why += " " + _("Closest in meaning to the examples quoted below.")
        if kind == Suggestion.Kind.CATEGORY:
            learnt = _(
                "Learnt from {count} coded passages of this program, a built-in starter set and the "
                "codebook's definitions and examples."
            )
        else:
            learnt = _("Learnt from {count} coded passages of this program, a built-in starter set.")
        drafts.append(
            Suggestion(
                kind=kind,
                value=result.label,
                score=result.confidence,
                explanation={
                    "text": f"{why} {learnt.format(count=models.n_coded)}",
                    "terms": result.explanation_terms,
                    "examples": result.examples,
                    "trained_on": models.n_coded,
                    "provenance": provenance,
                    "too_few_codings": pipeline.too_few_codings,
                    "labelled_passages": pipeline.n_program,
                },
                source_ids=[source.pk],
                engine=provenance["engine"],
                model_name=str(provenance["model"])[:80],
                model_version=str(provenance["model_version"])[:40],
                threshold=result.threshold,
                abstained=result.abstained,
                **base,
            )
        )
    return drafts


def source_suggest(
    *, source: Source, roles: Roles | None, person: Person | None, span: tuple[int, int] | None = None
) -> list[Suggestion]:
    """Store fresh pending code, category and perspective suggestions for the source's uncoded sentences
    (or one span); decided suggestions stay as they were and are not proposed again."""
    if not source.deidentified:
        raise ApplicationError(_("Suggestions work on de-identified sources only."))
    language = source_language_unsupported(source)
    if language:
        raise ApplicationError(
            _("Suggestions are not supported for {language}: they read English only.").format(
                language=language_name(language)
            )
        )
    if span is not None:
        start, end = span
        if not (0 <= start < end <= len(source.text)) or not source.text[start:end].strip():
            raise ApplicationError(
                _("That passage is outside the text or empty."), extra={"start": start, "end": end}
            )
        targets = [(start, end, source.text[start:end])]
    else:
        units = selectors.source_units(sources=[source], uncoded_only=True)[:MAX_UNITS_PER_SOURCE]
        targets = [(u.start, u.end, u.text) for u in units]
    models = PassageModels(program=source.program, roles=roles)
    themes = {
        t.pk: t for t in Theme.objects.filter(program=source.program, active=True).select_related("category")
    }
    fingerprint = selectors.program_fingerprint(program=source.program)
    decided = {
        (s.start, s.end, s.kind, s.theme_id or s.value)
        for s in selectors.decided_here(source=source).only("start", "end", "kind", "theme_id", "value")
    }
    stale = Suggestion.objects.filter(source=source, status=Suggestion.Status.PENDING).exclude(
        kind=Suggestion.Kind.CANDIDATE_THEME
    )
    if span is not None:
        stale = stale.filter(start=span[0], end=span[1])
    stale.delete()
    rows = []
    for start, end, text in targets:
        for draft in _drafts(
            models=models,
            source=source,
            start=start,
            end=end,
            text=text,
            themes=themes,
            fingerprint=fingerprint,
        ):
            if (start, end, draft.kind, draft.theme_id or draft.value) in decided:
                continue
            draft.requested_by = person
            rows.append(draft)
    return Suggestion.objects.bulk_create(rows)
