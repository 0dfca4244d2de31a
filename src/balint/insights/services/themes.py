"""Candidate themes: find or start a run, gather its passages, compute it (usually as a background job)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from balint.coding.models import Source, Theme
from balint.core.errors import ApplicationError
from balint.insights import selectors
from balint.insights.models import Suggestion, ThemeRun
from balint.insights.services.availability import SEMANTIC_DISABLED_REASON, semantic_enabled
from balint.programs.access import Roles
from balint.programs.models import Person, Program

if TYPE_CHECKING:
    from balint.insights.engine import Passage


Progress = Callable[[int, str], None]


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
