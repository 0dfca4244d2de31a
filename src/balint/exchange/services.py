"""The exchange app's export use cases, one service each: it builds the file AND writes the audit entry.

The web page (through its job), the API and the command line all call these, so every door leaves the same
entry: action "exported", the object type named here, the program's code, the program, and the person
(the command line, the installation's operator, is recorded as `balint export/backup (command line)`).
"""

from __future__ import annotations

import hashlib
from typing import IO

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from balint.core.downloads import ExportFile
from balint.core.errors import ApplicationError
from balint.exchange import qda
from balint.exchange.backup.writer import BackupSummary, backup_bytes, backup_write
from balint.exchange.models import PendingImport
from balint.exchange.spreadsheets.tables import TABLES
from balint.exchange.spreadsheets.writer import Sheet, csv_bytes, csv_chunks, xlsx_bytes, xlsx_chunks
from balint.privacy.audit import audit_record
from balint.programs.access import Roles
from balint.programs.models import Person, Program

CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
POSITION_UNITS = ("utf16", "codepoints")


def export_audit(
    *,
    program: Program | None,
    roles: Roles | None,
    object_type: str,
    command: str = "balint export",
    request: HttpRequest | None = None,
    ip: str | None = None,
) -> None:
    """The one audit entry of an export; `roles` None is the command line (the installation's operator).

    A background job passes `ip`, the address of the request that queued it."""
    audit_record(
        action="exported",
        request=request,
        ip=ip,
        person=roles.person if roles is not None else None,
        actor_label="" if roles is not None else f"{command} (command line)",
        object_type=object_type,
        object_code=program.code if program is not None else "",
        program=program,
    )


def _allowed(roles: Roles | None, allowed: bool) -> None:
    if roles is not None and not allowed:
        raise ApplicationError(_("Your role in this program does not allow this export."))


def project_export(
    *,
    program: Program,
    roles: Roles | None,
    position_unit: str = "utf16",
    pseudonymous: bool = False,
    request: HttpRequest | None = None,
    ip: str | None = None,
) -> ExportFile:
    """The analysis as a REFI-QDA project, limited to what `roles` may export (None: every source)."""
    _allowed(roles, roles is None or roles.can_view_program())
    if position_unit not in POSITION_UNITS:
        raise ApplicationError(
            _("No such position unit: {position_unit!r}.").format(position_unit=position_unit),
            extra={"field": "positions"},
        )
    scope = (
        qda.export_scope(program, pseudonymous=pseudonymous)
        if roles is None
        else qda.export_scope(program, roles, pseudonymous=pseudonymous)
    )
    data = qda.qdpx_export(program=program, scope=scope, position_unit=position_unit)
    export_audit(program=program, roles=roles, object_type="qdpx", request=request, ip=ip)
    return ExportFile(
        data, f"{program.slug}-analysis.qdpx", "application/zip", f"{scope.sources.count()} sources"
    )


def codebook_export(
    *, program: Program, roles: Roles | None, request: HttpRequest | None = None, ip: str | None = None
) -> ExportFile:
    """The active codebook as a REFI-QDA codebook; an empty codebook is refused."""
    _allowed(roles, roles is None or roles.can_view_program())
    data = qda.qdc_export(program=program)
    export_audit(program=program, roles=roles, object_type="qdc", request=request, ip=ip)
    return ExportFile(data, f"{program.slug}-codebook.qdc", "application/xml", "the codebook")


def table_export(
    *,
    program: Program,
    roles: Roles | None,
    key: str,
    extension: str,
    request: HttpRequest | None = None,
    stream: bool = False,
) -> ExportFile:
    """One exchange table as CSV or XLSX, limited to what `roles` may see (None: everything).

    With `stream` the file's `chunks` produce it as they are read (the rows come from the database in
    batches, the XLSX through a temporary file), in constant memory whatever the number of rows.
    """
    table = TABLES.get(key)
    if table is None:
        raise ApplicationError(_("No such table: {key!r}.").format(key=key), extra={"field": "table"})
    if extension not in {"csv", "xlsx"}:
        raise ApplicationError(
            _("No such format: {extension!r}.").format(extension=extension), extra={"field": "format"}
        )
    _allowed(roles, roles is None or table.allowed(roles))
    name, content_type = f"{program.slug}-{key}.{extension}", CSV_TYPE if extension == "csv" else XLSX_TYPE
    rows = table.rows(program, roles)
    # Titles and headers in the language of the request (or job), fixed now: a stream is written later.
    title, header = str(table.title), [str(h) for h in table.header]
    export_audit(program=program, roles=roles, object_type=f"table {key}", request=request)
    if stream:
        sheet = Sheet(title=title, header=header, rows=rows)
        chunks = csv_chunks(header, rows) if extension == "csv" else xlsx_chunks([sheet])
        return ExportFile(b"", name, content_type, title, chunks=chunks)
    rows = list(rows)
    data = csv_bytes(header, rows) if extension == "csv" else xlsx_bytes(title, header, rows)
    summary = ngettext("{count} row of {table}", "{count} rows of {table}", len(rows)).format(
        count=len(rows), table=title
    )
    return ExportFile(data, name, content_type, summary)


def backup_export(*, program: Program, roles: Roles, ip: str | None = None) -> ExportFile:
    """A program's backup for one of its administrators: sealed (what they may not read stays under the
    installation's key)."""
    _allowed(roles, roles.can_manage_program())
    data, summary = backup_bytes(program=program, sealed=True)
    export_audit(program=program, roles=roles, object_type="backup", ip=ip)
    stamp = timezone.localdate().isoformat()
    return ExportFile(data, f"{program.slug}-backup-{stamp}.zip", "application/zip", summary.line())


def backup_export_to(target: IO[bytes], *, program: Program | None) -> BackupSummary:
    """The operator's backup (the whole installation, or one program) written to `target`, unsealed."""
    summary = backup_write(target, program=program)
    export_audit(program=program, roles=None, object_type="backup", command="balint backup")
    return summary


# ---- REFI-QDA import: the upload waits, previewed, until its uploader confirms it --------------------------


def pending_import_create(
    *,
    program: Program,
    person: Person,
    file_name: str,
    file_format: str,
    data: bytes,
    deidentified: bool,
    preview: dict,
) -> PendingImport:
    """Keep an uploaded file (encrypted at rest) with its dry-run preview until its uploader confirms it."""
    return PendingImport.objects.create(
        program=program,
        uploaded_by=person,
        format=file_format,
        file_name=(file_name or "upload")[:200],
        data=data,
        sha256=hashlib.sha256(data).hexdigest(),
        deidentified=deidentified,
        preview=preview,
    )


def pending_import_map(*, pending: PendingImport, mapping: dict[str, str]) -> None:
    """Record the coder attributions a leader confirmed (file user GUID -> member code) for the import."""
    pending.preview = {**pending.preview, "mapping": mapping}
    PendingImport.objects.filter(pk=pending.pk).update(preview=pending.preview)
