"""Background work of the exchange pages: exports, confirmed imports and program backups, as jobs."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from balint.core.errors import ApplicationError
from balint.core.jobs import job_running
from balint.exchange import qda
from balint.exchange.backup.writer import backup_bytes
from balint.exchange.models import PendingImport
from balint.programs.access import roles_for
from balint.programs.models import Person, Program


@task()
def export_task(
    job_code: str, program_code: str, person_code: str, file_format: str, position_unit: str = "utf16"
) -> None:
    with job_running(job_code) as job:
        program = Program.objects.get(code=program_code)
        person = Person.objects.select_related("user").get(code=person_code)
        roles = roles_for(person.user, program)
        if not roles.can_view_program():
            raise ApplicationError("Your role in this program no longer allows exports.")
        job.step(10, "Collecting the analysis")
        if file_format == "qdpx":
            data = qda.qdpx_export(
                program=program, scope=qda.export_scope(program, roles), position_unit=position_unit
            )
            name, content_type = f"{program.slug}-analysis.qdpx", "application/zip"
        else:
            data = qda.qdc_export(program=program)
            name, content_type = f"{program.slug}-codebook.qdc", "application/xml"
        job.finish(
            output=data, name=name, content_type=content_type, result={"summary": f"{len(data):,} bytes"}
        )


@task()
def import_task(job_code: str, pending_code: str) -> None:
    with job_running(job_code) as job:
        pending = PendingImport.objects.select_related("program", "uploaded_by").get(code=pending_code)
        if pending.imported_at is not None:
            raise ApplicationError("This file was already imported.")
        job.step(10, f"Importing {pending.file_name}")
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
def backup_task(job_code: str, program_code: str) -> None:
    with job_running(job_code) as job:
        program = Program.objects.get(code=program_code)
        job.step(10, "Writing every record of the program, sealing what only the operator may read")
        data, summary = backup_bytes(program=program, sealed=True)
        stamp = timezone.localdate().isoformat()
        job.finish(
            output=data,
            name=f"{program.slug}-backup-{stamp}.zip",
            content_type="application/zip",
            result={"summary": summary.line()},
        )
