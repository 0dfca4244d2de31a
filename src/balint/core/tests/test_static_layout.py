"""One static-file layout: an app's own files under <app>/static/<app>/, the shared tree (src/balint/static)
only for the base layout (css/balint.css, js/balint.js, img/) and vendored code (vendor/); every file a
template names exists."""

import re
from pathlib import Path

from django.contrib.staticfiles import finders

SRC = Path(__file__).resolve().parents[2]
SHARED = {"css/balint.css", "js/balint.js"}


def test_it_keeps_each_app_s_files_in_its_own_namespace():
    strays = []
    for static in SRC.glob("*/static"):
        app = static.parent.name
        strays += [
            f.relative_to(SRC).as_posix()
            for f in static.rglob("*")
            if f.is_file() and f.relative_to(static).parts[0] != app
        ]
    assert strays == []


def test_it_keeps_the_shared_tree_for_the_base_layout_and_vendored_code():
    shared = SRC / "static"
    others = [
        name
        for f in shared.rglob("*")
        if f.is_file()
        and (name := f.relative_to(shared).as_posix()) not in SHARED
        and f.relative_to(shared).parts[0] not in {"img", "vendor"}
    ]
    assert others == []


def test_every_static_file_a_template_names_exists():
    named = {
        (path.relative_to(SRC).as_posix(), ref)
        for path in SRC.rglob("templates/**/*.html")
        for ref in re.findall(r"{% static '([^']+)' %}", path.read_text(encoding="utf-8"))
    }
    assert named and [(template, ref) for template, ref in sorted(named) if not finders.find(ref)] == []
