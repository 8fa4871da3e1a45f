"""The campaign's attacks that need concurrency: racing requests, and uploads against a live server."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import httpx
import uvicorn
from fastapi.testclient import TestClient

from tests.support.calendars import hostile_time_zone
from tests.support.fixtures import itinerary_data

CLIENTS = 4


def _race(send: Callable[[int], httpx.Response]) -> list[httpx.Response]:
    """`send(i)` for each of CLIENTS threads released together."""
    barrier = threading.Barrier(CLIENTS)
    answers: list = [None] * CLIENTS

    def run(index: int) -> None:
        barrier.wait(timeout=30)
        answers[index] = send(index)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return answers


def racing_bookings(aim, rounds: int = 50) -> None:
    """Four desk clients assign one laptop to four overlapping requests at once, 50 times."""
    tally = aim.tally("racing bookings")
    headers = {"Authorization": f"Bearer {aim.desk_token}"}
    clients = [TestClient(aim.app, headers=headers) for _ in range(CLIENTS)]
    device = clients[0].post("/api/v1/devices", json={"asset_tag": "RACE-1", "kind": "laptop"}).json()["id"]
    for round_ in range(rounds):
        month, year = round_ % 12 + 1, 2027 + round_ // 12
        ids = [
            clients[0].post("/api/v1/loaner-requests", json={
                "requester_email": f"r{i}@example.edu", "kinds": ["laptop"],
                "pickup_date": f"{year}-{month:02d}-0{i + 1}", "return_date": f"{year}-{month:02d}-1{i}",
            }).json()["id"]
            for i in range(CLIENTS)
        ]  # fmt: skip

        def assign(i: int, ids=ids) -> httpx.Response:
            return clients[i].post(f"/api/v1/loaner-requests/{ids[i]}/assign", json={"device_id": device})

        answers = _race(assign)
        codes = [answer.status_code for answer in answers]
        for code in codes:
            tally.probe(code >= 500, f"round {round_}: {code}")
        tally.probe(codes.count(200) != 1, f"round {round_}: {sorted(codes)} (double booking)")


def racing_saves(aim, rounds: int = 25) -> None:
    """Four tabs PUT the same trip with the same ETag at once: exactly one may win, 25 times."""
    tally = aim.tally("racing saves")
    headers = {"Authorization": f"Bearer {aim.alice_token}"}
    clients = [TestClient(aim.app, headers=headers) for _ in range(CLIENTS)]
    url = f"/api/v1/trips/{clients[0].post('/api/v1/trips', json=itinerary_data()).json()['id']}"
    for round_ in range(rounds):
        etag = clients[0].get(url).headers["ETag"]
        stale = {"If-Match": etag}
        answers = _race(lambda i, stale=stale: clients[i].put(url, json=itinerary_data(), headers=stale))
        codes = sorted(answer.status_code for answer in answers)
        tally.probe(codes != [200] + [409] * (CLIENTS - 1), f"round {round_}: {codes}")


@contextmanager
def _serving(app) -> Iterator[str]:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        while not server.started:
            time.sleep(0.02)
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join(10)
        sock.close()


HOSTILE_CALENDARS = {
    "zone HOURLY x2": hostile_time_zone("HOURLY", 2),
    "zone SECONDLY x200": hostile_time_zone("SECONDLY", 200),
    "zone SECONDLY x3000": hostile_time_zone("SECONDLY", 3000),
    "2 MB": b"BEGIN:VCALENDAR\r\n" + b"X-A:" + b"a" * 2_000_000 + b"\r\nEND:VCALENDAR\r\n",
    "vCard": b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada\r\nEND:VCARD\r\n",
    "binary": bytes(range(256)) * 2000,
    "nested 5,000 deep": b"BEGIN:VCALENDAR\r\n" + b"BEGIN:VEVENT\r\n" * 5000 + b"END:VCALENDAR\r\n",
    "20,000 events": b"BEGIN:VCALENDAR\r\n"
    + b"BEGIN:VEVENT\r\nDTSTART:20270310T090000Z\r\nLOCATION:Paris\r\nEND:VEVENT\r\n" * 20000
    + b"END:VCALENDAR\r\n",
    "one long line": b"BEGIN:VCALENDAR\r\nX-A:" + b"b" * 900_000 + b"\r\nEND:VCALENDAR\r\n",
}
HOSTILE_INVENTORIES = {
    "6 MB": "Asset Tag,Category\n" + "A,Laptops\n" * 600_000,
    "one 1 MB cell": 'Asset Tag,Category,Notes\nA-1,Laptops,"' + "n" * 1_000_000 + '"\n',
    "30,000 rows": "Asset Tag,Category\n" + "".join(f"H-{i},Laptops\n" for i in range(30_000)),
    "NUL bytes": "Asset Tag,Category\nA\x00,Lap\x00tops\n",
    "quote storm": "Asset Tag,Category\n" + '"' * 100_000 + "\n",
}


def hostile_uploads(aim) -> None:
    """Hostile calendars (anonymous API) and inventories (desk page) while /healthz is polled."""
    tally = aim.tally("hostile uploads")
    aim.app.state.upload_guard.per_minute = 10_000  # the upload limit is not what is probed here
    with _serving(aim.app) as url, httpx.Client(base_url=url, timeout=5) as health:
        health.get("/healthz")
        desk_cookies = dict(aim.desk.cookies)
        for name, body in HOSTILE_CALENDARS.items():
            post = {"url": url + "/api/v1/itineraries/from-ics", "content": body}
            _one_upload(tally, health, f".ics {name}", post)
        for name, text in HOSTILE_INVENTORIES.items():
            post = {
                "url": url + "/loaner/devices/import",
                "files": {"file": ("x.csv", text.encode(), "text/csv")},
                "headers": {"Origin": url},
                "cookies": desk_cookies,
            }
            _one_upload(tally, health, f"CSV {name}", post)


def _one_upload(tally, health: httpx.Client, name: str, post: dict) -> None:
    answers: list[httpx.Response] = []
    upload = threading.Thread(target=lambda: answers.append(httpx.post(**post, timeout=120)))
    upload.start()
    waits = []
    while upload.is_alive() or len(waits) < 3:
        begin = time.monotonic()
        health.get("/healthz")
        waits.append(time.monotonic() - begin)
        time.sleep(0.005)
    upload.join()
    status = answers[0].status_code if answers else 0
    # As the test does on a shared machine: one poll may be late, none by half a second.
    slow = [round(w * 1000) for w in waits if w >= 0.1]
    stalled = len(slow) > 1 or max(waits) >= 0.5
    note = f"{name}: {status}, /healthz waits over 100 ms: {slow}"
    tally.probe(status >= 500 or status == 0 or stalled, note)
