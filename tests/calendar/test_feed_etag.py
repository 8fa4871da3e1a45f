"""The feed's ETag changes exactly when the feed would, and is computed without building it."""

from __future__ import annotations

import dataclasses
import re
from datetime import timedelta

from tests.calendar.conftest import DOMAIN
from travelprep.calendar.trips import TripCalendar, feed_etag


def etag(*trips: TripCalendar, name: str = "Ada's trips") -> str:
    return feed_etag(list(trips), name=name, domain=DOMAIN)


def with_item(trip: TripCalendar, pick, **update) -> TripCalendar:
    """The trip with the picked checklist items changed."""
    checklist = trip.checklist
    items = [item.model_copy(update=update) if pick(item) else item for item in checklist.items]
    return dataclasses.replace(trip, checklist=checklist.model_copy(update={"items": items}))


def test_etag_is_a_quoted_weak_validator(example_trip):
    assert re.fullmatch(r'W/"[0-9a-f]{32}"', etag(example_trip))


def test_same_inputs_same_etag(example_trip, example_checklist):
    twin = TripCalendar(
        key="trip-42",
        checklist=example_checklist,
        title="Shanghai and Hong Kong",
        url="https://travelprep.example.edu/trips/42",
    )
    assert etag(example_trip) == etag(twin)


def test_every_change_a_subscriber_would_see_changes_it(example_trip):
    loaner = next(i for i in example_trip.checklist.items if i.id == "loaner-device")
    changes = [
        dataclasses.replace(example_trip, sequence=1),
        dataclasses.replace(example_trip, cancelled=True),
        dataclasses.replace(example_trip, done_items={"loaner-device"}),
        dataclasses.replace(example_trip, title="Shanghai only"),
        dataclasses.replace(example_trip, url="https://travelprep.example.edu/trips/43"),
        dataclasses.replace(example_trip, reminder_days=(10,)),
        with_item(example_trip, lambda i: i.id == "loaner-device", due=loaner.due + timedelta(days=1)),
        with_item(example_trip, lambda i: i.id == "loaner-device", late_advice="Act now"),
    ]
    tags = [etag(trip) for trip in changes]
    assert etag(example_trip) not in tags
    assert len(set(tags)) == len(tags)
    assert etag(example_trip, name="Other name") != etag(example_trip)


def test_trip_order_and_membership_count(example_trip):
    other = dataclasses.replace(example_trip, key="trip-43")
    assert etag(example_trip, other) != etag(other, example_trip)
    assert etag(example_trip, other) != etag(example_trip)
    assert etag() != etag(example_trip)


def test_undated_items_do_not_change_it(example_trip):
    """Items without a due date are not in the calendar, so they must not force a download."""
    assert any(i.due is None for i in example_trip.checklist.items)
    changed = with_item(example_trip, lambda i: i.due is None, title="Other text")
    assert etag(changed) == etag(example_trip)
