"""Every URL of analysis assistance, with the personas allowed: the program's leaders and analysts."""

from balint.core.testing.access import route

CODERS = ("leader", "analyst")


def _slug(w) -> list:
    return [w.program.slug]


def _analysis(w):
    from balint.coding.tests.factories import world_analysis

    return world_analysis(w)


def _suggestion(w):
    """A pending code suggestion on the world's coded source (made once per world)."""
    cached = getattr(w, "_insights_suggestion", None)
    if cached is not None:
        return cached
    from balint.insights.models import Suggestion

    analysis = _analysis(w)
    suggestion = Suggestion.objects.create(
        program=w.program,
        kind=Suggestion.Kind.CODE,
        source=analysis.source,
        start=64,
        end=108,
        passage=analysis.source.text[64:108],
        theme=analysis.other_theme,
        value=analysis.other_theme.name,
        score=0.5,
        source_ids=[analysis.source.pk],
    )
    w._insights_suggestion = suggestion
    return suggestion


ROUTES = [
    route("insights:assistance", *CODERS, args=_slug),
    route(
        "insights:themes_run",
        *CODERS,
        args=lambda w: [_analysis(w).source.program.slug],
        method="post",
        data=lambda w: {"engine": "tfidf", "scope": "uncoded"},
    ),
    route("insights:evaluate", *CODERS, args=lambda w: [_analysis(w).source.program.slug], method="post"),
    route("insights:source", *CODERS, args=lambda w: [_analysis(w).source.code]),
    route("insights:source_suggest", *CODERS, args=lambda w: [_analysis(w).source.code], method="post"),
    route("insights:accept", *CODERS, args=lambda w: [_suggestion(w).code], method="post"),
    route("insights:reject", *CODERS, args=lambda w: [_suggestion(w).code], method="post"),
]
