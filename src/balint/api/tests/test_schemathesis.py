"""Fuzz the live API against its own OpenAPI schema with schemathesis: no server error, every response as
documented. The app runs on pytest-django's live server (loopback only); a leader's write token signs every
request; valid requests are aimed at the test program's real objects so that the fuzzer reaches past the
404s, invalid ones go anywhere. (schemathesis' pytest plugin needs a pytest older than 9.2, so the operations
are walked here with its Python API: `operation.as_strategy()` under Hypothesis.)"""

from urllib.parse import urlsplit

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    ignored_auth,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

from balint.api.services import api_token_create
from balint.coding.tests.factories import code, make_source, make_theme
from balint.surveys.tests.factories import add_members, answer, make_survey

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    negative_data_rejection,
]


@pytest.fixture
def fuzz_world(transactional_db, world, settings):
    # The fuzzer sends many refused credentials on purpose (ignored_auth); keep the limiter out of its way.
    settings.API_AUTH_FAILURES_PER_IP = 100_000
    settings.API_AUTH_FAILURES_PER_PREFIX = 100_000
    add_members(world.group, 3)
    survey = make_survey(world.group, min_answers=3)
    for person in list(world.group.members.all())[:3]:
        answer(survey, person)
    source = make_source(world.program, group=world.group)
    theme = make_theme(world.program, "Feelings")
    coding = code(source, world.leader, theme, 0, 20)
    world.fuzz_codes = {
        "/api/v1/codings/": coding.code,
        "/api/v1/groups/": world.group.code,
        "/api/v1/sessions/": world.past_meeting.code,
        "/api/v1/surveys/": survey.code,
        "/api/v1/sources/": source.code,
    }
    world.fuzz_bodies = {  # one valid write each, so that every operation answers a 2xx at least once
        "POST /api/v1/sessions/{code}/attendance": {"person": str(world.resident.code), "status": "late"},
        "POST /api/v1/sources/{code}/codings": {"themes": [str(theme.code)], "start": 0, "end": 10},
    }
    world.fuzz_token = api_token_create(person=world.leader, name="Fuzz", read_only=False).secret
    return world


@pytest.fixture
def api_schema(live_server, fuzz_world):
    host = urlsplit(live_server.url).hostname
    assert host in ("localhost", "127.0.0.1"), live_server.url  # loopback only
    with requests.Session() as session:
        session.trust_env = False  # never through a proxy from the environment
        response = session.get(f"{live_server.url}/api/v1/openapi.json", timeout=30)
    loaded = schemathesis.openapi.from_dict(response.json())
    loaded.config.update(base_url=live_server.url)
    return loaded


def _path_parameters(operation, world) -> dict[str, str]:
    names = {p.name for p in operation.path_parameters}
    fixed = {}
    if "slug" in names:
        fixed["slug"] = world.program.slug
    if "code" in names:
        prefix = next(p for p in world.fuzz_codes if operation.path.startswith(p))
        fixed["code"] = str(world.fuzz_codes[prefix])
    return fixed


def test_the_api_matches_its_schema(api_schema, fuzz_world, live_server):
    session = requests.Session()
    session.trust_env = False  # loopback only, never through a proxy from the environment
    headers = {"Authorization": f"Bearer {fuzz_world.fuzz_token}"}

    auth_checked: set[str] = set()

    def call(case) -> None:
        # ignored_auth re-sends a request without and with a wrong token; once per operation is proof enough.
        checks = CHECKS if case.operation.label in auth_checked else [*CHECKS, ignored_auth]
        response = case.call_and_validate(
            base_url=live_server.url, session=session, headers=headers, checks=checks, timeout=30
        )
        if 200 <= response.status_code < 300:
            auth_checked.add(case.operation.label)

    failures, operations = [], 0
    for result in api_schema.get_all_operations():
        operation = result.ok()
        operations += 1
        fixed = _path_parameters(operation, fuzz_world)
        plans = [
            # Valid requests aimed at the program's real objects, then invalid ones anywhere.
            (GenerationMode.POSITIVE, {"path_parameters": fixed}, 25),
            (GenerationMode.NEGATIVE, {}, 8),
        ]
        if operation.label in fuzz_world.fuzz_bodies:
            body = fuzz_world.fuzz_bodies[operation.label]
            plans.insert(0, (GenerationMode.POSITIVE, {"path_parameters": fixed, "body": body}, 1))
        for mode, fixed_parts, examples in plans:
            strategy = operation.as_strategy(generation_mode=mode, **fixed_parts)
            run = settings(
                max_examples=examples,
                deadline=None,
                derandomize=True,
                database=None,
                phases=[Phase.explicit, Phase.generate],
                suppress_health_check=list(HealthCheck),
            )(given(case=strategy)(call))
            try:
                run()
            except Exception as error:
                failures.append(f"{mode.value} {operation.label}: {error}")
    session.close()  # no keep-alive connection (and its database session) outlives the test
    assert operations == len(api_schema.raw_schema["paths"]) + 1  # one path has GET and POST
    assert not failures, "\n\n".join(failures)
    # Every operation answered a valid request at least once, its auth enforcement checked then.
    assert len(auth_checked) == operations, sorted(auth_checked)
