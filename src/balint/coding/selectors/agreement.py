"""Agreement between coders, as the agreement page shows it; memos beside the views."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Q, QuerySet
from django.http import Http404

from balint.coding.agreement import AgreementReport, Disagreement, agreement_report, disagreements
from balint.coding.models import (
    Coding,
    CodingDone,
    Memo,
    Source,
    Theme,
)
from balint.coding.people import coder_names as coder_names_for
from balint.coding.selectors.views import cached, shared_version
from balint.coding.units import CodedSpan, Unit, split_units, themes_by_unit
from balint.programs.access import Roles
from balint.programs.models import Person, Program

# ---- agreement ---------------------------------------------------------------------------------------


@dataclass
class DisagreementRow:
    source: Source
    unit: Unit
    text: str
    theme: Theme
    applied: list[tuple[str, bool | None]]  # (coder name, applied?) None when the coder did not code it


@dataclass
class Agreement:
    report: AgreementReport | None
    coders: list[Person]
    sources: int
    themes: dict[Hashable, Theme]
    disagreements: list[DisagreementRow] = field(default_factory=list)  # the page shown
    disagreement_count: int = 0  # on every theme
    disagreements_by_theme: dict[Hashable, int] = field(default_factory=dict)
    page: Page | None = None  # of the disagreements on `theme` (or on every theme)
    theme: Theme | None = None


DISAGREEMENTS_PER_PAGE = 10


def agreement(
    *,
    program: Program,
    sources: QuerySet[Source],
    coders: Iterable[Person],
    granularity: str,
    uncoded: str,
    page: int | str = 1,
    per_page: int = DISAGREEMENTS_PER_PAGE,
    theme: str = "",
    scope: Hashable | None = None,
    roles: Roles | None = None,
) -> Agreement:
    """Agreement among the chosen coders over the sources at least two of them coded (four queries).

    The disagreements come a page at a time (`page`, `per_page` of them; none when `per_page` is 0), on
    every theme or on the theme whose code is `theme` (a code of no theme of the program: Http404); only the
    sources of the page shown are read and decrypted.

    A coder counts as having coded a source when they applied a code in it or marked it as coded. With a
    `scope` (what decides `sources`, e.g. `access.visibility_key` and the form's filters) the figures come
    from the cache while what they are computed from is unchanged (`shared_version`: a coding on a source
    only one of the coders touched leaves them cached); the disagreements' text is read afresh.
    """
    coders = list(coders)
    coder_ids = [c.pk for c in coders]

    def compute() -> dict:
        return _agreement_figures(
            sources=sources,
            coder_ids=coder_ids,
            granularity=granularity,
            uncoded=uncoded,
        )

    if scope is None:
        data = compute()
    else:
        key = (scope, tuple(coder_ids), granularity, uncoded)
        data = cached(
            program=program,
            name="agreement-all",  # every disagreement kept (the entries named "agreement" kept 40)
            scope=key,
            compute=compute,
            version=lambda: shared_version(program=program, coder_ids=coder_ids),
        )
    themes = {t.pk: t for t in Theme.objects.filter(program=program)}
    result = Agreement(report=data["report"], coders=coders, sources=data["sources"], themes=themes)
    found = data["disagreements"]
    result.disagreement_count = len(found)
    result.disagreements_by_theme = dict(Counter(theme_id for _, _, theme_id, _ in found))
    if theme:
        result.theme = next((t for t in themes.values() if str(t.code) == theme), None)
        if result.theme is None:
            raise Http404("No such theme.")
        found = [item for item in found if item[2] == result.theme.pk]
    if per_page <= 0:
        return result
    result.page = Paginator(found, per_page).get_page(page)
    shown = result.page.object_list
    sources_shown = Source.objects.filter(pk__in={source_id for source_id, *_ in shown})
    titles = {s.pk: s for s in sources_shown.only("pk", "code", "title", "text")}
    names = coder_names_for(program=program, people=coders, roles=roles)
    for source_id, unit, theme_id, applied in shown:
        result.disagreements.append(
            DisagreementRow(
                source=titles[source_id],
                unit=unit,
                text=unit.text(titles[source_id].text),
                theme=themes[theme_id],
                applied=[(names[c], applied.get(c)) for c in coder_ids],
            )
        )
    return result


def _agreement_figures(
    *,
    sources: QuerySet[Source],
    coder_ids: list[int],
    granularity: str,
    uncoded: str,
) -> dict:
    """The figures and every disagreement (as source id, unit, theme id, decisions): no text."""
    spans: dict[int, list[CodedSpan]] = defaultdict(list)
    coded_by: dict[int, set[int]] = defaultdict(set)
    for source_id, theme_id, coder_id, start, end in Coding.objects.filter(
        source__in=sources.values("pk"), coder_id__in=coder_ids
    ).values_list("source_id", "theme_id", "coder_id", "start", "end"):
        spans[source_id].append(CodedSpan(start=start, end=end, theme_id=theme_id, coder=coder_id))
        coded_by[source_id].add(coder_id)
    for source_id, coder_id in CodingDone.objects.filter(
        source__in=sources.values("pk"), coder_id__in=coder_ids
    ).values_list("source_id", "coder_id"):
        coded_by[source_id].add(coder_id)
    shared = [sid for sid, who in coded_by.items() if len(who) >= 2]
    texts = dict(Source.objects.filter(pk__in=shared).values_list("pk", "text"))
    coding: dict[Hashable, dict[Hashable, set[Hashable]]] = {c: {} for c in coder_ids}
    units_by_source: dict[int, list[Unit]] = {}
    for source_id in shared:
        units = split_units(text=texts[source_id], granularity=granularity)
        units_by_source[source_id] = units
        per_coder = themes_by_unit(units=units, spans=spans[source_id], coders=sorted(coded_by[source_id]))
        for coder_id, per_unit in per_coder.items():
            target = coding[coder_id]
            for index, themes in per_unit.items():
                target[(source_id, index)] = themes
    data: dict[str, Any] = {
        "report": None,
        "sources": len(shared),
        "disagreements": [],
    }
    if len(coder_ids) < 2:
        return data
    data["report"] = agreement_report(coding=coding, uncoded=uncoded)
    found: list[Disagreement] = disagreements(coding=coding)
    data["disagreements"] = [
        (item.unit[0], units_by_source[item.unit[0]][item.unit[1]], item.theme, dict(item.applied))
        for item in found
    ]
    return data


def memos_for(*, program: Program, sources: QuerySet[Source]) -> QuerySet[Memo]:
    """Memos on the whole analysis, themes, and visible sources and codings."""
    return (
        Memo.objects.filter(program=program)
        .filter(Q(source__isnull=True) | Q(source__in=sources.values("pk")))
        .select_related("author", "source", "theme", "coding__theme")
    )
