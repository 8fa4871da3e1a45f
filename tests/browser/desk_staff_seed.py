"""Data for the desk and staff browser tests, made through the pages as people would (httpx, same origin)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache

import httpx

from tests.support.web import form_data

# A trip within the chart's 60 days of today (the server runs on the real clock from 2026-12).
SOON = {"departure": "2027-01-12", "return": "2027-01-20", "leg_count": "1", "legs[0].country": "China",
        "legs[0].city": "Shanghai", "legs[0].arrive": "2027-01-12", "legs[0].depart": "2027-01-19",
        "carrying.devices": ["laptop"]}  # fmt: skip
CRIMEA = {"leg_count": "2", "legs[1].country": "Ukraine", "legs[1].region": "UA-43",
          "legs[1].city": "Simferopol", "traveler.name": "Olena Kovalenko-Longname" + "x" * 60}  # fmt: skip


@dataclass(frozen=True)
class Seeded:
    """What the tests open: the trip with a loaner request, the request, a device, a screened trip."""

    trip_id: int
    request_id: int
    device_id: int
    screened_trip_id: int


@contextmanager
def signed_in(url: str, email: str, role: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=url, headers={"Origin": url}, timeout=30) as client:
        answer = client.post("/signin", data={"email": email, "role": role, "next": "/trips"})
        assert answer.status_code == 303, answer.text
        yield client


def _trip(client: httpx.Client, **changes) -> int:
    saved = client.post("/trips/new", data=form_data(**changes))
    assert saved.status_code == 303, saved.text[:2000]
    return int(saved.headers["location"].rsplit("/", 1)[1])


@cache  # once per server: the desk tests and the screenshots share it
def seed(url: str) -> Seeded:
    """A traveler with trips (one asks for a loaner, one will), the desk's laptop, 55 trips for paging."""
    with signed_in(url, "grace.seed@example.edu", "traveler") as grace:
        trip_id = _trip(grace, **SOON, **{"traveler.name": "Grace Hopper"})
        loan = {
            "kinds": "laptop",
            "pickup_date": "2027-01-08",
            "return_date": "2027-01-25",
            "note": "<b>Mac</b>",
        }
        asked = grace.post(f"/trips/{trip_id}/loaner", data=loan)
        assert asked.status_code == 303, asked.text[:2000]
        page = grace.get(f"/trips/{trip_id}").text
        request_id = int(re.search(r'href="/loaner/requests/(\d+)"', page)[1])
        # A second trip that calls for a loaner but has no request yet: the chart's likely demand.
        _trip(grace, **(SOON | {"traveler.name": "Grace Hopper", "departure": "2027-01-11"}))
        screened_trip_id = _trip(grace, institutions="Harbin Institute of Technology")
        for _ in range(53):
            _trip(grace, **CRIMEA)
    with signed_in(url, "desk.seed@example.edu", "loaner_staff") as desk:
        added = desk.post(
            "/loaner/devices/new", data={"asset_tag": "SEED-LT-1", "kind": "laptop", "model": "X1"}
        )
        assert added.status_code == 303
        device_id = int(re.search(r'href="/loaner/devices/(\d+)/edit"', desk.get("/loaner/devices").text)[1])
    return Seeded(trip_id, request_id, device_id, screened_trip_id)
