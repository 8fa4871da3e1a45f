"""The sign-in limit behind a reverse proxy and across workers.

Behind a trusted proxy each client is counted by the address the proxy forwards, never by the
proxy's own (which would lock everyone out together); from any other peer X-Forwarded-For is
ignored (which would let a guesser pick a new address per guess). Failures are stored in the
database, so two app instances on one database (two workers) share one count.
"""

from __future__ import annotations

import threading
import uuid

import httpx
import pytest
from fastapi.testclient import TestClient
from starlette.requests import Request

from tests.support.fixtures import postgres_server  # noqa: F401
from tests.support.serving import serving
from tests.support.web import api_token, make_settings
from travelprep.db import migrate
from travelprep.db.engine import make_engine
from travelprep.web.app import create_app
from travelprep.web.client_address import client_address

pytestmark = pytest.mark.web

PROXY = ("10.0.0.1", 40000)
BAD = {"Authorization": "Bearer tp_guess"}


def _request(peer: str, forwarded: str | None) -> Request:
    headers = [(b"x-forwarded-for", forwarded.encode("latin-1"))] if forwarded is not None else []
    return Request({"type": "http", "client": (peer, 1234), "headers": headers})


@pytest.mark.parametrize(
    ("peer", "forwarded", "trusted", "expected"),
    [
        ("10.0.0.1", "203.0.113.9", ["10.0.0.0/8"], "203.0.113.9"),
        ("10.0.0.1", "203.0.113.9, 10.0.0.2", ["10.0.0.0/8"], "203.0.113.9"),  # two proxies
        ("10.0.0.1", "198.51.100.1, 203.0.113.9", ["10.0.0.0/8"], "203.0.113.9"),  # forged left part
        ("10.0.0.1", "10.0.0.3, 10.0.0.2", ["10.0.0.0/8"], "10.0.0.3"),  # all trusted: leftmost
        ("10.0.0.1", "", ["10.0.0.0/8"], "10.0.0.1"),
        ("10.0.0.1", "2001:db8::7", ["10.0.0.1"], "2001:db8::7"),
        ("192.168.1.9", "203.0.113.9", ["10.0.0.0/8"], "192.168.1.9"),  # untrusted peer: ignored
        ("10.0.0.1", "203.0.113.9", [], "10.0.0.1"),  # nobody trusted by default
        ("10.0.0.1", "x" * 500, ["10.0.0.0/8"], "x" * 64),  # a forged name is cut, not stored whole
    ],
)
def test_the_client_address_follows_uvicorns_forwarded_rules(peer, forwarded, trusted, expected):
    assert client_address(_request(peer, forwarded), trusted) == expected


@pytest.fixture
def proxied_app(tmp_path, migrated_sqlite, rulebook):
    import shutil

    shutil.copy(migrated_sqlite, tmp_path / "travelprep.sqlite3")
    app = create_app(make_settings(tmp_path, trusted_proxies=["10.0.0.0/8"]), rulebook=rulebook)
    yield app
    app.state.engine.dispose()


def test_behind_a_trusted_proxy_one_guesser_does_not_lock_out_the_others(proxied_app):
    allowed = proxied_app.state.settings.signin_failures_allowed
    token = api_token(proxied_app)
    with TestClient(proxied_app, client=PROXY) as proxy:
        guesser = {"X-Forwarded-For": "203.0.113.9"} | BAD
        codes = [proxy.get("/api/v1/trips", headers=guesser).status_code for _ in range(allowed + 5)]
        assert codes == [401] * allowed + [429] * 5
        colleague = {"X-Forwarded-For": "198.51.100.7", "Authorization": f"Bearer {token}"}
        assert proxy.get("/api/v1/trips", headers=colleague).status_code == 200


def test_a_guesser_cannot_escape_the_limit_by_forging_x_forwarded_for(proxied_app):
    allowed = proxied_app.state.settings.signin_failures_allowed
    with TestClient(proxied_app, client=("192.168.1.9", 40000)) as outsider:
        codes = [
            outsider.get("/api/v1/trips", headers={"X-Forwarded-For": f"203.0.113.{n}"} | BAD).status_code
            for n in range(allowed + 5)
        ]
    assert codes == [401] * allowed + [429] * 5


@pytest.mark.db
@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_two_app_instances_on_one_database_share_one_count(request, tmp_path, rulebook, kind):
    if kind == "sqlite":
        url = f"sqlite:///{tmp_path / 'shared.sqlite3'}"
    else:
        url = request.getfixturevalue("postgres_server").create_database(f"limit_{uuid.uuid4().hex[:12]}")
    migrate.upgrade(make_engine(url))
    apps = [create_app(make_settings(tmp_path, database_url=url), rulebook=rulebook) for _ in range(2)]
    allowed = apps[0].state.settings.signin_failures_allowed
    token = api_token(apps[0])
    try:
        workers = [TestClient(app, client=("203.0.113.9", 40000)) for app in apps]
        # A guesser whose requests the server spreads over both workers, turn about.
        codes = [workers[n % 2].get("/api/v1/trips", headers=BAD).status_code for n in range(allowed * 2)]
        assert codes == [401] * allowed + [429] * allowed
        right = {"Authorization": f"Bearer {token}"}
        for worker in workers:  # each worker now refuses even a right guess from that address
            assert worker.get("/api/v1/trips", headers=right).status_code == 429
    finally:
        for app in apps:
            app.state.engine.dispose()


@pytest.mark.db
def test_many_bad_tokens_at_once_never_wait_on_each_others_connections(tmp_path, rulebook, postgres_server):  # noqa: F811
    """More simultaneous bad-token writes than pooled connections: each is answered, none waits.

    A bad-token request holding its connection while counting the failure on another would,
    with every connection of the pool so held, wait for the pool's timeout and fail.
    """
    url = postgres_server.create_database(f"pool_{uuid.uuid4().hex[:12]}")
    migrate.upgrade(make_engine(url))
    settings = make_settings(tmp_path, database_url=url, signin_failures_allowed=1000)
    app = create_app(settings, rulebook=rulebook)
    count = 24  # the pool of writing connections holds 10
    barrier, codes = threading.Barrier(count), [0] * count
    try:
        with serving(app) as base:

            def post(index: int) -> None:
                barrier.wait(timeout=30)
                answer = httpx.post(f"{base}/api/v1/trips", json={}, headers=BAD, timeout=60)
                codes[index] = answer.status_code

            threads = [threading.Thread(target=post, args=(i,)) for i in range(count)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=120)
    finally:
        app.state.engine.dispose()
    assert codes == [401] * count
