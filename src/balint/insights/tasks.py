"""Background work of analysis assistance: candidate themes and quality evaluation, as jobs with progress."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django_tasks import task

from balint.core.jobs import job_running
from balint.insights.models import ThemeRun
from balint.insights.services import theme_run_execute
from balint.programs.models import Person, Program


@task()
def theme_run_task(job_code: str, run_code: str) -> None:
    with job_running(job_code) as job:
        run = ThemeRun.objects.select_related("program", "requested_by").get(code=run_code)
        try:
            run = theme_run_execute(run=run, progress=job.step)
        except Exception:
            ThemeRun.objects.filter(pk=run.pk).update(status=ThemeRun.Status.FAILED)
            raise
        url = reverse("insights:assistance", args=[run.program.slug])
        job.finish(
            result={
                "url": url,
                "summary": f"{run.n_themes} candidate themes from {run.n_passages:,} passages "
                f"({run.engine_used}).",
            }
        )


@task()
def evaluation_task(job_code: str, program_code: str, person_code: str) -> None:
    from balint.insights.evaluation import program_evaluate  # scikit-learn loads with the task, not the site

    with job_running(job_code) as job:
        program = Program.objects.get(code=program_code)
        person = Person.objects.filter(code=person_code).first()
        evaluation, _created = program_evaluate(program=program, person=person, progress=job.step)
        code = evaluation.result.get("code", {})
        # The job runs in the requester's language (core.jobs), so the summary is read in it.
        summary = (
            _("Code suggestions: macro-F1 %(f1).2f against %(baseline).2f for the baseline.")
            % {"f1": code["macro_f1"], "baseline": code["baseline_macro_f1"]}
            if "macro_f1" in code
            else _("Measured; see the figures.")
        )
        job.finish(result={"url": reverse("insights:assistance", args=[program.slug]), "summary": summary})
