"""Reads that feed the engine from the analysis workspace: de-identified passages, labels, a data fingerprint.

Only de-identified sources ever reach the engine (the rule the workspace applies to analysts), and
within them only those the person may see in the workspace, so nothing a suggestion quotes is new
to the person reading it.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count, Max, Q, QuerySet
from django.utils.text import slugify

from balint.coding.access import visible_sources
from balint.coding.models import Coding, Source, Theme
from balint.coding.starter import category_key
from balint.coding.units import Granularity, split_units
from balint.insights.models import Evaluation, Suggestion, ThemeRun
from balint.programs.access import Roles
from balint.programs.models import Program

MIN_WORDS = 4
# The workspace's perspective values, as the engine's labels ("both" is neither one nor the other).
PERSPECTIVE_LABELS = {"resident": "resident", "patient": "patient", "both": "other"}
PERSPECTIVE_NAMES = {
    "resident": "Resident's own experience",
    "patient": "Patient's experience",
    "other": "Other",
}
PERSPECTIVE_VALUES = {"resident": "resident", "patient": "patient", "other": "both"}
# Default category names whose engine label is not simply their slug.
CATEGORY_ALIASES = {"structure_and_logistics": "structure_logistics"}


def category_label(name: str) -> str:
    """The engine's label for a codebook category name ("Structure and logistics" -> structure_logistics);
    a default category is known by its name in any shipped language ("Struktur und Organisation")."""
    slug = slugify(category_key(name)).replace("-", "_")
    return CATEGORY_ALIASES.get(slug, slug)


def category_names(program: Program) -> dict[str, str]:
    """Engine label -> the program's category name, for showing a suggested category."""
    from balint.coding.models import Category

    return {category_label(c.name): c.name for c in Category.objects.filter(program=program)}


def codebook_examples(*, program: Program) -> list[tuple[str, str]]:
    """(definition or example quote, category label) of the program's active themes that have a category."""
    from balint.coding.models import Theme

    rows = []
    themes = Theme.objects.filter(program=program, active=True, category__isnull=False).select_related(
        "category"
    )
    for theme in themes:
        label = category_label(theme.category.name)
        for text in (theme.definition, *(theme.example or "").splitlines()):
            text = text.strip().strip('“”"')
            if len(text) > 15 and not text.startswith("DRAFT"):
                rows.append((text, label))
    return rows


def insight_sources(*, program: Program, roles: Roles | None = None) -> QuerySet[Source]:
    """The de-identified sources the person may see (every de-identified source for the command line)."""
    sources = Source.objects.filter(program=program) if roles is None else visible_sources(roles)
    return sources.filter(deidentified=True)


@dataclass
class CodedPassage:
    """One coded span with every theme any coder applied to exactly that span."""

    source_id: int
    start: int
    end: int
    text: str
    themes: set[int] = field(default_factory=set)
    categories: list[str] = field(default_factory=list)
    perspectives: list[str] = field(default_factory=list)

    @property
    def category(self) -> str:
        """The most frequent category of its themes (ties: alphabetical), or ""."""
        return _mode(self.categories)

    @property
    def perspective(self) -> str:
        """The most frequent marked perspective as an engine label, or ""."""
        return _mode(self.perspectives)


def _mode(values: list[str]) -> str:
    values = [v for v in values if v]
    if not values:
        return ""
    return sorted(Counter(values).items(), key=lambda item: (-item[1], item[0]))[0][0]


def coded_passages(*, sources: QuerySet[Source]) -> list[CodedPassage]:
    """Every coded span of the sources, grouped by exact span, with themes, categories and perspectives."""
    rows = (
        Coding.objects.filter(source__in=sources.values("pk"), theme__active=True)
        .order_by("source_id", "start", "end", "pk")
        .values_list("source_id", "start", "end", "quote", "theme_id", "theme__category__name", "perspective")
    )
    spans: dict[tuple[int, int, int], CodedPassage] = {}
    for source_id, start, end, quote, theme_id, category, perspective in rows:
        passage = spans.get((source_id, start, end))
        if passage is None:
            passage = spans[(source_id, start, end)] = CodedPassage(source_id, start, end, quote)
        if theme_id not in passage.themes:
            passage.themes.add(theme_id)
            passage.categories.append(category_label(category) if category else "")
        passage.perspectives.append(PERSPECTIVE_LABELS.get(perspective, ""))
    return [p for p in spans.values() if p.text.strip()]


@dataclass(frozen=True)
class Unit:
    """A passage of a source that nobody has coded (or any passage, for scope "all")."""

    source_id: int
    start: int
    end: int
    text: str

    @property
    def key(self) -> str:
        return f"{self.source_id}:{self.start}:{self.end}"


def source_units(
    *, sources: QuerySet[Source] | Iterable[Source], uncoded_only: bool = True, granularity: str = "sentence"
) -> list[Unit]:
    """The sentences (or paragraphs) with at least MIN_WORDS words; only uncoded ones by default.

    A unit counts as coded when any coding overlaps it by at least one character.
    """
    sources = list(sources)
    spans: dict[int, list[tuple[int, int]]] = defaultdict(list)
    if uncoded_only and sources:
        for source_id, start, end in Coding.objects.filter(source__in=[s.pk for s in sources]).values_list(
            "source_id", "start", "end"
        ):
            spans[source_id].append((start, end))
    units = []
    for source in sources:
        for unit in split_units(text=source.text, granularity=Granularity(granularity)):
            if any(start < unit.end and unit.start < end for start, end in spans.get(source.pk, ())):
                continue
            text = unit.text(source.text)
            if len(re.findall(r"\w+", text)) >= MIN_WORDS:
                units.append(Unit(source.pk, unit.start, unit.end, text))
    return units


def program_fingerprint(*, program: Program) -> str:
    """A hash that changes whenever a source, theme or coding of the program is added, changed or removed."""
    parts = []
    for queryset in (
        Source.objects.filter(program=program),
        Theme.objects.filter(program=program),
        Coding.objects.filter(source__program=program),
    ):
        figures = queryset.aggregate(n=Count("pk"), latest=Max("updated_at"))
        parts.append(f"{figures['n']}:{figures['latest'].isoformat() if figures['latest'] else '-'}")
    return hashlib.sha256("|".join(parts).encode()).hexdigest()


def visible_source_ids(roles: Roles) -> set[int]:
    """Ids of the de-identified sources the person may see."""
    return set(insight_sources(program=roles.program, roles=roles).values_list("pk", flat=True))


def readable(items: Iterable, allowed: set[int]) -> list:
    """Keep the runs or suggestions whose every source the person may see."""
    return [item for item in items if set(item.source_ids) <= allowed]


def latest_run(*, program: Program, allowed: set[int]) -> ThemeRun | None:
    """The newest finished candidate-themes run the person may read (one query, newest twenty looked at)."""
    runs = ThemeRun.objects.filter(program=program, status=ThemeRun.Status.DONE).select_related(
        "requested_by"
    )[:20]
    found = readable(runs, allowed)
    return found[0] if found else None


def run_suggestions(*, run: ThemeRun) -> list[Suggestion]:
    """The candidate themes of a run, largest first, with who decided and what they created."""
    return list(
        Suggestion.objects.filter(run=run).select_related("decided_by", "created_theme").order_by("rank")
    )


def source_suggestions(*, source: Source, allowed: set[int]) -> list[Suggestion]:
    """The suggestions for passages of a source that the person may read, in reading order."""
    rows = (
        Suggestion.objects.filter(source=source)
        .exclude(kind=Suggestion.Kind.CANDIDATE_THEME)
        .select_related("theme", "theme__category", "decided_by", "created_coding")
        .order_by("start", "end", "kind", "rank")
    )
    return readable(rows, allowed)


def latest_evaluation(*, program: Program) -> Evaluation | None:
    """The newest quality evaluation of the program (figures only, no text)."""
    return Evaluation.objects.filter(program=program).first()


def decided_here(*, source: Source) -> QuerySet[Suggestion]:
    """Decided suggestions on a source (kept when suggestions are made again)."""
    return Suggestion.objects.filter(source=source).filter(~Q(status=Suggestion.Status.PENDING))
