"""Writes of analysis assistance: make suggestions, store them, and let a person accept or reject each one.

Nothing here codes anything by itself: a Coding or a codebook Theme is created only by
`suggestion_accept`, on behalf of the person accepting, through the coding app's services.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from balint.coding.models import Coding, Source, Theme
from balint.coding.services import coding_create, coding_set_perspective, theme_create
from balint.core.errors import ApplicationError
from balint.core.text_language import language_name, unsupported_language
from balint.insights import selectors
from balint.insights.models import Suggestion, ThemeRun
from balint.programs.access import Roles
from balint.programs.models import Person, Program

if TYPE_CHECKING:
    from balint.insights.engine import Passage

# The engine (NumPy, SciPy, scikit-learn) is imported by the functions that run it, never with the URL
# configuration: an app-server process that serves no analysis assistance never loads it (issue 20).


def semantic_available() -> bool:
    """Whether the sentence-embedding model is installed (`balint.insights.engine.semantic_available`)."""
    from balint.insights.engine import semantic_available as installed

    return installed()


# Candidate themes (English lemmas and stop words) and suggestions (an English sentence model and English
# starter examples) read English only: a text in another language gets a notice instead (core.text_language).
SUPPORTED_LANGUAGES = ("en",)

CODE_SUGGESTIONS_PER_PASSAGE = 3
MAX_UNITS_PER_SOURCE = 60
SEMANTIC_DISABLED_REASON = (
    "The semantic engine is switched off on this installation (INSIGHTS_SEMANTIC_ENABLED), "
    "so TF-IDF was used instead."
)

Progress = Callable[[int, str], None]


def semantic_enabled() -> bool:
    """True when the semantic extra is installed and the INSIGHTS_SEMANTIC_ENABLED setting allows it."""
    return bool(getattr(settings, "INSIGHTS_SEMANTIC_ENABLED", True)) and semantic_available()


def engine_note() -> str:
    """Why the semantic engine is unavailable, or "" when it is available."""
    if semantic_enabled():
        return ""
    if not getattr(settings, "INSIGHTS_SEMANTIC_ENABLED", True):
        return SEMANTIC_DISABLED_REASON
    return "The sentence-embedding model is not installed (it comes with `make install`); TF-IDF is used."


# ---- candidate themes -------------------------------------------------------------------------------


def theme_run_attach_job(*, run: ThemeRun, job: Any) -> None:
    """Tie the run to the background job that computes it (its page follows the job's progress)."""
    run.job = job
    run.save(update_fields=["job", "updated_at"])


def theme_run_find_or_create(
    *, program: Program, roles: Roles | None, person: Person | None, engine: str, scope: str
) -> tuple[ThemeRun, bool]:
    """Return (run, reused): a finished run over the same passages and unchanged data is reused."""
    from balint.insights.engine.types import ENGINES

    if engine not in ENGINES:
        raise ApplicationError(
            _("Unknown engine “{engine}”.").format(engine=engine), extra={"field": "engine"}
        )
    if scope not in ThemeRun.Scope.values:
        raise ApplicationError(_("Unknown scope “{scope}”.").format(scope=scope), extra={"field": "scope"})
    source_ids = sorted(selectors.insight_sources(program=program, roles=roles).values_list("pk", flat=True))
    if not source_ids:
        raise ApplicationError(_("There are no de-identified sources to look for themes in yet."))
    fingerprint = selectors.program_fingerprint(program=program)
    existing = ThemeRun.objects.filter(
        program=program,
        scope=scope,
        engine_requested=engine,
        fingerprint=fingerprint,
        status=ThemeRun.Status.DONE,
    ).first()
    if existing is not None and existing.source_ids == source_ids:
        return existing, True
    run = ThemeRun.objects.create(
        program=program,
        requested_by=person,
        scope=scope,
        engine_requested=engine,
        fingerprint=fingerprint,
        source_ids=source_ids,
    )
    return run, False


def theme_passages(*, run: ThemeRun) -> list[Passage]:
    """The passages of a run: uncoded sentences, plus every coded span for scope "all"; each text once.

    Repeated sentences (a stock phrase in many notes) would otherwise fill a theme's quotes with one text.
    """
    sources = Source.objects.filter(pk__in=run.source_ids, program=run.program, deidentified=True).only(
        "pk", "text"
    )
    units = selectors.source_units(sources=sources, uncoded_only=True)
    from balint.insights.engine import Passage

    passages = [Passage(id=unit.key, text=unit.text) for unit in units]
    if run.scope == ThemeRun.Scope.ALL:
        coded = selectors.coded_passages(sources=Source.objects.filter(pk__in=run.source_ids))
        passages += [Passage(id=f"{p.source_id}:{p.start}:{p.end}", text=p.text) for p in coded]
    seen: set[str] = set()
    distinct = []
    for passage in passages:
        key = " ".join(passage.text.split()).casefold()
        if key not in seen:
            seen.add(key)
            distinct.append(passage)
    return distinct


def theme_run_execute(*, run: ThemeRun, progress: Progress | None = None) -> ThemeRun:
    """Find candidate themes for the run and store each as a pending suggestion; codes nothing."""
    from balint.insights.cache import DatabaseEmbeddingCache
    from balint.insights.engine import candidate_themes
    from balint.insights.engine.embeddings import MODEL_NAME, model_version

    step = progress or (lambda percent, message: None)
    step(5, "Collecting de-identified passages")
    passages = theme_passages(run=run)
    if len(passages) < 3:
        raise ApplicationError(_("Fewer than three passages to group: code less or add sources first."))
    semantic = run.engine_requested == "semantic" and semantic_enabled()
    engine_label = "sentence embeddings" if semantic else "TF-IDF"
    step(20, f"Grouping {len(passages):,} passages with {engine_label}")
    result = candidate_themes(
        passages,
        engine=run.engine_requested,
        cache=DatabaseEmbeddingCache(),
        semantic_installed=semantic_enabled(),
    )
    step(90, f"Storing {len(result)} candidate themes")
    sources = {s.pk: s for s in Source.objects.filter(pk__in=run.source_ids).only("pk", "code", "title")}
    with transaction.atomic():
        rows = []
        for rank, theme in enumerate(result):
            quotes = []
            for quote in theme.quotes:
                source_id, start, end = (int(part) for part in str(quote.passage_id).split(":"))
                source = sources[source_id]
                quotes.append(
                    {
                        "text": quote.text,
                        "weight": quote.weight,
                        "source": str(source.code),
                        "title": source.title,
                        "start": start,
                        "end": end,
                        "source_id": source_id,
                    }
                )
            rows.append(
                Suggestion(
                    program=run.program,
                    kind=Suggestion.Kind.CANDIDATE_THEME,
                    run=run,
                    value=theme.label[: Theme._meta.get_field("name").max_length],
                    score=round(theme.size / len(passages), 4),
                    rank=rank,
                    explanation={
                        "text": theme.explanation,
                        "top_terms": [[term, weight] for term, weight in theme.top_terms],
                        "quotes": quotes,
                        "size": theme.size,
                        "engine": result.engine_used,
                    },
                    source_ids=sorted({q["source_id"] for q in quotes}),
                    fingerprint=run.fingerprint,
                    requested_by=run.requested_by,
                    engine=result.engine_used,
                    model_name=MODEL_NAME if result.engine_used == "semantic" else "tf-idf + NMF",
                    model_version=model_version() if result.engine_used == "semantic" else "",
                )
            )
        Suggestion.objects.bulk_create(rows)
        run.engine_used = result.engine_used
        run.fallback_reason = result.fallback_reason
        if (
            run.engine_requested == "semantic"
            and result.fallback_reason
            and not getattr(settings, "INSIGHTS_SEMANTIC_ENABLED", True)
        ):
            run.fallback_reason = SEMANTIC_DISABLED_REASON
        run.n_passages = len(passages)
        run.n_themes = len(rows)
        run.status = ThemeRun.Status.DONE
        run.save()
    return run


# ---- codes, categories and perspectives for passages ---------------------------------------------------


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


def _code_probability(suggestion) -> float:  # noqa: ANN001
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
            measure = "calibrated probability" if calibrated else "score"
            why = (
                f"No suggestion: the closest theme has a {measure} of {probability:.2f}, "
                f"below the {CODE_THRESHOLD:.2f} required before a theme is suggested."
            )
        else:
            why = suggestion.explanation
            if calibrated:
                why = (
                    f"Calibrated probability {probability:.2f} that a coder would apply it "
                    f"(vote share of the nearest coded passages {suggestion.score:.2f}). {why}"
                )
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
    for kind, pipeline in (
        (Suggestion.Kind.CATEGORY, models.category),
        (Suggestion.Kind.PERSPECTIVE, models.perspective),
    ):
        if pipeline is None:
            continue
        (result,) = explain(pipeline, [text], keep_stop_words=kind == Suggestion.Kind.PERSPECTIVE)
        provenance = pipeline.provenance
        if result.abstained:
            why = (
                f"No suggestion: the most likely {kind.label.lower()} has a calibrated probability of "
                f"{result.confidence:.2f}, below the {result.threshold:.2f} this installation requires "
                "before it suggests one."
            )
        else:
            why = (
                f"Calibrated probability {result.confidence:.2f} (suggested from {result.threshold:.2f} up). "
            )
            if result.explanation_terms:
                why += (
                    "Words of the passage that weigh most towards it: "
                    + ", ".join(result.explanation_terms)
                    + "."
                )
            else:
                why += "Closest in meaning to the examples quoted below."
        training = " and the codebook's definitions and examples" if kind == Suggestion.Kind.CATEGORY else ""
        drafts.append(
            Suggestion(
                kind=kind,
                value=result.label,
                score=result.confidence,
                explanation={
                    "text": f"{why} Learnt from {models.n_coded} coded passages of this program, "
                    f"a built-in starter set{training}.",
                    "terms": result.explanation_terms,
                    "examples": result.examples,
                    "trained_on": models.n_coded,
                    "provenance": provenance,
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


@transaction.atomic
def source_language_unsupported(source: Source) -> str | None:
    """The source's language when suggestions do not read it (they read English only), else None."""
    return unsupported_language(source.text, SUPPORTED_LANGUAGES, source.program.default_language)


def program_language_unsupported(*, program: Program, texts: list[str]) -> str | None:
    """The language of these sources when candidate themes do not read it, else None."""
    return unsupported_language(
        " ".join(t[:2000] for t in texts), SUPPORTED_LANGUAGES, program.default_language
    )


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


# ---- decisions --------------------------------------------------------------------------------------


def _theme_draft(suggestion: Suggestion) -> dict[str, Any]:
    terms = [term for term, _ in suggestion.explanation.get("top_terms", [])][:10]
    quotes = [q["text"] for q in suggestion.explanation.get("quotes", [])]
    run = suggestion.run
    definition = (
        f"DRAFT from a candidate theme of {suggestion.explanation.get('size', 0)} passages "
        f"({run.engine_used if run else 'tfidf'}); top terms: {', '.join(terms)}. "
        "Rewrite this definition in your own words."
    )
    example = ""
    for quote in quotes[:3]:
        piece = f"“{quote}”"
        if len(example) + len(piece) + 1 > 2000:
            break
        example = f"{example}\n{piece}".strip()
    return {"definition": definition[:4000], "example": example}


@transaction.atomic
def suggestion_accept(*, suggestion: Suggestion, person: Person, name: str = "") -> Suggestion:
    """Accept for this person: a code becomes one coding by them, a candidate theme a draft codebook theme.

    Accepting again returns the same result; a rejected suggestion cannot be accepted.
    """
    suggestion = (
        Suggestion.objects.select_for_update(of=("self",))
        .select_related("source", "theme", "run")
        .get(pk=suggestion.pk)
    )
    if suggestion.status == Suggestion.Status.ACCEPTED:
        return suggestion
    if suggestion.status == Suggestion.Status.REJECTED:
        raise ApplicationError(
            _("This suggestion was already rejected."), extra={"suggestion": str(suggestion.code)}
        )
    if suggestion.abstained:
        raise ApplicationError(
            _("There is no suggestion to accept here: the model was not sure enough."),
            extra={"suggestion": str(suggestion.code)},
        )
    if suggestion.kind == Suggestion.Kind.CODE:
        perspective = _accepted_perspective(suggestion, person)
        codings = coding_create(
            source=suggestion.source,
            coder=person,
            themes=[suggestion.theme],
            start=suggestion.start,
            end=suggestion.end,
            perspective=perspective,
        )
        suggestion.created_coding = codings[0]
    elif suggestion.kind == Suggestion.Kind.CANDIDATE_THEME:
        theme_name = (name or suggestion.value).strip()
        if not theme_name:
            raise ApplicationError(_("Give the new theme a name."), extra={"field": "name"})
        if len(theme_name) > Theme._meta.get_field("name").max_length:
            raise ApplicationError(_("A theme name has at most 120 characters."), extra={"field": "name"})
        suggestion.created_theme = theme_create(
            program=suggestion.program, name=theme_name, **_theme_draft(suggestion)
        )
    elif suggestion.kind == Suggestion.Kind.PERSPECTIVE:
        value = selectors.PERSPECTIVE_VALUES.get(suggestion.value, "")
        mine = Coding.objects.filter(
            source=suggestion.source, coder=person, start=suggestion.start, end=suggestion.end
        )
        for coding in mine:
            coding_set_perspective(coding=coding, by=person, perspective=value)
    suggestion.status = Suggestion.Status.ACCEPTED
    suggestion.decided_by = person
    suggestion.decided_at = timezone.now()
    suggestion.save()
    return suggestion


def _accepted_perspective(suggestion: Suggestion, person: Person) -> str:
    """The perspective this person accepted for the same passage, as the workspace's value, or ""."""
    accepted = (
        Suggestion.objects.filter(
            source=suggestion.source,
            start=suggestion.start,
            end=suggestion.end,
            kind=Suggestion.Kind.PERSPECTIVE,
            status=Suggestion.Status.ACCEPTED,
            decided_by=person,
        )
        .values_list("value", flat=True)
        .first()
    )
    return selectors.PERSPECTIVE_VALUES.get(accepted or "", "")


@transaction.atomic
def suggestion_reject(*, suggestion: Suggestion, person: Person) -> Suggestion:
    """Record who rejected it and when; rejecting again changes nothing, an accepted one is refused."""
    suggestion = Suggestion.objects.select_for_update().get(pk=suggestion.pk)
    if suggestion.status == Suggestion.Status.REJECTED:
        return suggestion
    if suggestion.status == Suggestion.Status.ACCEPTED:
        raise ApplicationError(
            _("This suggestion was already accepted; undo what it created in the workspace instead."),
            extra={"suggestion": str(suggestion.code)},
        )
    suggestion.status = Suggestion.Status.REJECTED
    suggestion.decided_by = person
    suggestion.decided_at = timezone.now()
    suggestion.save(update_fields=["status", "decided_by", "decided_at", "updated_at"])
    return suggestion
