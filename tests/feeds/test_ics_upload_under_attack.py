"""Hostile calendar uploads on the real server: refused or read quickly, and /healthz keeps answering."""

from __future__ import annotations

import shutil
import threading
import time
from collections.abc import Iterator

import httpx
import pytest
from fastapi.testclient import TestClient

from tests.support import hostile_parsers
from tests.support.calendars import hostile_time_zone
from tests.support.serving import serving
from tests.support.web import ORIGIN, make_settings
from travelprep.trips import ics_upload
from travelprep.web import parse_worker
from travelprep.web.app import create_app

pytestmark = pytest.mark.web
API = "/api/v1/itineraries/from-ics"


@pytest.fixture
def served(app) -> Iterator[str]:
    """The test app served by uvicorn in a thread, on a free loopback port, its parsers ready."""
    assert parse_worker.wait_until_ready(120), "the parse workers' fork server did not start"
    with serving(app) as url:
        yield url


def upload_while_polling_healthz(url: str, body: bytes) -> tuple[httpx.Response, list[float], float]:
    """The upload's answer, the waits of /healthz polled meanwhile, and the upload's seconds."""
    answers: list[httpx.Response] = []

    def attack() -> None:
        answers.append(httpx.post(url + API, content=body, timeout=60))

    with httpx.Client(base_url=url, timeout=5) as health:
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
    assert answers, "the upload got no answer"
    return answers[0], waits, time.monotonic() - started


def kept_answering(waits: list[float]) -> bool:
    """Every /healthz answer within 100 ms, but for at most one poll; none waited half a second."""
    return sum(w >= 0.1 for w in waits) <= 1 and max(waits) < 0.5


def upload_until_healthz_kept_answering(
    url: str, body: bytes, attempts: int = 3
) -> tuple[httpx.Response, list[float], float, list[list[int]]]:
    """`upload_while_polling_healthz`, tried again while /healthz was slow, with each try's slow polls.

    A busy CI machine (the other test worker and its browser share the two cores) can stall one
    try; a parse that holds the event loop (the 28 s of the red-team report) stalls every one.
    """
    tried: list[list[int]] = []
    for _ in range(attempts):
        answer, waits, handled = upload_while_polling_healthz(url, body)
        tried.append(sorted(round(w * 1000) for w in waits if w >= 0.1))
        if kept_answering(waits):
            break
    return answer, waits, handled, tried


@pytest.mark.parametrize(
    ("body", "statuses"),
    [
        (hostile_time_zone("HOURLY", 2), {200}),  # read without the zone's rules
        (hostile_time_zone("SECONDLY", 3000), {422}),  # refused by its count of entries
    ],
    ids=["hourly-zone", "thousands-of-secondly-blocks"],
)
def test_healthz_answers_within_100_ms_while_a_hostile_upload_is_handled(served, body, statuses):
    answer, waits, handled, tried = upload_until_healthz_kept_answering(served, body)
    assert answer.status_code in statuses, answer.text
    assert handled < 5, f"the upload took {handled:.1f} s"
    assert kept_answering(waits), f"/healthz waits over 100 ms (ms, each try): {tried}"


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


@pytest.fixture
def limited_app(tmp_path, migrated_sqlite, rulebook):
    """The app with small parse limits: 64 MB of new memory and 1 s of CPU per upload."""
    shutil.copy(migrated_sqlite, tmp_path / "travelprep.sqlite3")
    settings = make_settings(tmp_path, parse_memory_mb=64, parse_cpu_seconds=1)
    app = create_app(settings, rulebook=rulebook)
    assert parse_worker.wait_until_ready(120), "the parse workers' fork server did not start"
    yield app
    app.state.engine.dispose()


@pytest.mark.parametrize(
    ("parser", "status", "message"),
    [
        ("eats_memory", 413, "needed more memory than a trip's calendar can"),
        ("never_ends", 422, "took longer than a trip's calendar can"),
    ],
)
def test_a_parse_past_its_memory_or_cpu_limit_is_refused_while_healthz_answers(
    limited_app, monkeypatch, parser, status, message
):
    """Whatever the parser does with a file, the child's limits stop it, not the server."""
    monkeypatch.setattr(ics_upload, "draft_itinerary_from_ics", getattr(hostile_parsers, parser))
    with serving(limited_app) as url:
        answer, waits, _, tried = upload_until_healthz_kept_answering(url, hostile_time_zone())
    assert answer.status_code == status, answer.text
    assert message in answer.json()["detail"]
    assert kept_answering(waits), f"/healthz waits over 100 ms (ms, each try): {tried}"
