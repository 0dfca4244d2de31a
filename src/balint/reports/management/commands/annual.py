from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from balint.core.errors import ApplicationError
from balint.programs.models import Program
from balint.reports.annual import annual_packet_build, render_packet_docx, render_packet_pdf
from balint.reports.management.commands.report import _date


class Command(BaseCommand):
    help = (
        "Write the annual program evaluation packet (ACGME V.C.1 shape) for an academic year as PDF or DOCX. "
        "Example: balint annual --program demo --year 2025 -o annual-2025.pdf"
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--program", required=True, help="the program's slug")
        parser.add_argument(
            "--year", type=int, required=True, help="the academic year's first year, e.g. 2025"
        )
        parser.add_argument("-o", "--output", required=True, help="FILE.pdf or FILE.docx")
        parser.add_argument("--date", default="", help="the issue date printed on it (default: today)")

    def handle(self, *args, program: str, year: int, output: str, date: str, **options) -> None:
        target = Program.objects.filter(slug=program).first()
        if target is None:
            raise CommandError(f"No program with the slug {program!r}.")
        path = Path(output)
        if path.suffix.lower() not in {".pdf", ".docx"}:
            raise CommandError(f"-o {output!r}: the file name must end in .pdf or .docx.")
        if not path.parent.exists():
            raise CommandError(f"-o {output!r}: the folder {str(path.parent)!r} does not exist.")
        if not 2000 <= year <= 2100:
            raise CommandError("--year is the year the academic year starts, e.g. 2025.")
        issued = _date(date, "--date") if date else timezone.localdate(timezone=target.zone)
        try:
            packet = annual_packet_build(program=target, academic_year=year, issued=issued)
        except ApplicationError as error:
            raise CommandError(error.message) from None
        data = render_packet_pdf(packet) if path.suffix.lower() == ".pdf" else render_packet_docx(packet)
        path.write_bytes(data)
        saved = "saved words" if packet.evaluation.pk else "no words saved yet"
        self.stdout.write(
            f"Wrote {path} ({len(data) // 1024 or 1} KB): {packet.title}, {saved}, "
            f"{len(packet.actions)} actions, {len(packet.scales)} scales."
        )
