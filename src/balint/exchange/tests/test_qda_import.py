"""Imports of real and imitated files from other tools; a dry run and a refused file change nothing."""

import pytest

from balint.coding.models import Coding, Source, Theme
from balint.core.errors import ApplicationError
from balint.exchange import qda
from balint.exchange.refi_qda.tests import helpers
from balint.programs.models import Program


@pytest.fixture
def target(db):
    return Program.objects.create(name="Target", slug="target", institution="T")


def test_it_imports_the_real_atlas_ti_and_taguette_samples(target):
    for name, fmt in [
        ("atlasti_blank-atlas-project.qdpx", "qdpx"),
        ("atlasti_target-atlas-project.qdpx", "qdpx"),
        ("taguette_expected_codebook.qdc", "qdc"),
    ]:
        summary = qda.refi_import(program=target, data=helpers.sample(name).read_bytes(), file_format=fmt)
        assert summary.committed, name
    assert Theme.objects.filter(program=target).exists()


def test_it_imports_nvivo_maxqda_and_qualcoder_imitations_with_their_coders(target, world):
    for data in (helpers.nvivo_imitation(), helpers.maxqda_imitation(), helpers.qualcoder_imitation()):
        summary = qda.refi_import(program=target, data=data, file_format="qdpx", importer=world.leader)
        assert summary.committed and summary.sources_new >= 1
    # The text is encrypted at rest: look for it in Python among the program's sources.
    sources = list(Source.objects.filter(program=target))
    assert any("helpless" in s.text for s in sources)
    (nvivo_docx,) = [s for s in sources if "Latecomers may join" in s.text]
    assert nvivo_docx.kind == Source.Kind.DOCUMENT and nvivo_docx.deidentified is False
    for coding in Coding.objects.filter(source__program=target):
        assert coding.source.text[coding.start : coding.end] == coding.quote


def test_it_imports_the_older_atlas_ti_codebook_namespace(target):
    summary = qda.refi_import(program=target, data=helpers.ATLAS_OLD_CODEBOOK.encode(), file_format="qdc")
    assert summary.themes_new >= 1


def test_it_previews_without_changing_anything(world, target):
    before = qda.theme_counts(target)
    summary = qda.refi_import(
        program=target, data=helpers.maxqda_imitation(), file_format="qdpx", dry_run=True
    )
    assert not summary.committed and summary.sources_new >= 1 and summary.unsupported
    assert qda.theme_counts(target) == before


@pytest.mark.parametrize(
    "data, words",
    [
        (b"not a zip", "zip"),
        (helpers.make_zip({"other.txt": b"x"}), "project.qde"),
        (helpers.make_zip({"../evil/project.qde": b"<x/>"}), ""),
    ],
)
def test_it_refuses_a_broken_file_with_a_clear_error_and_keeps_nothing(target, data, words):
    before = qda.theme_counts(target)
    with pytest.raises(ApplicationError) as caught:
        qda.refi_import(program=target, data=data, file_format="qdpx")
    assert words.lower() in caught.value.message.lower()
    assert qda.theme_counts(target) == before


def test_it_refuses_a_source_already_here_with_another_text_naming_it(world, target):
    from balint.exchange.tests.factories import build_analysis

    build_analysis(world)
    data = qda.qdpx_export(program=world.program, scope=qda.export_scope(world.program))
    qda.refi_import(program=target, data=data, file_format="qdpx")
    Source.objects.filter(program=target, title__startswith="Needs").update(text="changed")
    before = qda.theme_counts(target)
    with pytest.raises(ApplicationError) as caught:
        qda.refi_import(program=target, data=data, file_format="qdpx")
    assert (
        "Needs assessment answer 1" in caught.value.message and "TextSource" in caught.value.extra["element"]
    )
    assert qda.theme_counts(target) == before


def test_it_renames_a_second_code_with_the_same_name_and_says_so(target):
    from balint.exchange.refi_qda import Code, Project, new_guid, qdc_bytes

    project = Project(
        name="p",
        codes=[
            Code(
                guid=new_guid(),
                name="Other",
                children=[Code(guid=new_guid(), name="Other")],
            )
        ],
    )
    summary = qda.refi_import(program=target, data=qdc_bytes(project), file_format="qdc")
    assert sorted(Theme.objects.filter(program=target).values_list("name", flat=True)) == [
        "Other",
        "Other (2)",
    ]
    assert any("appears twice" in w for w in summary.warnings)
