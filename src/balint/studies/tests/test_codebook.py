"""The shared codebook can be imported as .qdc into the study; a bad file is refused whole."""

from conftest import PASSWORD
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from balint.coding.models import Theme
from balint.coding.services import theme_create
from balint.exchange.qda import qdc_export
from balint.studies.tests.factories import make_study


def test_it_imports_a_qdc_codebook_into_the_study_and_refuses_a_broken_one(client, world):
    theme_create(program=world.program, name="Resident's own feelings")
    theme_create(program=world.program, name="Narcotic contracts")
    data = qdc_export(program=world.program)
    study = make_study(world.administrator)
    client.login(username=world.administrator.user.username, password=PASSWORD)
    url = reverse("studies:codebook_import", args=[study.code])
    broken = client.post(url, {"file": SimpleUploadedFile("book.qdc", data[: len(data) // 2])})
    assert broken.status_code == 422
    assert not Theme.objects.filter(program=study.workspace).exists()
    done = client.post(url, {"file": SimpleUploadedFile("book.qdc", data)})
    assert done.status_code == 302
    names = set(Theme.objects.filter(program=study.workspace).values_list("name", flat=True))
    assert names == {"Resident's own feelings", "Narcotic contracts"}
    # The program's own codebook is not the study's: nothing moved the other way.
    assert Theme.objects.filter(program=world.program).count() == 2
