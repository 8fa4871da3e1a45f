"""How early the desk's chart shows a loaner shortage when it counts registered trips (issue 16).

A seeded season, replayed one day at a time on a real database: past loans for trips give the
lead times; travellers register trips 25 to 80 days ahead of departure, and most ask the desk for
a loaner a few days to a month before pickup (some never ask). A conference week in mid-January
sends more travellers than there are laptops. Each simulated morning the desk's dashboard chart
is computed by the same service the page uses, and the bench prints the first morning on which
it shows the shortage: from requests alone (the old chart) and with trips' likely loans.
"""

from __future__ import annotations

import random
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from travelprep.accounts import repository as users  # noqa: E402
from travelprep.db import migrate  # noqa: E402
from travelprep.db.engine import make_engine, make_session_factory  # noqa: E402
from travelprep.db.models import Device, LoanerRequest, Trip, TripItem  # noqa: E402
from travelprep.loaner.desk_service import demand_with_forecast  # noqa: E402
from travelprep.loaner.schedule import default_loan_dates  # noqa: E402

LAPTOPS = 20
SEASON_START = date(2026, 11, 2)  # the first simulated morning
CONFERENCE = date(2027, 1, 18)  # the week that sends too many travellers
BUFFER = 2
NEVER_ASK = 0.15  # travellers whose checklist calls for a loaner but who never ask


def _lead(rng: random.Random) -> int:
    """Days between a request and its pickup: mostly one to three weeks, a few at the last minute."""
    return max(1, round(rng.triangular(2, 35, 12)))


def _at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 10, tzinfo=UTC)


def _plan(rng: random.Random) -> list[dict]:
    """The trips of the season: steady travel plus the conference week; each with its future."""
    departures = [SEASON_START + timedelta(days=rng.randrange(110)) for _ in range(95)]
    departures += [CONFERENCE + timedelta(days=rng.randrange(-2, 2)) for _ in range(16)]
    plans = []
    for departure in departures:
        registered = departure - timedelta(days=rng.randrange(25, 80))
        trip_return = departure + timedelta(days=rng.randrange(4, 12))
        dates = default_loan_dates(departure, trip_return)
        asked = dates.pickup - timedelta(days=_lead(rng))
        plans.append(
            {
                "departure": departure,
                "return": trip_return,
                "pickup": dates.pickup,
                "back": dates.return_,
                "registered": registered,  # a request comes after its trip is registered
                "asks": None if rng.random() < NEVER_ASK else max(asked, registered),
            }
        )
    return plans


def _seed_history(session, rng: random.Random, traveler) -> None:
    """Last season's closed loans for trips: where the lead times come from."""
    for _ in range(120):
        departure = SEASON_START - timedelta(days=rng.randrange(20, 200))
        trip_return = departure + timedelta(days=rng.randrange(4, 12))
        dates = default_loan_dates(departure, trip_return)
        asked = dates.pickup - timedelta(days=_lead(rng))
        trip = Trip(
            user_id=traveler.id,
            status="active",
            itinerary={"carrying": {"devices": ["laptop"]}},
            traveler_name="T",
            traveler_email=traveler.email,
            departure=departure,
            return_date=trip_return,
            countries="CN",
        )
        session.add(trip)
        session.flush()
        session.add(
            LoanerRequest(
                trip_id=trip.id,
                requester_id=traveler.id,
                kinds="laptop",
                pickup_date=dates.pickup,
                return_date=dates.return_,
                state="closed",
                revision=0,
                created_at=_at(asked),
            )
        )


def _first_morning(found: dict[date, bool]) -> date | None:
    return next((day for day, short in sorted(found.items()) if short), None)


def replay(engine, rng: random.Random) -> None:
    migrate.upgrade(engine)
    factory = make_session_factory(engine)
    plans = _plan(rng)
    with factory() as session:
        traveler = users.get_or_create(session, email="t@example.edu")
        session.add_all([Device(asset_tag=f"LT-{i:03d}", kind="laptop") for i in range(LAPTOPS)])
        _seed_history(session, rng, traveler)
        session.commit()
        ids: dict[int, int] = {}
        old, new, timings = {}, {}, []
        final = _held_in_the_end(plans)
        # Mornings whose chart shows a short day that, in the end, is not short.
        false_alarms = {"requests": 0, "trips": 0}
        last_day = CONFERENCE + timedelta(days=1)
        day = SEASON_START
        while day <= last_day:
            for index, plan in enumerate(plans):
                if plan["registered"] <= day and index not in ids:
                    trip = Trip(
                        user_id=traveler.id,
                        status="active",
                        itinerary={"carrying": {"devices": ["laptop"]}},
                        traveler_name="T",
                        traveler_email=traveler.email,
                        departure=plan["departure"],
                        return_date=plan["return"],
                        countries="CN",
                    )
                    session.add(trip)
                    session.flush()
                    session.add(
                        TripItem(
                            trip_id=trip.id,
                            item_id="loaner-device",
                            title="Loaner",
                            category="devices",
                            status="open",
                        )
                    )
                    ids[index] = trip.id
                if plan["asks"] == day or (plan["asks"] and plan["asks"] < SEASON_START == day):
                    session.add(
                        LoanerRequest(
                            trip_id=ids[index],
                            requester_id=traveler.id,
                            kinds="laptop",
                            pickup_date=plan["pickup"],
                            return_date=plan["back"],
                            state="requested",
                            revision=0,
                            created_at=_at(day),
                        )
                    )
            session.flush()
            started = time.perf_counter()
            chart, leads = demand_with_forecast(session, today=day, wipe_buffer_days=BUFFER)
            timings.append((time.perf_counter() - started) * 1000)
            laptop = chart.kinds[0]
            # Only the conference's shortage counts: a short day in its week.
            week = [i for i in range(chart.days) if abs((chart.day(i) - CONFERENCE).days) <= 7]
            old[day] = any(laptop.needed[i] > laptop.available for i in week)
            new[day] = any(laptop.total(i) > laptop.available for i in week)
            never_short = [i for i in range(chart.days) if final[chart.day(i)] <= LAPTOPS]
            false_alarms["requests"] += any(laptop.needed[i] > laptop.available for i in never_short)
            false_alarms["trips"] += any(laptop.total(i) > laptop.available for i in never_short)
            day += timedelta(days=1)
        session.commit()
    truth = max(final[CONFERENCE + timedelta(days=d)] for d in range(-7, 8))
    print(
        f"  seeded: {LAPTOPS} laptops, {len(plans)} trips calling for a loaner "
        f"({NEVER_ASK:.0%} never ask), 120 past loans"
    )
    print(f"  {leads.text}")
    print(f"  with every request in, the conference week needs up to {truth} laptops ({LAPTOPS} in service)")
    first_old, first_new = _first_morning(old), _first_morning(new)
    mornings = len(old)
    print(
        f"  false alarms: of {mornings} mornings, {false_alarms['trips']} show a shortage on a day that is "
        f"not short in the end with trips, {false_alarms['requests']} from requests only"
    )
    for label, first in (("requests only (before)", first_old), ("with trips (now)", first_new)):
        ahead = f"{(CONFERENCE - first).days} days before the conference" if first else "never"
        print(f"  {label}: the chart first shows the shortage on {first}, {ahead}")
    if first_old and first_new:
        print(f"  the desk sees it {(first_old - first_new).days} days earlier")
    print(
        f"  chart with forecast, per morning: median {statistics.median(timings):.1f} ms "
        f"(max {max(timings):.1f} ms) on SQLite"
    )


def _held_in_the_end(plans: list[dict]) -> dict[date, int]:
    """Laptops held on each day once every traveller who asks has asked: what really happens."""
    held: dict[date, int] = defaultdict(int)
    for plan in plans:
        if plan["asks"] is None:
            continue
        day = plan["pickup"]
        while day <= plan["back"] + timedelta(days=BUFFER):
            held[day] += 1
            day += timedelta(days=1)
    return held


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        engine = make_engine(f"sqlite:///{Path(folder) / 'forecast.sqlite3'}")
        replay(engine, random.Random(16))
        engine.dispose()


if __name__ == "__main__":
    main()
