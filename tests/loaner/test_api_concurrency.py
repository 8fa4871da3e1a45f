"""Concurrent POST /assign through the app, on SQLite and PostgreSQL: one 200, the rest 409."""

from __future__ import annotations

import threading

import pytest
from fastapi.testclient import TestClient

from tests.support.web import api_token

pytestmark = [pytest.mark.web, pytest.mark.db]

ROUNDS = 10
CLIENTS = 4


def test_simultaneous_assignments_through_the_api(app_on_each_db):
    headers = {"Authorization": f"Bearer {api_token(app_on_each_db, 'desk@example.edu', 'loaner_staff')}"}
    setup = TestClient(app_on_each_db, headers=headers)
    device = setup.post("/api/v1/devices", json={"asset_tag": "LT-1", "kind": "laptop"}).json()["id"]
    for round_ in range(ROUNDS):
        month = f"2027-{round_ + 1:02d}"
        ids = [
            setup.post(
                "/api/v1/loaner-requests",
                json={"requester_email": f"t{i}@example.edu", "kinds": ["laptop"],
                      "pickup_date": f"{month}-0{i + 1}", "return_date": f"{month}-1{i}"},
            ).json()["id"]
            for i in range(CLIENTS)
        ]  # fmt: skip
        barrier = threading.Barrier(CLIENTS)
        answers: list = [None] * CLIENTS

        def post(index: int, ids=ids, barrier=barrier, answers=answers) -> None:
            client = TestClient(app_on_each_db, headers=headers)
            barrier.wait(timeout=30)
            url = f"/api/v1/loaner-requests/{ids[index]}/assign"
            answers[index] = client.post(url, json={"device_id": device})

        threads = [threading.Thread(target=post, args=(i,)) for i in range(CLIENTS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        codes = sorted(answer.status_code for answer in answers)
        assert codes == [200] + [409] * (CLIENTS - 1), (round_, [a.text for a in answers])
        winner = next(a.json() for a in answers if a.status_code == 200)
        reservation = winner["devices"][0]["reservation_id"]
        for answer in answers:
            if answer.status_code == 409:
                named = f"(reservation {reservation}, loaner request {winner['id']})"
                assert named in answer.json()["detail"]
