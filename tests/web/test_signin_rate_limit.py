"""Guessing is slowed: an address that sends too many bad bearer tokens or refused sign-ins
gets 429 with Retry-After for a while; successes are never counted."""

from __future__ import annotations

import shutil

import pytest
from fastapi.testclient import TestClient

from tests.support.web import api_token, make_settings, sign_in
from travelprep.web.app import create_app
from travelprep.web.signin_guard import SignInGuard

pytestmark = pytest.mark.web


def _app(tmp_path, migrated_sqlite, rulebook, **settings):
    shutil.copy(migrated_sqlite, tmp_path / "travelprep.sqlite3")
    return create_app(make_settings(tmp_path, **settings), rulebook=rulebook)


def test_bad_bearer_tokens_get_429_after_a_few_and_other_addresses_are_not_affected(app):
    allowed = app.state.settings.signin_failures_allowed
    token = api_token(app)
    with TestClient(app, client=("203.0.113.9", 40000)) as guesser:
        codes = [
            guesser.get("/api/v1/trips", headers={"Authorization": f"Bearer tp_guess{n}"}).status_code
            for n in range(700)
        ]
        assert codes[:allowed] == [401] * allowed
        assert codes[allowed:] == [429] * (700 - allowed)
        refused = guesser.get("/api/v1/trips", headers={"Authorization": f"Bearer {token}"})
        assert refused.status_code == 429  # even a right guess is not confirmed while refused
        assert 1 <= int(refused.headers["Retry-After"]) <= 301
    with TestClient(app, client=("198.51.100.7", 40000)) as other:
        assert other.get("/api/v1/trips", headers={"Authorization": f"Bearer {token}"}).status_code == 200


def test_successful_token_requests_are_never_counted(app):
    token = api_token(app)
    with TestClient(app, headers={"Authorization": f"Bearer {token}"}) as client:
        for _ in range(app.state.settings.signin_failures_allowed * 5):
            assert client.get("/api/v1/trips").status_code == 200


def test_the_window_passes_and_the_address_may_try_again(app):
    now = [0.0]
    app.state.signin_guard = SignInGuard(3, 60, open_db=app.state.open_db, clock=lambda: now[0])
    token = api_token(app)
    with TestClient(app) as client:
        for _ in range(3):
            assert client.get("/api/v1/trips", headers={"Authorization": "Bearer tp_x"}).status_code == 401
        response = client.get("/api/v1/trips", headers={"Authorization": "Bearer tp_x"})
        assert response.status_code == 429 and response.headers["Retry-After"] == "61"
        now[0] = 61.0
        assert client.get("/api/v1/trips", headers={"Authorization": f"Bearer {token}"}).status_code == 200


def test_refused_dev_sign_ins_get_429_after_a_few(client, app):
    allowed = app.state.settings.signin_failures_allowed
    refused = {"email": "nobody", "role": "traveler"}
    codes = [client.post("/signin", data=refused).status_code for _ in range(50)]
    assert codes == [400] * allowed + [429] * (50 - allowed)
    response = client.post("/signin", data={"email": "ada@example.edu", "role": "traveler"})
    assert response.status_code == 429 and "Retry-After" in response.headers


def test_successful_dev_sign_ins_are_never_counted(client, app):
    for _ in range(app.state.settings.signin_failures_allowed * 3):
        sign_in(client)


def test_proxy_headers_from_untrusted_addresses_get_429_after_a_few(tmp_path, migrated_sqlite, rulebook):
    app = _app(tmp_path, migrated_sqlite, rulebook, auth_mode="proxy", trusted_proxies=["10.0.0.1"])
    allowed = app.state.settings.signin_failures_allowed
    with TestClient(app, client=("192.168.1.9", 40000), follow_redirects=False) as outsider:
        named = {"REMOTE_USER": "admin@example.edu"}
        codes = [outsider.get("/trips", headers=named).status_code for _ in range(40)]
        assert codes == [303] * allowed + [429] * (40 - allowed)
        assert outsider.get("/").status_code == 200  # no header: not a sign-in attempt
    with TestClient(app, client=("10.0.0.1", 40000), follow_redirects=False) as proxy:
        for _ in range(allowed * 3):
            assert proxy.get("/trips", headers={"REMOTE_USER": "ada@example.edu"}).status_code == 200
