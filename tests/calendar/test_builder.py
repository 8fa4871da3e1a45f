"""The calendar a traveler downloads or subscribes to, read back by two independent parsers."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta

import pytest

from tests.calendar.conftest import DATED_ITEMS, DOMAIN, NOW, build
from tests.support.calendars import events_by_uid, parse_both
from travelprep.calendar.trips import TripCalendar


def test_both_parsers_read_every_event(example_trip):
    lenient, strict = parse_both(build(example_trip))
    uids = set(events_by_uid(lenient))
    assert {e.uid for e in strict.events} == uids
    assert uids == (
        {f"trip-42@{DOMAIN}"}
        | {f"trip-42-{i}@{DOMAIN}" for i in DATED_ITEMS}
        | {f"trip-42-departure-minus-{d}d@{DOMAIN}" for d in (30, 14, 7, 1)}
    )


def test_calendar_properties_for_subscribers(example_trip):
    lenient, strict = parse_both(build(example_trip, name="Ada's trips"))
    assert str(lenient["VERSION"]) == "2.0" and str(lenient["METHOD"]) == "PUBLISH"
    assert "TravelPrep" in str(lenient["PRODID"]) and strict.prodid == str(lenient["PRODID"])
    assert str(lenient["X-WR-CALNAME"]) == "Ada's trips"
    assert lenient["REFRESH-INTERVAL"].params["VALUE"] == "DURATION"
    assert lenient["REFRESH-INTERVAL"].dt == timedelta(hours=12)
    raw = build(example_trip).decode()
    assert "\r\nREFRESH-INTERVAL;VALUE=DURATION:PT12H\r\n" in raw
    assert "\r\nX-PUBLISHED-TTL:PT12H\r\n" in raw  # a duration, not Python's '12:00:00'


def test_trip_spans_departure_to_return_with_exclusive_end(example_trip):
    lenient, strict = parse_both(build(example_trip))
    trip = events_by_uid(lenient)[f"trip-42@{DOMAIN}"]
    assert trip["DTSTART"].dt == date(2027, 3, 9)
    assert trip["DTEND"].dt == date(2027, 3, 21)  # back on the 20th: the 20th is still shown
    assert trip["DTSTART"].params["VALUE"] == "DATE"
    strict_trip = next(e for e in strict.events if e.uid == f"trip-42@{DOMAIN}")
    assert (strict_trip.dtstart, strict_trip.dtend) == (date(2027, 3, 9), date(2027, 3, 21))
    assert str(trip["SUMMARY"]) == "Shanghai and Hong Kong"
    assert "China" in str(trip["LOCATION"]) and "Hong Kong" in str(trip["LOCATION"])


def test_items_are_all_day_events_on_their_due_dates(example_trip, example_checklist):
    events = events_by_uid(parse_both(build(example_trip))[0])
    for item in example_checklist.items:
        uid = f"trip-42-{item.id}@{DOMAIN}"
        if item.due is None:
            assert uid not in events
            continue
        event = events[uid]
        assert str(event["SUMMARY"]) == item.title
        assert event["DTSTART"].dt == item.due
        assert event["DTEND"].dt == item.due + timedelta(days=1)
        assert str(event["TRANSP"]) == "TRANSPARENT"


def test_post_trip_items_come_after_return(example_trip):
    events = events_by_uid(parse_both(build(example_trip))[0])
    returned = events[f"trip-42-return-device@{DOMAIN}"]
    assert returned["DTSTART"].dt > date(2027, 3, 20)


def test_item_description_explains_why_what_and_where(example_trip, example_checklist):
    lenient, strict = parse_both(build(example_trip))
    loaner = next(i for i in example_checklist.items if i.id == "loaner-device")
    description = str(events_by_uid(lenient)[f"trip-42-loaner-device@{DOMAIN}"]["DESCRIPTION"])
    assert description.startswith("Why:\n- Leg 1: Shanghai, China")
    assert "What to do:\nLeave your everyday laptop" in description
    assert loaner.links[0].url in description
    assert loaner.contact.email in description
    assert description.endswith("Your trip checklist: https://travelprep.example.edu/trips/42")
    assert "**" not in description and "](" not in description  # Markdown turned into plain text
    strict_event = next(e for e in strict.events if e.uid == f"trip-42-loaner-device@{DOMAIN}")
    assert strict_event.description == description


def test_late_advice_leads_the_description_when_time_is_short(rulebook, example_itinerary):
    from travelprep.engine.checklist import generate_checklist

    late = generate_checklist(example_itinerary, rulebook, date(2027, 3, 1))
    trip = TripCalendar(key="trip-42", checklist=late, title="Shanghai")
    loaner = events_by_uid(parse_both(build(trip))[0])[f"trip-42-loaner-device@{DOMAIN}"]
    description = str(loaner["DESCRIPTION"])
    assert description.startswith("Do this now: There is less than two weeks left.")


def test_alarms_fire_before_their_events(example_trip):
    lenient, strict = parse_both(build(example_trip))
    alarmed = 0
    for event in lenient.walk("VEVENT"):
        for alarm in event.walk("VALARM"):
            trigger = alarm["TRIGGER"]
            assert trigger.dt < timedelta(0), event["UID"]
            assert trigger.params.get("RELATED", "START") == "START"
            assert str(alarm["ACTION"]) == "DISPLAY" and str(alarm["DESCRIPTION"])
            alarmed += 1
    assert alarmed == len(DATED_ITEMS) + 4  # every item and every reminder, not the trip itself
    strict_triggers = [alarm.trigger for event in strict.events for alarm in event.alarm]
    assert len(strict_triggers) == alarmed
    assert all(trigger < timedelta(0) for trigger in strict_triggers)
    assert "TRIGGER:-PT15H" in build(example_trip).decode()  # 09:00 the day before


def test_reminders_at_the_configured_offsets(example_checklist):
    trip = TripCalendar(key="trip-7", checklist=example_checklist, title="Shanghai", reminder_days=(21, 3))
    events = events_by_uid(parse_both(build(trip))[0])
    reminders = {uid: e for uid, e in events.items() if "departure-minus" in uid}
    assert {e["DTSTART"].dt for e in reminders.values()} == {date(2027, 2, 16), date(2027, 3, 6)}
    assert str(reminders[f"trip-7-departure-minus-3d@{DOMAIN}"]["SUMMARY"]) == "Shanghai: you leave in 3 days"


@pytest.mark.parametrize("days", [(0,), (-3, 7)])
def test_reminders_must_fall_before_departure(example_checklist, days):
    with pytest.raises(ValueError, match="reminder days"):
        TripCalendar(key="trip-7", checklist=example_checklist, title="x", reminder_days=days)


def test_uids_are_stable_across_regenerations(example_trip):
    first = events_by_uid(parse_both(build(example_trip))[0])
    again = events_by_uid(parse_both(build(example_trip, now=NOW + timedelta(days=3)))[0])
    assert set(first) == set(again)
    assert all(str(e["DTSTAMP"].dt) != str(first[uid]["DTSTAMP"].dt) for uid, e in again.items())


def test_dtstamp_is_now_in_utc(example_trip):
    lenient, strict = parse_both(build(example_trip))
    assert {e["DTSTAMP"].dt for e in lenient.walk("VEVENT")} == {NOW}
    assert {e.dtstamp for e in strict.events} == {NOW}


def test_sequence_is_the_callers_and_bumps_with_it(example_trip):
    before = parse_both(build(example_trip))[1]
    bumped = parse_both(build(dataclasses.replace(example_trip, sequence=3)))[1]
    assert {e.sequence for e in before.events} == {0}
    assert {e.sequence for e in bumped.events} == {3}


def test_moved_deadlines_move_and_keep_their_uids(rulebook, example_itinerary):
    from travelprep.engine.checklist import generate_checklist
    from travelprep.engine.itinerary import parse_itinerary

    data = example_itinerary.to_data()
    later = {
        **data,
        "departure": "2027-04-06",
        "return": "2027-04-17",
        "legs": [
            {**data["legs"][0], "arrive": "2027-04-07", "depart": "2027-04-12"},
            {**data["legs"][1], "arrive": "2027-04-12", "depart": "2027-04-16"},
        ],
    }
    day = date(2026, 11, 21)
    before = TripCalendar(
        key="trip-42", checklist=generate_checklist(example_itinerary, rulebook, day), title="Shanghai"
    )
    after = TripCalendar(
        key="trip-42",
        checklist=generate_checklist(parse_itinerary(later), rulebook, day),
        title="Shanghai",
        sequence=1,
    )
    old, new = events_by_uid(parse_both(build(before))[0]), events_by_uid(parse_both(build(after))[0])
    assert set(old) == set(new)
    loaner = f"trip-42-loaner-device@{DOMAIN}"
    assert old[loaner]["DTSTART"].dt == date(2027, 2, 23)
    assert new[loaner]["DTSTART"].dt == date(2027, 3, 23)  # 14 days before the new departure
    assert new[f"trip-42@{DOMAIN}"]["DTEND"].dt == date(2027, 4, 18)
    assert new[loaner]["SEQUENCE"] == 1


def test_cancelled_trip_events_are_cancelled_and_silent(example_trip):
    cancelled = dataclasses.replace(example_trip, cancelled=True, sequence=2)
    lenient, strict = parse_both(build(cancelled))
    events = lenient.walk("VEVENT")
    assert events and all(str(e["STATUS"]) == "CANCELLED" for e in events)
    assert all(str(e["SUMMARY"]).startswith("Cancelled: ") for e in events)
    assert not lenient.walk("VALARM")
    assert {e.status for e in strict.events} == {"CANCELLED"}
    live = parse_both(build(example_trip))[0]
    assert {str(e["STATUS"]) for e in live.walk("VEVENT")} == {"CONFIRMED"}


def test_done_items_leave_the_calendar(example_trip):
    done = dataclasses.replace(
        example_trip, done_items={"loaner-device", "travel-health", "contact-compliance"}
    )
    uids = set(events_by_uid(parse_both(build(done))[0]))
    assert f"trip-42-loaner-device@{DOMAIN}" not in uids and f"trip-42-travel-health@{DOMAIN}" not in uids
    assert f"trip-42-register-trip@{DOMAIN}" in uids and f"trip-42@{DOMAIN}" in uids
    assert len(uids) == 1 + 4 + len(DATED_ITEMS) - 2


def test_a_feed_holds_many_trips_with_distinct_uids(example_checklist):
    trips = [TripCalendar(key=f"trip-{n}", checklist=example_checklist, title=f"Trip {n}") for n in range(5)]
    lenient, strict = parse_both(build(*trips))
    assert len(strict.events) == 5 * (1 + 4 + len(DATED_ITEMS))
    assert len(events_by_uid(lenient)) == len(strict.events)


def test_a_cached_trip_still_shows_changed_text(example_trip, example_checklist):
    """Reusing serialized events must never serve stale text, even without a sequence bump."""
    build(example_trip)
    items = [
        i.model_copy(update={"title": "Renamed item"}) if i.id == "loaner-device" else i
        for i in example_checklist.items
    ]
    renamed = example_checklist.model_copy(update={"items": items})
    changed = dataclasses.replace(example_trip, checklist=renamed)
    event = events_by_uid(parse_both(build(changed))[0])[f"trip-42-loaner-device@{DOMAIN}"]
    assert str(event["SUMMARY"]) == "Renamed item"


def test_cached_and_fresh_builds_are_the_same_bytes(example_trip):
    from travelprep.calendar.builder import SERIALIZED_TRIPS

    fresh = build(example_trip)
    assert build(example_trip) == fresh  # from the cache
    SERIALIZED_TRIPS.clear()
    assert build(example_trip) == fresh


@pytest.mark.parametrize("key", ["", "trip 42", "trip-42@evil", "a\r\nUID:x", "x" * 101])
def test_trip_keys_that_would_break_uids_are_refused(example_checklist, key):
    with pytest.raises(ValueError, match="trip key"):
        TripCalendar(key=key, checklist=example_checklist, title="x")


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", "https://x.example/a b", "https://x.example/\r\nX:1", "/trips/4"]
)
def test_trip_urls_must_be_plain_http(example_checklist, url):
    with pytest.raises(ValueError, match="URL"):
        TripCalendar(key="trip-1", checklist=example_checklist, title="x", url=url)


def test_build_refuses_naive_now_and_bad_domains(example_trip):
    from travelprep.calendar.builder import build_calendar

    with pytest.raises(ValueError, match="timezone-aware"):
        build_calendar([example_trip], name="x", domain=DOMAIN, now=NOW.replace(tzinfo=None))
    with pytest.raises(ValueError, match="domain"):
        build_calendar([example_trip], name="x", domain="evil\r\nX:1", now=NOW)


def test_a_traveler_without_trips_gets_an_empty_valid_calendar():
    lenient, strict = parse_both(build())
    assert strict.events == [] and not lenient.walk("VEVENT")
    assert str(lenient["X-WR-CALNAME"]) == "Ada's trips"
