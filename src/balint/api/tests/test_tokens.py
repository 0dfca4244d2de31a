"""Tokens: created and revoked on the person's own page, shown once, stored only as a hash."""

import datetime
import hashlib

import pytest
from conftest import PASSWORD
from django.urls import reverse

from balint.api.models import ApiToken
from balint.api.services import MAX_LIVE_TOKENS, api_token_create, api_token_revoke
from balint.core.errors import ApplicationError

from .conftest import api_get


def test_it_stores_only_a_hash_of_the_token(leader):
    new = api_token_create(person=leader, name="Dashboard")
    stored = ApiToken.objects.get(pk=new.token.pk)
    assert stored.secret_hash == hashlib.sha256(new.secret.encode()).hexdigest()
    assert new.secret.startswith(f"blt_{stored.prefix}_")
    row = ApiToken.objects.filter(pk=stored.pk).values().get()
    assert not any(new.secret in str(value) or new.secret[13:] in str(value) for value in row.values())


def test_it_shows_the_new_token_once(client, leader):
    client.login(username=leader.user.username, password=PASSWORD)
    data = {"name": "Dashboard", "access": "read", "expires_in_days": "30", "form_nonce": "n" * 22}
    response = client.post(reverse("api:tokens"), data)
    assert response.status_code == 201
    secret = response.context["new_secret"]
    assert secret in response.content.decode()
    assert "no-store" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    again = client.get(reverse("api:tokens")).content.decode()
    assert secret not in again and f"blt_{secret[4:12]}_…" in again
    token = ApiToken.objects.get(person=leader)
    assert (
        token.read_only and token.expires_at.date() == (token.created_at + datetime.timedelta(days=30)).date()
    )


def test_sending_the_same_form_twice_creates_one_token(client, leader):
    client.login(username=leader.user.username, password=PASSWORD)
    data = {"name": "Dashboard", "access": "write", "expires_in_days": "", "form_nonce": "abcdefghijklmnop"}
    assert client.post(reverse("api:tokens"), data).status_code == 201
    again = client.post(reverse("api:tokens"), data, follow=True)
    assert again.redirect_chain[-1][1] == 302
    assert "already sent" in again.content.decode()
    token = ApiToken.objects.get(person=leader)
    assert not token.read_only and token.expires_at is None


def test_it_refuses_a_bad_form_and_keeps_nothing(client, leader):
    client.login(username=leader.user.username, password=PASSWORD)
    for data in (
        {"name": "ok", "access": "read", "expires_in_days": "90"},  # no form value
        {"name": "", "access": "read", "expires_in_days": "90"},
        {"name": "x" * 81, "access": "read", "expires_in_days": "90"},
        {"name": "ok", "access": "root", "expires_in_days": "90"},
        {"name": "ok", "access": "read", "expires_in_days": "7"},
        {"name": "ok", "access": "read", "expires_in_days": "90", "form_nonce": "short"},
    ):
        assert client.post(reverse("api:tokens"), data).status_code == 422
    assert not ApiToken.objects.exists()


def test_it_caps_live_tokens(leader):
    for n in range(MAX_LIVE_TOKENS):
        api_token_create(person=leader, name=f"t{n}")
    with pytest.raises(ApplicationError):
        api_token_create(person=leader, name="one more")


def test_a_person_revokes_only_their_own_tokens(client, leader, resident):
    token = api_token_create(person=leader, name="Dashboard").token
    client.login(username=resident.user.username, password=PASSWORD)
    assert client.post(reverse("api:token_revoke", args=[token.code])).status_code == 404
    with pytest.raises(ApplicationError):
        api_token_revoke(token=token, by=resident)
    token.refresh_from_db()
    assert token.revoked_at is None
    client.login(username=leader.user.username, password=PASSWORD)
    assert client.post(reverse("api:token_revoke", args=[token.code])).status_code == 302
    token.refresh_from_db()
    first = token.revoked_at
    assert first is not None
    client.post(reverse("api:token_revoke", args=[token.code]))  # a double submit keeps the first time
    token.refresh_from_db()
    assert token.revoked_at == first


def test_revoking_ends_the_token_at_once(client, leader):
    new = api_token_create(person=leader, name="Dashboard")
    assert api_get(client, "/me", new.secret).status_code == 200
    api_token_revoke(token=new.token, by=leader)
    response = api_get(client, "/me", new.secret)
    assert response.status_code == 401
    assert response.json()["message"].startswith("Authentication required")


def test_the_person_page_links_to_ones_own_tokens_only(client, world, leader, resident):
    client.login(username=leader.user.username, password=PASSWORD)
    own = client.get(reverse("programs:person", args=[world.program.slug, leader.code])).content.decode()
    other = client.get(reverse("programs:person", args=[world.program.slug, resident.code])).content.decode()
    assert reverse("api:tokens") in own
    assert reverse("api:tokens") not in other


def test_the_token_page_lists_only_ones_own_tokens(client, leader, resident, django_assert_max_num_queries):
    api_token_create(person=resident, name="Resident's calendar script")
    for n in range(5):
        api_token_create(person=leader, name=f"Leader tool {n}")
    client.login(username=leader.user.username, password=PASSWORD)
    with django_assert_max_num_queries(12):
        body = client.get(reverse("api:tokens")).content.decode()
    assert "Leader tool 4" in body and "Resident&#x27;s calendar script" not in body
