"""Exchange in the browser: a leader exports a .qdpx through its job page, then imports a .qdc codebook
(preview, then confirm) and finds the new themes in the codebook; a leader exports for QualCoder (code
points) and imports an NVivo file with emoji (UTF-16), whose preview names the unit."""

import io
import zipfile
from pathlib import Path

import pytest
from conftest import PASSWORD
from django.urls import reverse

from balint.coding.models import Coding, Theme
from balint.exchange.refi_qda import Code, Project, qdc_bytes
from balint.exchange.refi_qda.tests import helpers
from balint.exchange.tests.factories import build_analysis
from tests.e2e.conftest import sign_in

pytestmark = pytest.mark.browser


def test_a_leader_exports_a_project_then_imports_a_codebook_after_its_preview(page, world, tmp_path):
    build_analysis(world)
    page.set_default_timeout(30_000)  # the export and import jobs run inside the request (immediate backend)
    sign_in(page, "leader1", PASSWORD)

    # Reach the exchange page from the analysis navigation, then export the project as a job.
    page.goto(reverse("coding:codebook", args=[world.program.slug]))
    page.get_by_role("navigation", name="Analysis").get_by_role("link", name="Import and export").click()
    page.get_by_role("heading", name="Import and export", level=1).wait_for()
    page.get_by_role("button", name="Export project (.qdpx)").click()
    page.wait_for_url("**/jobs/**")
    page.get_by_text("Done").wait_for()
    with page.expect_download() as caught:
        page.get_by_role("link", name="Download lakeside-analysis.qdpx").click()
    download = caught.value
    assert download.suggested_filename == "lakeside-analysis.qdpx"
    archive = zipfile.ZipFile(io.BytesIO(Path(download.path()).read_bytes()))
    assert "project.qde" in archive.namelist()
    assert b"Feelings toward patients" in archive.read("project.qde")

    # Import a codebook from another tool: a preview first, nothing added until confirmed.
    codebook = tmp_path / "wellbeing.qdc"
    codebook.write_bytes(
        qdc_bytes(
            Project(
                name="Other tool",
                codes=[
                    Code(
                        guid="6A1D0E5C-9C1B-4F5E-8D55-1F6E2B7C9A01",
                        name="Physician well-being",
                        color="#33AA55",
                        children=[Code(guid="6A1D0E5C-9C1B-4F5E-8D55-1F6E2B7C9A02", name="Burnout")],
                    ),
                    Code(guid="6A1D0E5C-9C1B-4F5E-8D55-1F6E2B7C9A03", name="Anger"),  # already here
                ],
            )
        )
    )
    before = Theme.objects.filter(program=world.program).count()
    page.goto(reverse("exchange:home", args=[world.program.slug]))
    page.get_by_label("File").set_input_files(str(codebook))
    page.get_by_role("button", name="Preview the import").click()
    page.get_by_role("heading", name="Import “wellbeing.qdc”").wait_for()
    themes_row = page.get_by_role("row", name="Themes")
    assert themes_row.get_by_role("cell").nth(1).inner_text() == "2"  # new
    assert themes_row.get_by_role("cell").nth(2).inner_text() == "1"  # matched by name
    assert Theme.objects.filter(program=world.program).count() == before

    page.get_by_role("button", name="Import now").click()
    page.wait_for_url("**/jobs/**")
    page.get_by_text("imported 2 new themes (1 matched)").wait_for()
    page.get_by_role("link", name="Open the result").click()
    page.wait_for_url(f"**{reverse('coding:codebook', args=[world.program.slug])}")
    page.get_by_text("Physician well-being").first.wait_for()
    page.get_by_text("Burnout").first.wait_for()
    burnout = Theme.objects.get(program=world.program, name="Burnout")
    assert burnout.parent.name == "Physician well-being" and burnout.parent.colour == "#33aa55"
    assert Theme.objects.filter(program=world.program).count() == before + 2


def test_a_leader_exports_for_qualcoder_then_imports_an_nvivo_file_with_emoji(page, world, tmp_path):
    build_analysis(world)
    page.set_default_timeout(30_000)
    sign_in(page, "leader1", PASSWORD)

    # The exporter names the tool that will read the file; QualCoder counts code points.
    page.goto(reverse("exchange:home", args=[world.program.slug]))
    page.get_by_label("The tool that will read it").select_option(label="QualCoder (Unicode code points)")
    page.get_by_role("button", name="Export project (.qdpx)").click()
    page.wait_for_url("**/jobs/**")
    page.get_by_text("Done").wait_for()
    with page.expect_download() as caught:
        page.get_by_role("link", name="Download lakeside-analysis.qdpx").click()
    qde = zipfile.ZipFile(io.BytesIO(Path(caught.value.path()).read_bytes())).read("project.qde").decode()
    assert 'origin="Balint (positions: Unicode code points)"' in qde
    codings = Coding.objects.filter(source__program=world.program)
    coding = next(c for c in codings if c.quote == "The group stayed quiet.")  # quotes are encrypted at rest
    # After "😠" a code-point position is one less than a UTF-16 one: the file carries the code points.
    assert f'startPosition="{coding.start}" endPosition="{coding.end}"' in qde

    # An NVivo file counts UTF-16 code units; the preview says so, and the import lands on the right text.
    nvivo = tmp_path / "interview.qdpx"
    nvivo.write_bytes(helpers.nvivo_emoji_qdpx())
    page.goto(reverse("exchange:home", args=[world.program.slug]))
    page.get_by_label("File").set_input_files(str(nvivo))
    page.get_by_role("button", name="Preview the import").click()
    page.get_by_role("heading", name="Import “interview.qdpx”").wait_for()
    page.get_by_text("Selections were read as UTF-16 code units").wait_for()
    page.get_by_role("button", name="Import now").click()
    page.wait_for_url("**/jobs/**")
    page.get_by_text("imported 1 new themes").wait_for()
    quotes = Coding.objects.filter(source__program=world.program, source__title="Interview 7")
    assert sorted(c.quote for c in quotes) == sorted(helpers.EMOJI_FRAGMENTS)
