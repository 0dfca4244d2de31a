"""Every exchange URL, with the personas allowed: exports for the program's admins, leaders and analysts;
imports for coders (leaders, analysts); the program backup for admins."""

from balint.core.testing.access import route

VIEWERS = ("administrator", "leader", "analyst")


def _slug(w) -> list:
    return [w.program.slug]


def _pending(w) -> list:
    from balint.exchange.models import PendingImport

    pending = PendingImport.objects.create(
        program=w.program, uploaded_by=w.leader, format="qdc", file_name="c.qdc", data=b"<x/>", sha256="0"
    )
    return [pending.code]


ROUTES = [
    route("exchange:home", *VIEWERS, args=_slug),
    route("exchange:export", *VIEWERS, args=lambda w: [w.program.slug, "qdc"], method="post"),
    route("exchange:table", *VIEWERS, args=lambda w: [w.program.slug, "codings", "csv"]),
    route("exchange:table", "administrator", "leader", args=lambda w: [w.program.slug, "attendance", "xlsx"]),
    route("exchange:table", "administrator", "leader", args=lambda w: [w.program.slug, "polls", "csv"]),
    route("exchange:table", *VIEWERS, args=lambda w: [w.program.slug, "transcripts", "csv"]),
    route("exchange:import", "leader", "analyst", args=_slug),
    route("exchange:backup", "administrator", args=_slug, method="post"),
    route("exchange:import_preview", "leader", args=_pending),
]
