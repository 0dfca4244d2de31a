"""The query planner's statistics after a bulk load.

PostgreSQL plans each query from per-table statistics that only ANALYZE gathers (autovacuum runs it once
enough rows changed, if autovacuum is on). Right after thousands of rows arrive in one go, or in a database
cloned from a template that was never analysed, the planner knows nothing of them: it takes a program's
5,000 sources for a few dozen and picks nested loops over them. Measured on the demo at 100x: the theme
timeline's recompute read 68,000 buffers instead of 5,000, the leadership card 27,000 instead of 860.
SQLite's planner likewise reads `sqlite_stat1`, which only ANALYZE writes.
"""

from __future__ import annotations

from django.db import DEFAULT_DB_ALIAS, connections


def refresh_statistics(*, using: str = DEFAULT_DB_ALIAS) -> bool:
    """ANALYZE the whole database (PostgreSQL, SQLite); False for a database that has no such statement."""
    connection = connections[using]
    if connection.vendor not in ("postgresql", "sqlite"):
        return False
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return True
