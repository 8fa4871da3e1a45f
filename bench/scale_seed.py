"""Seed PostgreSQL with a large university's registry, by batched COPY (not through the services).

100,000 trips from 2022 to 2027 by 20,000 travelers (one of them a heavy traveler with 70),
about 167,000 legs, about 10 item status rows a trip, 300 devices, 3,000 loaner requests and
an audit row per trip and per tenth item. Every itinerary is valid, so trip pages can be made.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import Engine, text

from travelprep.db.models.loaner import asset_tag_key

USERS = 20_000
TRIPS = 100_000
HEAVY_TRIPS = 70
DEVICES = 300
LOAN_REQUESTS = 3_000
FIRST_DAY = date(2022, 1, 1)
SPAN_DAYS = 6 * 365
ITEMS = [f"item-{n:02d}" for n in range(20)]
# (country, weight, elevated risk, sanctioned): roughly where a university travels.
COUNTRIES = [
    ("CN", 10, True, False), ("GB", 12, False, False), ("DE", 9, False, False), ("FR", 8, False, False),
    ("JP", 7, False, False), ("CA", 7, False, False), ("IT", 6, False, False), ("ES", 5, False, False),
    ("IN", 5, True, False), ("BR", 4, False, False), ("MX", 4, True, False), ("KR", 4, False, False),
    ("AU", 4, False, False), ("NL", 4, False, False), ("CH", 3, False, False), ("IL", 2, True, False),
    ("ZA", 2, False, False), ("KE", 2, True, False), ("RU", 1, True, True), ("IR", 1, True, True),
]  # fmt: skip
CITIES = {"CN": "Beijing", "GB": "London", "DE": "Berlin", "FR": "Paris", "JP": "Tokyo", "RU": "Moscow"}
INSTITUTIONS = ["Harbin Institute of Technology", "Nanjing University", "University of Oxford"]
NOW = datetime(2026, 11, 1, tzinfo=UTC)


def _copy(connection, table: str, columns: Iterable[str], rows: Iterable[tuple]) -> None:
    with (
        connection.cursor() as cursor,
        cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy,
    ):
        for row in rows:
            copy.write_row(row)


def _itinerary(
    name: str, email: str, departure: date, back: date, legs: list[tuple], institutions: list[str]
):
    return {
        "traveler": {"name": name, "email": email, "role": "faculty", "citizenships": ["US"],
                     "us_permanent_resident": False, "visa_status": None},
        "departure": departure.isoformat(), "return": back.isoformat(),
        "legs": [{"country": c, "region": None, "city": city, "arrive": str(a), "depart": str(d)}
                 for c, city, a, d in legs],
        "purposes": ["conference"], "activities": {"presenting": True},
        "carrying": {"devices": ["laptop", "phone"], "data": ["public"], "equipment": False},
        "institutions": institutions,
    }  # fmt: skip


def _trips(rng: random.Random, heavy_user: int):
    codes = [c[0] for c in COUNTRIES]
    weights = [c[1] for c in COUNTRIES]
    flags = {c[0]: (c[2], c[3]) for c in COUNTRIES}
    for trip_id in range(1, TRIPS + 1):
        user_id = heavy_user if trip_id % (TRIPS // HEAVY_TRIPS) == 0 else rng.randrange(2, USERS + 1)
        departure = FIRST_DAY + timedelta(days=rng.randrange(SPAN_DAYS))
        length = rng.randrange(3, 21)
        back = departure + timedelta(days=length)
        count = rng.choices((1, 2, 3), weights=(50, 33, 17))[0]
        picked = rng.sample(codes, count) if count > 1 else rng.choices(codes, weights)
        cuts = sorted(rng.sample(range(1, length), count - 1)) if count > 1 else []
        bounds = [0, *cuts, length]
        legs = [
            (
                c,
                CITIES.get(c, ""),
                departure + timedelta(days=bounds[i]),
                departure + timedelta(days=bounds[i + 1]),
            )
            for i, c in enumerate(picked)
        ]
        institutions = [rng.choice(INSTITUTIONS)] if rng.random() < 0.08 else []
        yield trip_id, user_id, departure, back, legs, institutions, flags


def seed(engine: Engine, rng: random.Random) -> dict[str, int]:
    """Fill the migrated database; returns the counts and the heavy traveler's id."""
    heavy_user = 1
    raw = engine.raw_connection()
    connection = raw.driver_connection
    counts = {"users": USERS, "trips": TRIPS, "legs": 0, "items": 0, "audit": 0}
    users = (
        (n, f"traveler{n}@example.edu", f"Traveler {n}", "traveler", "{}", NOW, True)
        for n in range(1, USERS + 1)
    )
    _copy(
        connection,
        "users",
        ("id", "email", "name", "role", "profile", "created_at", "email_reminders"),
        users,
    )
    trip_rows, leg_rows, item_rows, audit_rows = [], [], [], []
    for trip_id, user_id, departure, back, legs, institutions, flags in _trips(rng, heavy_user):
        name, email = f"Traveler {user_id}", f"traveler{user_id}@example.edu"
        itinerary = _itinerary(name, email, departure, back, legs, institutions)
        countries = " ".join(dict.fromkeys(c for c, *_ in legs))
        risk = any(flags[c][0] for c, *_ in legs)
        sanctioned = any(flags[c][1] for c, *_ in legs)
        status = "cancelled" if rng.random() < 0.05 else "active"
        trip_rows.append((trip_id, user_id, status, json.dumps(itinerary), name, email, departure, back,
                          countries, risk, sanctioned, bool(institutions), NOW, NOW, 0))  # fmt: skip
        for position, (c, city, a, d) in enumerate(legs):
            leg_rows.append((trip_id, position, c, None, city, a, d))
        for item in rng.sample(ITEMS, rng.randrange(6, 14)):
            item_rows.append(
                (trip_id, item, f"Item {item}", "preparation", rng.choice(("open", "done")), "", NOW)
            )
        audit_rows.append((NOW, user_id, "trip.create", "trip", str(trip_id), "{}"))
        if rng.random() < 0.24:
            audit_rows.append((NOW, user_id, "item.status", "trip", str(trip_id), "{}"))
    _copy(connection, "trips", ("id", "user_id", "status", "itinerary", "traveler_name", "traveler_email",
          "departure", "return_date", "countries", "elevated_risk", "sanctioned", "names_institutions",
          "created_at", "updated_at", "calendar_sequence"), trip_rows)  # fmt: skip
    _copy(
        connection, "legs", ("trip_id", "position", "country", "region", "city", "arrive", "depart"), leg_rows
    )
    _copy(connection, "trip_items", ("trip_id", "item_id", "title", "category", "status", "note",
          "updated_at"),
          item_rows)  # fmt: skip
    _copy(
        connection,
        "audit_log",
        ("at", "actor_id", "action", "object_type", "object_id", "detail"),
        audit_rows,
    )
    # tag_key (migration 0006) is what the app's unique check compares: the tag folded.
    devices = (
        (f"LT-{n:04d}", asset_tag_key(f"LT-{n:04d}"), "laptop", "", "", "", "", NOW) for n in range(DEVICES)
    )
    _copy(
        connection,
        "devices",
        ("asset_tag", "tag_key", "kind", "model", "os", "serial", "notes", "created_at"),
        devices,
    )
    loans = []
    for _ in range(LOAN_REQUESTS):
        pickup = date(2026, 9, 1) + timedelta(days=rng.randrange(240))
        state = rng.choice(("requested", "approved", "ready", "picked_up", "closed"))
        loans.append(
            (rng.randrange(2, USERS), "laptop", pickup, pickup + timedelta(days=10), "", state, 0, NOW, NOW)
        )
    _copy(connection, "loaner_requests", ("requester_id", "kinds", "pickup_date", "return_date", "note",
          "state",
          "revision", "created_at", "updated_at"), loans)  # fmt: skip
    connection.commit()
    raw.close()
    with engine.begin() as conn:
        for table in ("users", "trips"):
            conn.execute(
                text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")
            )
        conn.execute(text("UPDATE users SET role = 'compliance' WHERE id = 2"))
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("VACUUM ANALYZE"))
    counts.update(legs=len(leg_rows), items=len(item_rows), audit=len(audit_rows), heavy_user=heavy_user)
    return counts
