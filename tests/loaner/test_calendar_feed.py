"""The desk's calendar: stable UIDs, SEQUENCE from the revision, user text cleaned, valid RFC 5545."""

from datetime import UTC, date, datetime

from ical.calendar_stream import IcsCalendarStream

from tests.support.calendars import events_by_uid, parse_both
from travelprep.loaner.calendar_feed import LoanEvent, build_loaner_calendar, loaner_feed_etag

NOW = datetime(2026, 11, 21, 12, tzinfo=UTC)


def _loan(**changes) -> LoanEvent:
    values = dict(
        request_id=7, requester="Ada Lovelace", kinds="laptop phone", pickup=date(2027, 3, 5),
        return_date=date(2027, 3, 24), state="ready", revision=3, devices=("LT-1", "PH-2"),
    )  # fmt: skip
    return LoanEvent(**(values | changes))


def _events(body: bytes):
    return IcsCalendarStream.calendar_from_ics(body.decode()).events


def test_a_pickup_and_a_return_with_stable_uids_and_the_revision_as_sequence():
    events = _events(build_loaner_calendar([_loan()], domain="travelprep.example.edu", now=NOW))
    assert [(e.uid, e.dtstart, e.sequence) for e in events] == [
        ("loaner-7-pickup@travelprep.example.edu", date(2027, 3, 5), 3),
        ("loaner-7-return@travelprep.example.edu", date(2027, 3, 24), 3),
    ]
    assert events[0].summary == "Pickup: Ada Lovelace, laptop, phone (LT-1, PH-2)"
    later = _events(build_loaner_calendar([_loan(revision=4)], domain="travelprep.example.edu", now=NOW))
    assert [e.uid for e in later] == [e.uid for e in events] and later[0].sequence == 4


def test_once_picked_up_only_the_return_is_shown_and_cancelled_ones_say_so():
    out = _events(build_loaner_calendar([_loan(state="picked_up")], domain="h.example", now=NOW))
    assert [e.uid for e in out] == ["loaner-7-return@h.example"]
    cancelled = _events(build_loaner_calendar([_loan(state="cancelled")], domain="h.example", now=NOW))
    assert all(e.summary.startswith("Cancelled: ") and str(e.status).endswith("CANCELLED") for e in cancelled)
    assert _events(build_loaner_calendar([_loan(state="closed")], domain="h.example", now=NOW)) == []


def test_hostile_names_cannot_add_properties():
    body = build_loaner_calendar(
        [_loan(requester="Eve\r\nATTENDEE:mailto:x@evil.example")], domain="h", now=NOW
    )
    assert b"\r\nATTENDEE" not in body
    assert _events(body)[0].summary.startswith("Pickup: Eve ATTENDEE:mailto:x@evil.example")


def test_subscribers_get_the_trip_calendars_refresh_hints_and_both_parsers_read_it():
    loans = [_loan(), _loan(request_id=8, state="picked_up")]
    body = build_loaner_calendar(loans, domain="h.example", now=NOW)
    assert b"\r\nREFRESH-INTERVAL;VALUE=DURATION:PT12H\r\n" in body
    assert b"\r\nX-PUBLISHED-TTL:PT12H\r\n" in body
    lenient, strict = parse_both(body)
    assert set(events_by_uid(lenient)) == {e.uid for e in strict.events} == {
        "loaner-7-pickup@h.example", "loaner-7-return@h.example", "loaner-8-return@h.example"
    }  # fmt: skip


def test_the_etag_follows_everything_the_events_show_and_nothing_else():
    etag = loaner_feed_etag([_loan()], domain="h.example")
    assert etag.startswith('W/"') and etag == loaner_feed_etag([_loan()], domain="h.example")
    changes = [{"revision": 4}, {"state": "approved"}, {"devices": ("LT-9",)}, {"requester": "Ada L."},
               {"pickup": date(2027, 3, 4)}, {"return_date": date(2027, 3, 25)}, {"kinds": "laptop"},
               {"url": "https://h.example/loaner/requests/7"}]  # fmt: skip
    for change in changes:
        assert loaner_feed_etag([_loan(**change)], domain="h.example") != etag, change
    assert loaner_feed_etag([_loan()], domain="other.example") != etag
    assert loaner_feed_etag([_loan(), _loan(request_id=8)], domain="h.example") != etag
    assert loaner_feed_etag([], domain="h.example") != etag
