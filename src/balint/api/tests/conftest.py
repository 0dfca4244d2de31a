import pytest

from balint.api.services import api_token_create


@pytest.fixture
def token_for(db):
    """A factory: a new token's secret for a person (read-only unless told otherwise)."""

    def make(person, *, read_only: bool = True, expires_in_days: int | None = 90) -> str:
        return api_token_create(
            person=person, name="Test", read_only=read_only, expires_in_days=expires_in_days
        ).secret

    return make


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def api_get(client, path: str, token: str | None = None, params: dict | None = None, **extra):
    return client.get(f"/api/v1{path}", params or {}, headers=bearer(token) if token else {}, **extra)


def api_post(client, path: str, token: str | None, body, **extra):
    return client.post(
        f"/api/v1{path}",
        body,
        content_type="application/json",
        headers=bearer(token) if token else {},
        **extra,
    )
