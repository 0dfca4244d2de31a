"""The import takes the formats exchange/formats.py lists as importable REFI-QDA formats, and no other."""

import pytest

from balint.core.errors import ApplicationError
from balint.exchange import qda
from balint.exchange.refi_qda import qdc_bytes
from balint.exchange.refi_qda.tests.helpers import sample_project


@pytest.mark.parametrize("name", ["csv", "xlsx", "zip", "ics", "docx", ""])
def test_it_refuses_a_format_the_registry_does_not_list_as_refi_qda_import(world, name):
    before = qda.theme_counts(world.program)
    with pytest.raises(ApplicationError, match="Unknown format"):
        qda.refi_import(program=world.program, data=b"x", file_format=name)
    assert qda.theme_counts(world.program) == before


def test_it_reads_the_registered_extension_in_any_spelling(world):
    summary = qda.refi_import(program=world.program, data=qdc_bytes(sample_project()), file_format=".QDC")
    assert summary.committed and summary.file_format == "qdc" and summary.themes_new + summary.themes_matched
