"""A saved trip's .ics download and the traveler's subscribed feed, read back by two parsers."""

from __future__ import annotations

import logging
import re
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import update

from tests.feeds.conftest import feed_path
from tests.support.calendars import events_by_uid, parse_both
from tests.support.web import create_trip, form_data, sign_in
from travelprep.db.engine import make_session_factory
from travelprep.db.models import Trip
from travelprep.web.log_redaction import FeedTokenFilter

pytestmark = pytest.mark.web
DOMAIN = "127.0.0.1"  # the host of the default public base URL


def trip_uids(calendar, trip_id: int) -> dict[str, object]:
    return {uid: e for uid, e in events_by_uid(calendar).items() if uid.startswith(f"trip-{trip_id}")}


def test_trip_download_is_a_calendar_both_parsers_read(client):
    sign_in(client)
    trip_id = create_trip(client)
    response = client.get(f"/trips/{trip_id}/calendar.ics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/calendar")
    assert "attachment" in response.headers["content-disposition"]
    lenient, strict = parse_both(response.content)
    events = trip_uids(lenient, trip_id)
    assert f"trip-{trip_id}@{DOMAIN}" in events
    assert {e.uid for e in strict.events} == set(events_by_uid(lenient))
    item_events = [e for uid, e in events.items() if "departure-minus" not in uid and uid.count("-") > 1]
    assert item_events and all(e.walk("VALARM") for e in item_events)  # the download keeps alarms
    assert all(str(e["TRIGGER"].to_ical().decode()).startswith("-") for e in lenient.walk("VALARM"))
    assert f"http://127.0.0.1:8000/trips/{trip_id}" in response.text.replace("\r\n ", "")


def test_trip_page_links_to_its_calendar(client):
    sign_in(client)
    trip_id = create_trip(client)
    assert f'href="/trips/{trip_id}/calendar.ics"' in client.get(f"/trips/{trip_id}").text


def test_another_users_trip_calendar_is_not_found(client, other_client):
    sign_in(client)
    trip_id = create_trip(client)
    sign_in(other_client, "mallory@example.edu")
    assert other_client.get(f"/trips/{trip_id}/calendar.ics").status_code == 404
    sign_in(other_client, "staff@example.edu", role="compliance")
    assert other_client.get(f"/trips/{trip_id}/calendar.ics").status_code == 404
    assert client.get("/trips/999999/calendar.ics").status_code == 404


def test_feed_needs_no_sign_in_and_has_refresh_hints(client, app):
    sign_in(client)
    trip_id = create_trip(client)
    path = feed_path(client)
    client.post("/signout")
    response = client.get(path)
    assert response.status_code == 200, response.text
    assert "\r\nREFRESH-INTERVAL;VALUE=DURATION:" in response.text
    assert "\r\nX-PUBLISHED-TTL:" in response.text
    lenient, strict = parse_both(response.content)
    assert f"trip-{trip_id}@{DOMAIN}" in events_by_uid(lenient)
    assert len(strict.events) == len(list(lenient.walk("VEVENT")))


def test_edit_keeps_uids_bumps_sequence_and_moves_deadlines(client):
    sign_in(client)
    trip_id = create_trip(client)
    path = feed_path(client)
    before = trip_uids(parse_both(client.get(path).content)[0], trip_id)
    moved = form_data(
        **{
            "departure": "2027-04-09",
            "return": "2027-04-20",
            "legs[0].arrive": "2027-04-10",
            "legs[0].depart": "2027-04-15",
            "legs[1].arrive": "2027-04-15",
            "legs[1].depart": "2027-04-19",
        }
    )
    assert client.post(f"/trips/{trip_id}/edit", data=moved).status_code == 303
    after_raw = client.get(path).content
    after = trip_uids(parse_both(after_raw)[0], trip_id)
    assert set(after) == set(before)
    assert all(int(e["SEQUENCE"]) == 0 for e in before.values())
    assert all(int(e["SEQUENCE"]) == 1 for e in after.values())
    trip_uid = f"trip-{trip_id}@{DOMAIN}"
    assert after[trip_uid]["DTSTART"].dt == date(2027, 4, 9)
    moved_items = [uid for uid in after if after[uid]["DTSTART"].dt != before[uid]["DTSTART"].dt]
    assert len(moved_items) >= len(after) - 1  # every deadline is relative to the dates that moved


def test_cancelled_trip_shows_cancelled_then_disappears(client, app):
    sign_in(client)
    trip_id = create_trip(client)
    path = feed_path(client)
    assert client.post(f"/trips/{trip_id}/cancel").status_code == 303
    lenient, strict = parse_both(client.get(path).content)
    events = trip_uids(lenient, trip_id)
    assert events and all(str(e["STATUS"]) == "CANCELLED" for e in events.values())
    assert all(int(e["SEQUENCE"]) == 1 for e in events.values())
    assert {e.status.value for e in strict.events if e.uid.startswith(f"trip-{trip_id}")} == {"CANCELLED"}
    days = app.state.settings.calendar_cancelled_days
    with make_session_factory(app.state.engine)() as session:
        long_ago = datetime.now(UTC) - timedelta(days=days, hours=1)
        session.execute(update(Trip).where(Trip.id == trip_id).values(cancelled_at=long_ago))
        session.commit()
    assert trip_uids(parse_both(client.get(path).content)[0], trip_id) == {}


def test_done_items_leave_the_feed(client):
    sign_in(client)
    trip_id = create_trip(client)
    path = feed_path(client)
    events = trip_uids(parse_both(client.get(path).content)[0], trip_id)
    item_uid = next(uid for uid in events if "-register-trip@" in uid or "-visa@" in uid)
    item_id = item_uid.split("@")[0].removeprefix(f"trip-{trip_id}-")
    client.post(f"/trips/{trip_id}/items/{item_id}", data={"status": "done"})
    assert item_uid not in trip_uids(parse_both(client.get(path).content)[0], trip_id)
    assert f"trip-{trip_id}@{DOMAIN}" in trip_uids(parse_both(client.get(path).content)[0], trip_id)


def test_conditional_get_answers_304_until_the_trip_changes(client, monkeypatch):
    sign_in(client)
    trip_id = create_trip(client)
    path = feed_path(client)
    first = client.get(path)
    etag = first.headers["etag"]
    import travelprep.calendar.pages as feed_module

    def no_build(*args, **kwargs):
        raise AssertionError("a 304 must not build the calendar")

    monkeypatch.setattr(feed_module, "build_calendar", no_build)
    again = client.get(path, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b"" and again.headers["etag"] == etag
    monkeypatch.undo()
    client.post(f"/trips/{trip_id}/cancel")
    changed = client.get(path, headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["etag"] != etag


def test_regenerated_token_invalidates_the_old_url(client):
    sign_in(client)
    create_trip(client)
    old = feed_path(client)
    assert client.get(old).status_code == 200
    assert client.post("/profile/calendar-token").status_code == 303
    new = feed_path(client)
    assert new != old and len(new.removeprefix("/calendar/").removesuffix(".ics")) >= 40
    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200
    assert client.get("/calendar/not-a-token.ics").status_code == 404


def test_regenerating_from_another_site_is_refused(app, client):
    from fastapi.testclient import TestClient

    sign_in(client)
    old = feed_path(client)
    with TestClient(app, headers={"Origin": "https://evil.example"}, follow_redirects=False) as evil:
        evil.cookies = client.cookies
        assert evil.post("/profile/calendar-token").status_code == 403
    assert client.get(old).status_code == 200


def test_profile_page_explains_subscriptions_and_alarms(client):
    sign_in(client)
    page = client.get("/profile").text
    assert 'href="webcal://127.0.0.1:8000/calendar/' in page
    assert "Google Calendar" in page and "Apple Calendar" in page and "ignore" in page
    assert "download" in page and "keeps its reminders" in page
    assert 'name="email_reminders"' in page and "checked" in page
    assert client.post("/profile/reminders", data={}).status_code == 303
    assert " checked" not in client.get("/profile").text.split('id="email-reminders"')[1].split(">")[0]


def test_hostile_titles_cities_and_notes_cannot_inject_lines(client):
    sign_in(client, "x\r\nATTENDEE:evil@example.com@example.edu")
    hostile = "Paris\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:forged@evil"
    trip_id = create_trip(client, **{"legs[0].city": hostile, "traveler.name": "Ada\nX-EVIL:1"})
    client.post(f"/trips/{trip_id}/items/visa", data={"status": "not_applicable", "note": "a\r\nUID:x"})
    for path in (f"/trips/{trip_id}/calendar.ics", feed_path(client)):
        raw = client.get(path).content
        lenient, strict = parse_both(raw)
        lines = raw.decode().replace("\r\n ", "").split("\r\n")
        assert not any(line.startswith(("UID:forged", "X-EVIL", "ATTENDEE")) for line in lines)
        assert sum(line.startswith("UID:") for line in lines) == len(strict.events)
        assert all(re.fullmatch(r"[A-Z-]+[;:].*", line) for line in lines if line)


def test_feed_tokens_are_redacted_from_access_logs():
    record = logging.LogRecord(
        "uvicorn.access",
        logging.INFO,
        "",
        0,
        '%s - "%s %s HTTP/%s" %d',
        ("127.0.0.1:5000", "GET", "/calendar/SeCrEt-token_123.ics?x=1", "1.1", 200),
        None,
    )
    assert FeedTokenFilter().filter(record)
    assert "SeCrEt" not in record.getMessage() and "/calendar/[redacted].ics" in record.getMessage()


def test_a_remembered_etag_never_hides_a_change(client):
    sign_in(client)
    trip_id = create_trip(client)
    path = feed_path(client)
    etag = client.get(path).headers["etag"]
    assert client.get(path, headers={"If-None-Match": etag}).status_code == 304
    client.post(f"/trips/{trip_id}/items/visa", data={"status": "done"})
    after_done = client.get(path, headers={"If-None-Match": etag})
    assert after_done.status_code == 200 and after_done.headers["etag"] != etag
    etag = after_done.headers["etag"]
    assert (
        client.post(f"/trips/{trip_id}/edit", data=form_data(**{"legs[1].city": "Osaka"})).status_code == 303
    )
    after_edit = client.get(path, headers={"If-None-Match": etag})
    assert after_edit.status_code == 200 and "Osaka" in after_edit.text
    second = create_trip(
        client,
        departure="2027-06-01",
        **{
            "return": "2027-06-20",
            "legs[0].arrive": "2027-06-02",
            "legs[0].depart": "2027-06-10",
            "legs[1].arrive": "2027-06-10",
            "legs[1].depart": "2027-06-19",
        },
    )
    after_new = client.get(path, headers={"If-None-Match": after_edit.headers["etag"]})
    assert after_new.status_code == 200 and f"trip-{second}@" in after_new.text


def test_feed_tokens_are_stored_hashed_with_a_sealed_copy_for_the_profile_page(app, client):
    import hashlib

    from sqlalchemy import select

    from travelprep.db.engine import make_session_factory
    from travelprep.db.models import User

    sign_in(client)
    create_trip(client)
    token = feed_path(client).removeprefix("/calendar/").removesuffix(".ics")
    with make_session_factory(app.state.engine)() as session:
        user = session.scalar(select(User).where(User.email == "ada@example.edu"))
        assert user.calendar_token == hashlib.sha256(token.encode()).hexdigest()
        assert token not in (user.calendar_token_sealed or "")
    assert feed_path(client) == f"/calendar/{token}.ics"  # shown again from the sealed copy
    first = client.get(f"/calendar/{token}.ics")
    assert first.status_code == 200
    again = client.get(f"/calendar/{token}.ics", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304
    assert client.get(f"/calendar/{hashlib.sha256(token.encode()).hexdigest()}.ics").status_code == 404


def test_a_link_whose_sealed_copy_cannot_be_opened_is_explained_and_still_works(app, client):
    from sqlalchemy import update

    from travelprep.db.engine import make_session_factory
    from travelprep.db.models import User

    sign_in(client)
    path = feed_path(client)
    with make_session_factory(app.state.engine)() as session:
        session.execute(update(User).values(calendar_token_sealed=None))  # as migration 0008 leaves it
        session.commit()
    page = client.get("/profile").text
    assert 'id="feed-hidden"' in page and 'id="feed-url"' not in page
    assert client.get(path).status_code == 200
    assert client.post("/profile/calendar-token").status_code == 303
    assert client.get(feed_path(client)).status_code == 200 and client.get(path).status_code == 404
