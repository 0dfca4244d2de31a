"""The report as a background job: progress on the job page, the file as its download."""

import datetime

from django.utils.text import slugify
from django.utils.translation import gettext as _
from django_tasks import task

from balint.core.errors import ApplicationError
from balint.core.jobs import job_running
from balint.programs.models import Group, Program
from balint.reports.builder import report_build
from balint.reports.render import render_html, render_pdf


def report_filename(
    program: Program,
    date_from: datetime.date,
    date_to: datetime.date,
    output: str,
    group: Group | None = None,
) -> str:
    scope = f"-{slugify(group.name)}" if group else ""
    return f"{program.slug}{scope}-evaluation-{date_from:%Y-%m-%d}-to-{date_to:%Y-%m-%d}.{output}"


@task()
def report_task(
    job_code: str,
    program_code: str,
    date_from: str,
    date_to: str,
    issued: str,
    group_code: str = "",
    output: str = "pdf",
    roster: bool = False,
    granularity: str = "",
    coder_names: bool = False,
) -> None:
    with job_running(job_code) as job:
        program = Program.objects.filter(code=program_code).first()
        if program is None:
            raise ApplicationError(_("The program no longer exists."))
        group = Group.objects.filter(program=program, code=group_code).first() if group_code else None
        if group_code and group is None:
            raise ApplicationError(_("The group no longer exists."))
        start, end = datetime.date.fromisoformat(date_from), datetime.date.fromisoformat(date_to)
        report = report_build(
            program=program,
            date_from=start,
            date_to=end,
            issued=datetime.date.fromisoformat(issued),
            group=group,
            roster=roster,
            granularity=granularity,
            progress=job.step,
            coder_names=coder_names,
        )
        job.step(90, _("Drawing the charts and the pages"))
        if output == "html":
            data, content_type = render_html(report).encode(), "text/html; charset=utf-8"
        else:
            data, content_type = render_pdf(report), "application/pdf"
        job.result = {
            "summary": _("{sessions} sessions, {codings} coded passages").format(
                sessions=report.methods.sessions_held, codings=report.methods.codings
            )
        }
        job.finish(
            output=data,
            name=report_filename(program, start, end, output, group),
            content_type=content_type,
            result=job.result,
        )


@task()
def annual_task(
    job_code: str, program_code: str, academic_year: int, issued: str, output: str = "pdf"
) -> None:
    from balint.reports.annual import (
        annual_packet_build,
        packet_filename,
        render_packet_docx,
        render_packet_pdf,
    )

    with job_running(job_code) as job:
        program = Program.objects.filter(code=program_code).first()
        if program is None:
            raise ApplicationError(_("The program no longer exists."))
        packet = annual_packet_build(
            program=program,
            academic_year=academic_year,
            issued=datetime.date.fromisoformat(issued),
            progress=job.step,
        )
        job.step(85, _("Writing the document"))
        if output == "docx":
            data = render_packet_docx(packet)
            content_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        else:
            data, content_type = render_packet_pdf(packet), "application/pdf"
        job.finish(
            output=data,
            name=packet_filename(packet, output),
            content_type=content_type,
            result={
                "summary": _("{actions} actions, {scales} scales").format(
                    actions=len(packet.actions), scales=len(packet.scales)
                )
            },
        )
