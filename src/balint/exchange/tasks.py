"""Background work of the exchange pages: exports, confirmed imports and program backups, as jobs."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django_tasks import task

from balint.core.errors import ApplicationError
from balint.core.jobs import job_running
from balint.exchange import qda
from balint.exchange.models import PendingImport
from balint.exchange.services import backup_export, codebook_export, project_export
from balint.programs.access import Roles, roles_for
from balint.programs.models import Person, Program


@task()
def export_task(
    job_code: str, program_code: str, person_code: str, file_format: str, position_unit: str = "utf16"
) -> None:
    with job_running(job_code) as job:
        program = Program.objects.get(code=program_code)
        roles = _roles(person_code, program)
        job.step(10, _("Collecting the analysis"))
        if file_format == "qdpx":
            file = project_export(
                program=program, roles=roles, position_unit=position_unit, ip=job.requested_from
            )
        else:
            file = codebook_export(program=program, roles=roles, ip=job.requested_from)
        job.finish(
            output=file.data,
            name=file.name,
            content_type=file.content_type,
            result={
                "summary": _("{size} bytes").format(size=number_format(len(file.data), force_grouping=True))
            },
        )


def _roles(person_code: str, program: Program) -> Roles:
    """The requester's roles now (a role withdrawn since the request no longer exports)."""
    person = Person.objects.select_related("user").get(code=person_code)
    return roles_for(person.user, program)


@task()
def import_task(job_code: str, pending_code: str) -> None:
    with job_running(job_code) as job:
        pending = PendingImport.objects.select_related("program", "uploaded_by").get(code=pending_code)
        if pending.imported_at is not None:
            raise ApplicationError(_("This file was already imported."))
        job.step(10, _("Importing {file}").format(file=pending.file_name))
        confirmed = pending.preview.get("mapping") or {}
        people = {str(p.code): p for p in Person.objects.filter(code__in=list(confirmed.values()))}
        summary = qda.refi_import(
            program=pending.program,
            data=bytes(pending.data),
            file_format=pending.format,
            importer=pending.uploaded_by,
            deidentified=pending.deidentified,
            mapping={guid: people[code] for guid, code in confirmed.items() if code in people},
        )
        # The upload is no longer needed once imported; keep only the summary.
        PendingImport.objects.filter(pk=pending.pk).update(
            imported_at=timezone.now(), data=b"", preview=summary.as_dict()
        )
        job.finish(
            result={
                "summary": summary.line(),
                "url": reverse("coding:codebook", args=[pending.program.slug]),
            }
        )


@task()
def backup_task(job_code: str, program_code: str, person_code: str = "") -> None:
    with job_running(job_code) as job:
        program = Program.objects.get(code=program_code)
        # A job queued before the requester was passed along is the job's own requester's.
        roles = _roles(person_code or str(job.requested_by.code), program)
        job.step(10, _("Writing every record of the program, sealing what only the operator may read"))
        file = backup_export(program=program, roles=roles, ip=job.requested_from)
        job.finish(
            output=file.data, name=file.name, content_type=file.content_type, result={"summary": file.summary}
        )
