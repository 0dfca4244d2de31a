"""The ready-made certification paths: one per society, each in our own words and marked unofficial."""

import json

import pytest

from balint.leaders.models import CertificationPath
from balint.leaders.services import FIXTURES, builtin_paths_load

pytestmark = pytest.mark.django_db

SOCIETIES = {
    "abs-leader": "American Balint Society",
    "bsanz-leader": "Balint Society of Australia and New Zealand",
    "uk-balint-leader": "The Balint Society (UK)",
    "ibf-2016-guidance": "International Balint Federation",
}


def test_it_ships_a_path_for_each_society_marked_unofficial_with_its_source():
    builtin_paths_load()
    paths = {p.key: p for p in CertificationPath.objects.filter(program=None)}
    assert set(SOCIETIES) <= set(paths)
    for key, body in SOCIETIES.items():
        path = paths[key]
        assert path.body == body
        assert "not an official" in path.description.lower(), key
        assert path.source_url.startswith("https://"), key
        assert path.requirements.filter(required=True).exists(), key


def test_it_loads_every_path_file_exactly_as_written():
    builtin_paths_load()
    for file in FIXTURES.glob("*.json"):
        data = json.loads(file.read_text())
        path = CertificationPath.objects.get(key=data["key"])
        rows = list(path.requirements.order_by("position").values_list("label", "kind", "required"))
        assert rows == [(r["label"], r["kind"], r.get("required", True)) for r in data["requirements"]]
