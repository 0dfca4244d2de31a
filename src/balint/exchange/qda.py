"""The REFI-QDA format's door for the rest of Balint: export and import between the analysis and .qdpx/.qdc.

The work is done in `balint.exchange.refi_qda`: `project` (the analysis → a neutral Project, the export),
`importer` with `people` and `import_sources` (a file → the analysis, all or nothing), `summary` (what an
import did or would do), `guids` (stable GUIDs across tools), and the database-free `model`, `reader` and
`writer`. Coders' pseudonyms are `balint.privacy.pseudonyms.pseudonym`.
"""

from balint.exchange.refi_qda.importer import refi_import
from balint.exchange.refi_qda.project import (
    VAR_KIND,
    ExportScope,
    export_scope,
    project_build,
    qdc_export,
    qdpx_export,
)
from balint.exchange.refi_qda.summary import ImportSummary, theme_counts

__all__ = [
    "VAR_KIND",
    "ExportScope",
    "ImportSummary",
    "export_scope",
    "project_build",
    "qdc_export",
    "qdpx_export",
    "refi_import",
    "theme_counts",
]
