import json

import pytest
from django.urls import reverse

from balint.core.errors import ApplicationError
from balint.leaders.models import CertificationPath, FollowedPath
from balint.leaders.services import FIXTURES, builtin_paths_load
from balint.leaders.tests.factories import ready_made

pytestmark = pytest.mark.django_db


def test_it_loads_the_ready_made_path_from_its_json_file_once(world):
    path = ready_made()
    data = json.loads((FIXTURES / "abs-leader.json").read_text())
    assert path.program is None and "not an official" in path.description.lower()
    assert [r.label for r in path.requirements.all()] == [r["label"] for r in data["requirements"]]
    ids = list(path.requirements.values_list("pk", flat=True))
    builtin_paths_load()
    assert CertificationPath.objects.filter(key="abs-leader").count() == 1
    assert list(path.requirements.values_list("pk", flat=True)) == ids  # unchanged file, unchanged rows


def test_it_refuses_a_broken_path_file(tmp_path, world):
    (tmp_path / "bad.json").write_text('{"key": "x"}')
    with pytest.raises(ApplicationError, match="bad.json"):
        builtin_paths_load(directory=tmp_path)


def test_it_shows_the_leaders_progress_on_the_home_page(client, world):
    FollowedPath.objects.create(leader=world.leader, path=ready_made(), started_on="2025-01-01")
    client.force_login(world.leader.user)
    body = client.get(reverse("core:home")).content.decode()
    assert "My leadership development" in body and reverse("leaders:home_panel") in body
    card = client.get(reverse("leaders:home_panel"), HTTP_HX_REQUEST="true").content.decode()
    assert ready_made().name[:40] in card and "met" in card
    client.force_login(world.administrator.user)
    assert "My leadership development" not in client.get(reverse("core:home")).content.decode()
