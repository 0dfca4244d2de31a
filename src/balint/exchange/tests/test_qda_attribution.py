"""An import attributes work to a member only when that member imports it or a leader confirms the mapping.

Driven through the real upload, preview and confirm URLs, as the coder who must not get through.
"""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from balint.coding.models import Coding, Memo
from balint.exchange.models import PendingImport
from balint.exchange.refi_qda.tests import helpers


def _forged(person) -> bytes:
    """The NVivo-like file with its coder's GUID and name replaced by a member's."""
    data = helpers.nvivo_emoji_qdpx()
    import io
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as copy:
        for info in source.infolist():
            content = source.read(info)
            if info.filename == "project.qde":
                content = content.replace(helpers.NVIVO_USER.encode(), str(person.code).upper().encode())
                content = content.replace(b"Nadia Nvivo", person.full_name.encode())
            copy.writestr(info, content)
    return out.getvalue()


def _upload(client, user, data) -> PendingImport:
    client.force_login(user)
    upload = SimpleUploadedFile("study.qdpx", data, content_type="application/zip")
    response = client.post(reverse("exchange:import", args=["lakeside"]), {"file": upload})
    assert response.status_code == 302, response.content[:500]
    return PendingImport.objects.latest("created_at")


def test_it_never_attributes_a_forged_colleagues_guid_to_that_colleague(client, world):
    pending = _upload(client, world.analyst.user, _forged(world.leader))
    (coder,) = pending.preview["coders"]
    assert coder["to"] == "new" and coder["member_name"] == "Lee Leader"
    page = client.get(reverse("exchange:import_preview", args=[pending.code])).content.decode()
    assert "only a leader can attribute" in page and f'name="map-{coder["guid"]}"' not in page
    # Posting the mapping anyway is refused, and nothing is imported.
    url = reverse("exchange:import_preview", args=[pending.code])
    assert client.post(url, {f"map-{coder['guid']}": str(world.leader.code)}).status_code == 403
    assert not Coding.objects.filter(source__program=world.program).exists()
    client.post(url)
    codings = Coding.objects.filter(source__program=world.program)
    assert codings.count() == 5
    assert not codings.filter(coder=world.leader).exists()
    assert not Memo.objects.filter(program=world.program, author=world.leader).exists()
    assert {c.coder.full_name for c in codings} == {"Lee Leader"}  # a separate person of that name
    assert not codings.first().coder.memberships.exists()


def test_it_attributes_the_importers_own_guid_to_the_importer(client, world):
    pending = _upload(client, world.analyst.user, _forged(world.analyst))
    assert pending.preview["coders"][0]["to"] == "importer"
    client.post(reverse("exchange:import_preview", args=[pending.code]))
    assert set(Coding.objects.filter(source__program=world.program).values_list("coder", flat=True)) == {
        world.analyst.pk
    }


def test_it_attributes_work_to_a_member_when_a_leader_confirms(client, world):
    pending = _upload(client, world.leader.user, _forged(world.co_leader))
    (coder,) = pending.preview["coders"]
    page = client.get(reverse("exchange:import_preview", args=[pending.code])).content.decode()
    assert f'name="map-{coder["guid"]}"' in page
    url = reverse("exchange:import_preview", args=[pending.code])
    assert client.post(url, {f"map-{coder['guid']}": str(world.outsider.code)}).status_code == 403
    client.post(url, {f"map-{coder['guid']}": str(world.co_leader.code)})
    coders = set(Coding.objects.filter(source__program=world.program).values_list("coder", flat=True))
    assert coders == {world.co_leader.pk}
