"""The annual packet's scored-scale tables stay inside the page: laid out by WeasyPrint as the PDF is, no
box reaches past the right margin, even for three subscales, a before/after split by cohort and long
titles; on screen each wide table scrolls inside its own box instead of widening the page."""

import datetime
import random
import re

import pytest

from balint.programs.models import Cohort, GroupPolicy
from balint.reports.annual import annual_evaluation_start, annual_packet_build, render_packet_html
from balint.surveys.scales.services import score_set_create

pytestmark = pytest.mark.django_db


def _sets(world):
    rng = random.Random(7)
    other = Cohort.objects.create(
        program=world.program, name="Class of 2028 (categorical track)", entry_year=2025
    )
    GroupPolicy.objects.create(
        group=world.group, effective_from=datetime.date(2025, 11, 1), format=GroupPolicy.Format.TRADITIONAL
    )
    for cohort in (world.cohort, other):
        for day in (datetime.date(2025, 9, 15), datetime.date(2026, 3, 15)):
            rows = [
                {"ee": str(rng.randint(0, 54)), "dp": str(rng.randint(0, 30)), "pa": str(rng.randint(0, 48))}
                for _ in range(12)
            ]
            score_set_create(
                program=world.program,
                scale_key="mbi-hss-mp",
                title=f"Maslach Burnout Inventory, {cohort.name}, administered {day:%B %Y} under our licence",
                collected_on=day,
                rows=rows,
                cohort=cohort,
                invited=14,
            )


def _overflowing(html: str) -> list[str]:
    from weasyprint import HTML

    document = HTML(string=html).render()
    found = []
    for number, page in enumerate(document.pages, start=1):
        root = page._page_box
        right = root.margin_width() - root.margin_right - root.border_right_width - root.padding_right
        for box in root.descendants():
            if type(box).__name__ in ("PageBox", "MarginBox"):
                continue  # the page itself and its running header and footer
            if hasattr(box, "position_x") and isinstance(box.width, int | float):
                end = box.position_x + box.margin_width()
                if end > right + 1:
                    found.append(f"page {number}: {type(box).__name__} ends at {end:.0f} > {right:.0f}")
    return found


def test_it_keeps_every_scale_table_inside_the_printed_page(world):
    _sets(world)
    annual_evaluation_start(program=world.program, academic_year=2025, person=world.leader)
    packet = annual_packet_build(program=world.program, academic_year=2025, issued=datetime.date(2026, 7, 1))
    html = render_packet_html(packet)
    assert "Before and after by cohort" in html and "Class of 2028" in html  # the widest table is there
    assert _overflowing(html) == []
    # On screen: every scale table is inside a box that scrolls sideways (reports.css, screen only), a
    # focusable region named by the table's caption so it scrolls by keyboard too.
    tables = html.count('<table class="data scale-table">')
    wrapped = re.findall(
        r'<div class="table-wrap" role="region" tabindex="0" aria-labelledby="([^"]+)">\n'
        r'  <table class="data scale-table">\n    <caption id="([^"]+)">',
        html,
    )
    assert tables == 4 and len(wrapped) == tables and all(region == caption for region, caption in wrapped)
    assert len({region for region, _ in wrapped}) == tables
