"""Hostile calendar uploads on the real server: refused or read quickly, and /healthz keeps answering."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator

import httpx
import pytest
import uvicorn
from fastapi.testclient import TestClient

from tests.support.calendars import hostile_time_zone
from tests.support.web import ORIGIN

pytestmark = pytest.mark.web
API = "/api/v1/itineraries/from-ics"


@pytest.fixture
def served(app) -> Iterator[str]:
    """The test app served by uvicorn in a thread, on a free loopback port."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    url = f"http://127.0.0.1:{sock.getsockname()[1]}"
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.02)
    yield url
    server.should_exit = True
    thread.join(10)
    sock.close()


@pytest.mark.parametrize(
    ("body", "statuses"),
    [
        (hostile_time_zone("HOURLY", 2), {200}),  # read without the zone's rules
        (hostile_time_zone("SECONDLY", 3000), {422}),  # refused by its count of entries
    ],
    ids=["hourly-zone", "thousands-of-secondly-blocks"],
)
def test_healthz_answers_within_100_ms_while_a_hostile_upload_is_handled(served, body, statuses):
    answers: list[httpx.Response] = []

    def attack() -> None:
        answers.append(httpx.post(served + API, content=body, timeout=60))

    with httpx.Client(base_url=served, timeout=5) as health:
        health.get("/healthz")  # a warm connection, so only the server's wait is timed
        attacker = threading.Thread(target=attack)
        started = time.monotonic()
        attacker.start()
        waits = []
        while attacker.is_alive() or len(waits) < 5:
            begin = time.monotonic()
            assert health.get("/healthz").status_code == 200
            waits.append(time.monotonic() - begin)
            time.sleep(0.005)
        attacker.join()
    handled = time.monotonic() - started
    assert answers and answers[0].status_code in statuses, answers and answers[0].text
    assert handled < 5, f"the upload took {handled:.1f} s"
    # Every answer within 100 ms, but for at most one poll that a busy CI machine (the other
    # test worker shares the two cores) may delay; none may wait half a second. A parse that
    # held the event loop (the 28 s of the red-team report) fails both.
    slow = sorted(round(w * 1000) for w in waits if w >= 0.1)
    assert len(slow) <= 1 and max(waits) < 0.5, f"/healthz waits over 100 ms: {slow} of {len(waits)}"


def test_the_anonymous_api_takes_a_few_uploads_a_minute_per_address(app):
    body = hostile_time_zone()
    with (
        TestClient(app, client=("203.0.113.7", 5000)) as one,
        TestClient(app, client=("203.0.113.8", 5000)) as two,
    ):
        statuses = [
            one.post(API, content=body).status_code for _ in range(app.state.settings.ics_uploads_per_minute)
        ]
        assert set(statuses) == {200}
        refused = one.post(API, content=body)
        assert refused.status_code == 429
        assert "at most 10 a minute" in refused.json()["detail"] and int(refused.headers["Retry-After"]) > 0
        assert two.post(API, content=body).status_code == 200  # another address is not held back


def test_the_limit_forgets_uploads_older_than_a_minute(app):
    now = [1000.0]
    app.state.upload_guard.clock = lambda: now[0]
    with TestClient(app, headers={"Origin": ORIGIN}) as client:
        for _ in range(10):
            client.post(API, content=b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")
        assert client.post(API, content=b"x").status_code == 429
        now[0] += 61
        assert client.post(API, content=b"x").status_code == 422
