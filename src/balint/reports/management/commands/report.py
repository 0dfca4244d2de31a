import datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from balint.core.errors import ApplicationError
from balint.programs.models import Group, Program
from balint.reports.builder import report_build
from balint.reports.render import render_html, render_pdf


def _date(value: str, name: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"{name} {value!r} is not a date such as 2025-07-01 (YYYY-MM-DD).") from None


class Command(BaseCommand):
    help = (
        "Write the program-evaluation report for a date range as a PDF or an HTML file. "
        "Example: balint report --program demo --from 2025-01-01 --to 2025-12-31 -o evaluation-2025.pdf"
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--program", required=True, help="the program's slug")
        parser.add_argument("--from", dest="date_from", required=True, help="first day, YYYY-MM-DD")
        parser.add_argument("--to", dest="date_to", required=True, help="last day, YYYY-MM-DD")
        parser.add_argument("-o", "--output", required=True, help="FILE.pdf or FILE.html")
        parser.add_argument("--group", default="", help="only this group (its name)")
        parser.add_argument(
            "--by",
            choices=["month", "quarter", "year"],
            default="",
            help="period of the figures (default: month up to a year, quarter up to five)",
        )
        parser.add_argument("--date", default="", help="the report date printed on it (default: today)")
        parser.add_argument(
            "--roster",
            action="store_true",
            help="add an attendance roster naming each resident (keep the file within the program)",
        )

    def handle(
        self,
        *args,
        program: str,
        date_from: str,
        date_to: str,
        output: str,
        group: str,
        by: str,
        date: str,
        roster: bool,
        **options,
    ) -> None:
        target = Program.objects.filter(slug=program).first()
        if target is None:
            known = (
                ", ".join(Program.objects.order_by("slug").values_list("slug", flat=True)[:10]) or "none yet"
            )
            raise CommandError(f"No program with the slug {program!r} (programs: {known}).")
        start, end = _date(date_from, "--from"), _date(date_to, "--to")
        path = Path(output)
        if path.suffix.lower() not in {".pdf", ".html", ".htm"}:
            raise CommandError(f"-o {output!r}: the file name must end in .pdf or .html.")
        if not path.parent.exists():
            raise CommandError(f"-o {output!r}: the folder {str(path.parent)!r} does not exist.")
        chosen = None
        if group:
            chosen = Group.objects.filter(program=target, name=group).first()
            if chosen is None:
                raise CommandError(f"No group named {group!r} in {target.slug}.")
        issued = _date(date, "--date") if date else timezone.localdate(timezone=target.zone)
        try:
            report = report_build(
                program=target,
                date_from=start,
                date_to=end,
                issued=issued,
                group=chosen,
                roster=roster,
                granularity=by,
                coder_names=True,  # the installation's operator
            )
        except ApplicationError as error:
            raise CommandError(error.message) from None
        if path.suffix.lower() == ".pdf":
            path.write_bytes(render_pdf(report))
        else:
            path.write_text(render_html(report), encoding="utf-8")
        m = report.methods
        self.stdout.write(
            f"Wrote {path} ({path.stat().st_size // 1024 or 1} KB): {report.scope}, {start} to {end}, "
            f"{m.sessions_held} sessions, {m.surveys_shown} surveys, {m.codings} coded passages."
        )
