"""A traveler's feed: 50 trips with 20 dated items each.

Goals (issue 4): the full feed builds in under 50 ms, and a conditional GET answers 304
from `feed_etag` without building the calendar at all.
Times are CPU time, best of several rounds, so other work on this 2-core machine does not
skew them.
"""

from __future__ import annotations

import dataclasses
import time
from datetime import UTC, date, datetime, timedelta

from travelprep.calendar.builder import SERIALIZED_TRIPS, build_calendar
from travelprep.calendar.trips import TripCalendar, feed_etag
from travelprep.engine.checklist import Checklist, generate_checklist
from travelprep.engine.itinerary import parse_itinerary
from travelprep.engine.rules.rulebook import load_rulebook

TODAY = date(2026, 11, 21)
NOW = datetime(2026, 11, 21, 12, tzinfo=UTC)
TRIPS, DATED_ITEMS = 50, 20
FEED = {"name": "Ada Lovelace: trips", "domain": "travelprep.example.edu"}


def busy_trip(departure: date) -> dict:
    """A trip that fires many rules: elevated-risk destinations, devices, data, money."""
    day = departure.isoformat
    return {
        "traveler": {
            "name": "Ada Lovelace",
            "email": "ada@example.edu",
            "role": "faculty",
            "citizenships": ["US", "GB"],
        },
        "departure": day(),
        "return": (departure + timedelta(days=11)).isoformat(),
        "legs": [
            {
                "country": "CN",
                "city": "Shanghai",
                "arrive": (departure + timedelta(days=1)).isoformat(),
                "depart": (departure + timedelta(days=5)).isoformat(),
            },
            {
                "country": "RU",
                "city": "Moscow",
                "arrive": (departure + timedelta(days=5)).isoformat(),
                "depart": (departure + timedelta(days=10)).isoformat(),
            },
        ],
        "purposes": ["conference", "research"],
        "activities": {
            "informal_collaboration": True,
            "formal_collaboration": True,
            "presenting": True,
            "foreign_compensation": True,
        },
        "carrying": {"devices": ["laptop", "phone"], "data": ["export_controlled"], "equipment": True},
        "institutions": ["Fudan University"],
    }


def with_dated_items(checklist: Checklist, count: int) -> Checklist:
    """Exactly `count` dated items: the real ones, then copies under new ids if there are too few."""
    dated = [item for item in checklist.items if item.due is not None]
    items = list(dated)
    copy = 0
    while len(items) < count:
        source = dated[copy % len(dated)]
        copy += 1
        items.append(source.model_copy(update={"id": f"{source.id}-{copy}"}))
    return checklist.model_copy(update={"items": items[:count]})


def feed_trips() -> list[TripCalendar]:
    rulebook = load_rulebook()
    trips = []
    for number in range(TRIPS):
        itinerary = parse_itinerary(busy_trip(date(2027, 1, 4) + timedelta(days=9 * number)))
        checklist = with_dated_items(generate_checklist(itinerary, rulebook, TODAY), DATED_ITEMS)
        key = f"trip-{1000 + number}"
        trips.append(
            TripCalendar(
                key=key,
                checklist=checklist,
                title=f"Conference trip {number}",
                url=f"https://travelprep.example.edu/trips/{key}",
                sequence=number % 3,
            )
        )
    return trips


def best(action, rounds: int, before=lambda: None) -> float:
    """Smallest CPU time of `action` over the rounds, in seconds."""
    times = []
    for _ in range(rounds):
        before()
        start = time.process_time()
        action()
        times.append(time.process_time() - start)
    return min(times)


def main() -> None:
    trips = feed_trips()
    build = lambda: build_calendar(trips, now=NOW, **FEED)  # noqa: E731
    feed = build()
    events = feed.count(b"BEGIN:VEVENT")
    cold = best(build, 5, before=SERIALIZED_TRIPS.clear)
    build()
    warm = best(lambda: build_calendar(trips, now=datetime.now(UTC), **FEED), 20)
    changed = list(trips)

    def one_trip_changed() -> None:
        changed[7] = dataclasses.replace(changed[7], sequence=changed[7].sequence + 1)

    one_changed = best(lambda: build_calendar(changed, now=NOW, **FEED), 10, before=one_trip_changed)
    calls = 200
    etag = best(lambda: [feed_etag(trips, **FEED) for _ in range(calls)], 5) / calls
    print(f"feed: {TRIPS} trips x {DATED_ITEMS} dated items = {events} events, {len(feed) / 1000:,.0f} kB")
    print(f"build, nothing cached (first request):  {cold * 1000:8.1f} ms")
    print(f"build, trips cached (new DTSTAMP only):  {warm * 1000:8.1f} ms  (goal < 50 ms)")
    print(f"build, one trip changed:                 {one_changed * 1000:8.1f} ms")
    print(f"feed_etag (answers a 304):               {etag * 1000:8.3f} ms")
    print(f"cached build / etag:                     {warm / etag:8.0f}x")
    print(f"uncached build / etag:                   {cold / etag:8.0f}x")
