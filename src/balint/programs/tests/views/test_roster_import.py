import io
import re
from urllib.parse import urlsplit

from django.core import mail
from django.urls import reverse
from openpyxl import Workbook

from balint.programs.models import Person

GOOD = (
    "name,email,role,cohort,group\n"
    "Nora New,nora@example.org,resident,Class of 2029,Tuesday group\n"
    "Omar Other,omar@example.org,Leader,,\n"
)


def _upload(client, world, name: str, content: bytes):
    url = reverse("programs:roster_import", args=[world.program.slug])
    return client.post(url, {"file": _file(name, content)})


def _file(name: str, content: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content)


def test_it_previews_then_imports_everyone_and_invites_them(
    client, world, django_capture_on_commit_callbacks
):
    client.force_login(world.administrator.user)
    preview = _upload(client, world, "roster.csv", GOOD.encode())
    assert preview.status_code == 200
    page = preview.content.decode()
    assert "2 people are ready" in page and "Class of 2029" in page
    assert not Person.objects.filter(email="nora@example.org").exists()  # a preview writes nothing
    signed = re.search(r'name="rows" value="([^"]+)"', page).group(1)
    url = reverse("programs:roster_import", args=[world.program.slug])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"rows": signed})
    assert response.status_code == 302
    nora = Person.objects.get(email="nora@example.org")
    assert world.group.has_member(nora)
    assert nora.memberships.get().cohort.name == "Class of 2029"
    assert Person.objects.get(email="omar@example.org").memberships.get().role == "leader"
    assert sorted(m.to[0] for m in mail.outbox) == ["nora@example.org", "omar@example.org"]
    letter = next(m for m in mail.outbox if m.to == ["nora@example.org"])
    link = re.search(r"https?://\S+/accounts/reset/\S+/", letter.body).group(0)
    assert "Your username is: nora" in letter.body
    client.logout()
    set_password = client.get(urlsplit(link).path, follow=True)
    assert "New password" in set_password.content.decode()


def test_it_names_each_bad_row_and_imports_nothing(client, world):
    client.force_login(world.administrator.user)
    bad = (
        "name,email,role,cohort,group\n"
        "Good Person,good@example.org,resident,Class of 2027,\n"
        ",not-an-email,wizard,,\n"
        "Dup,rita@example.org,resident,,No such group\n"
        "Late,late@example.org,leader,Class of 2027,\n"
    )
    response = _upload(client, world, "roster.csv", bad.encode())
    assert response.status_code == 422
    page = response.content.decode()
    for message in [
        "The name is empty.",
        "is not an e-mail address",
        "The role “wizard” is not one of",
        "No group “No such group”",
        "Only residents belong to a cohort.",
        "3 of 4 rows have problems",
    ]:
        assert message in page, message
    assert 'name="rows"' not in page
    assert not Person.objects.filter(email="good@example.org").exists()


def test_it_reads_an_xlsx_workbook_and_refuses_other_files(client, world):
    client.force_login(world.administrator.user)
    book = Workbook()
    sheet = book.active
    sheet.append(["Name", "E-mail", "Role", "Cohort", "Group"])
    sheet.append(["Xavier Xl", "xavier@example.org", "resident", "Class of 2027", "Tuesday group"])
    content = io.BytesIO()
    book.save(content)
    assert "1 people are ready" in _upload(client, world, "r.xlsx", content.getvalue()).content.decode()
    refused = _upload(client, world, "r.xlsx", b"PK not really a workbook")
    assert refused.status_code == 422 and "not a readable .xlsx workbook" in refused.content.decode()
    missing = _upload(client, world, "r.csv", b"who,where\nA,B\n")
    assert "missing: name, email, role" in missing.content.decode()
