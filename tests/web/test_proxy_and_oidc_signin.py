"""Who may name the signed-in user: only trusted proxies (addresses or networks), and OIDC only
with a verified email."""

from __future__ import annotations

import shutil

import pytest
from fastapi.testclient import TestClient

from tests.support.web import make_settings
from travelprep.accounts.signin import is_trusted_proxy
from travelprep.settings import Settings
from travelprep.web.app import create_app

pytestmark = pytest.mark.web


def _app(tmp_path, migrated_sqlite, rulebook, **settings):
    shutil.copy(migrated_sqlite, tmp_path / "travelprep.sqlite3")
    return create_app(make_settings(tmp_path, **settings), rulebook=rulebook)


def test_nobody_is_trusted_by_default(tmp_path, migrated_sqlite, rulebook):
    assert Settings().trusted_proxies == []
    app = _app(tmp_path, migrated_sqlite, rulebook, auth_mode="proxy")
    with TestClient(app, client=("127.0.0.1", 40000), follow_redirects=False) as local:
        assert local.get("/trips", headers={"REMOTE_USER": "admin@example.edu"}).status_code == 303


def test_a_trusted_network_in_cidr_notation_signs_in_through_its_header(tmp_path, migrated_sqlite, rulebook):
    app = _app(tmp_path, migrated_sqlite, rulebook, auth_mode="proxy", trusted_proxies=["172.16.0.0/12"])
    with TestClient(app, client=("172.18.0.5", 40000), follow_redirects=False) as proxy:
        page = proxy.get("/trips", headers={"REMOTE_USER": "ada@example.edu"})
        assert page.status_code == 200 and "ada@example.edu" in page.text
    with TestClient(app, client=("192.168.1.9", 40000), follow_redirects=False) as outsider:
        assert outsider.get("/trips", headers={"REMOTE_USER": "ada@example.edu"}).status_code == 303


@pytest.mark.parametrize(
    ("client", "trusted", "expected"),
    [
        ("10.1.2.3", ["10.0.0.0/8"], True),
        ("10.1.2.3", ["10.1.2.3"], True),
        ("11.0.0.1", ["10.0.0.0/8"], False),
        ("::1", ["::1/128"], True),
        ("127.0.0.1", [], False),
        ("testclient", ["testclient"], True),
        ("127.0.0.1", ["not-an-address"], False),
    ],
)
def test_trusted_proxies_match_addresses_and_networks(client, trusted, expected):
    assert is_trusted_proxy(client, trusted) is expected


def test_production_refuses_proxy_sign_in_without_trusted_proxies():
    with pytest.raises(ValueError, match="TRUSTED_PROXIES"):
        Settings(
            env="production",
            secret_key="s" * 40,
            auth_mode="proxy",
            database_url="postgresql+psycopg://x/y",
        )


class FakeIdentityProvider:
    """Answers the callback with the claims given, as authlib's client would."""

    def __init__(self, claims: dict) -> None:
        self.claims = claims

    async def authorize_access_token(self, request) -> dict:
        return {"userinfo": self.claims}


@pytest.mark.parametrize(("verified", "status"), [(True, 303), (False, 403), (None, 403), ("true", 403)])
def test_oidc_signs_in_only_a_verified_email(tmp_path, migrated_sqlite, rulebook, verified, status):
    app = _app(
        tmp_path,
        migrated_sqlite,
        rulebook,
        auth_mode="oidc",
        oidc_issuer="https://idp.example.edu",
        oidc_client_id="travelprep",
        oidc_client_secret="secret",
    )
    claims = {"email": "ada@example.edu", "name": "Ada"}
    if verified is not None:
        claims["email_verified"] = verified
    app.state.oidc_client = FakeIdentityProvider(claims)
    with TestClient(app, follow_redirects=False) as browser:
        response = browser.get("/auth/oidc/callback?code=x&state=y")
        assert response.status_code == status, response.text[-300:]
        if status == 403:
            assert "not verified this email address" in response.text
            assert browser.get("/trips").status_code == 303  # not signed in
