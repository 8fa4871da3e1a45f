"""Which items a traveler is reminded of on a given day (pure: no database, no clock)."""

from __future__ import annotations

from datetime import date, timedelta

from tests.builders import trip_data
from tests.support.fixtures import itinerary_data
from travelprep.reminders.plan import due_reminders

BEFORE = date(2027, 2, 27)  # the trip leaves on 2027-03-09 and comes back on 2027-03-20


def remind(checklist, today, finished=frozenset(), window=7):
    return due_reminders(
        checklist,
        trip_id=1,
        trip_title="Trip to Paris",
        trip_url="https://x.example/trips/1",
        finished=finished,
        today=today,
        window_days=window,
    )


def test_due_soon_and_overdue_items_within_the_window(checklist_for):
    checklist = checklist_for(trip_data(), today=BEFORE)
    found = remind(checklist, BEFORE)
    assert found
    for reminder in found:
        assert reminder.item.due <= BEFORE + timedelta(days=7)
        assert reminder.kind == ("overdue" if reminder.item.due < BEFORE else "due_soon")
    dated = [i for i in checklist.items if i.due is not None and i.due <= BEFORE + timedelta(days=7)]
    assert {r.item.id for r in found} == {i.id for i in dated}


def test_finished_items_and_items_beyond_the_window_are_left_out(checklist_for):
    checklist = checklist_for(trip_data(), today=BEFORE)
    everything = remind(checklist, BEFORE)
    done = frozenset({everything[0].item.id})
    assert everything[0].item.id not in {r.item.id for r in remind(checklist, BEFORE, finished=done)}
    assert len(remind(checklist, BEFORE, window=0)) <= len(everything)


def test_a_moved_due_date_is_a_new_key(checklist_for):
    first = remind(checklist_for(trip_data(), today=BEFORE), BEFORE)
    moved = trip_data(departure="2027-03-08")
    second = remind(checklist_for(moved, today=BEFORE), BEFORE)
    shared = {r.item.id for r in first} & {r.item.id for r in second}
    keys_first = {r.key for r in first if r.item.id in shared}
    keys_second = {r.key for r in second if r.item.id in shared}
    assert shared and not keys_first & keys_second


def test_after_departure_only_post_trip_items_are_reminded(checklist_for):
    during = date(2027, 3, 15)
    checklist = checklist_for(itinerary_data(), today=during)  # Shanghai with a laptop: items after return
    found = remind(checklist, during, window=30)
    assert any(i.due_anchor == "departure" and i.due < during for i in checklist.items)
    assert found and all(r.item.due_anchor == "return" for r in found)
