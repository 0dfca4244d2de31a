"""Leader development pages: the leader's own log, debriefs, certification paths, progress and exports.

One module per subject: `log` (entries and debriefs), `paths`, `progress` (with the exports).
"""

from balint.leaders.views.log import (
    ENTRY_KINDS,
    EntryKind,
    debrief,
    debrief_delete,
    debriefs,
    entry_delete,
    entry_edit,
    entry_new,
    home_panel,
    log,
)
from balint.leaders.views.paths import (
    path_detail,
    path_edit,
    path_follow,
    path_new,
    paths,
)
from balint.leaders.views.progress import (
    export_pdf,
    export_xlsx,
    progress,
    progress_settings,
    progress_share,
    progress_stop,
    shared,
)

__all__ = [
    "EntryKind",
    "ENTRY_KINDS",
    "home_panel",
    "log",
    "entry_new",
    "entry_edit",
    "entry_delete",
    "debrief",
    "debrief_delete",
    "debriefs",
    "paths",
    "path_detail",
    "path_new",
    "path_edit",
    "path_follow",
    "progress",
    "progress_settings",
    "progress_share",
    "progress_stop",
    "export_xlsx",
    "export_pdf",
    "shared",
]
