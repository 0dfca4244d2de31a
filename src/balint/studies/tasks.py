"""Background work of the studies pages: the whole study as a REFI-QDA project, as a job."""

from __future__ import annotations

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django_tasks import task

from balint.core.jobs import job_running
from balint.programs.models import Person
from balint.studies.models import Study


@task()
def study_export_task(job_code: str, study_code: str, person_code: str) -> None:
    from balint.studies.services import study_qdpx

    with job_running(job_code) as job:
        study = Study.objects.select_related("workspace").get(code=study_code)
        person = Person.objects.select_related("user").get(code=person_code)
        job.step(10, _("Collecting the pooled analysis"))
        data = study_qdpx(study=study, person=person)
        job.finish(
            output=data,
            name=f"{study.workspace.slug}.qdpx",
            content_type="application/zip",
            result={"summary": _("{size} bytes").format(size=number_format(len(data), force_grouping=True))},
        )
