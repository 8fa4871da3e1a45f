"""The loaner desk's subscribed feed: the staff member's calendar token, the role checked each time."""

from __future__ import annotations

import logging
import re

import pytest
from sqlalchemy import update

from tests.feeds.conftest import desk_feed_path
from tests.support.calendars import events_by_uid, parse_both
from tests.support.web import create_trip, sign_in
from travelprep.db.engine import make_session_factory
from travelprep.db.models import User
from travelprep.web.log_redaction import FeedTokenFilter

pytestmark = pytest.mark.web
DESK = "desk@example.edu"


def traveler_token(browser) -> str:
    page = browser.get("/profile").text
    return re.search(r'value="https?://[^"]+/calendar/([^"/]+)\.ics"', page).group(1)


def loaner_request(client) -> int:
    """A traveler's trip with a loaner request; returns the request's id."""
    trip_id = create_trip(client)
    form = {"kinds": "laptop", "pickup_date": "2027-03-05", "return_date": "2027-03-24", "note": ""}
    response = client.post(f"/trips/{trip_id}/loaner", data=form)
    assert response.status_code == 303, response.text
    return int(re.search(r'href="/loaner/requests/(\d+)"', client.get(f"/trips/{trip_id}").text).group(1))


def set_role(app, email: str, role: str) -> None:
    with make_session_factory(app.state.engine)() as session:
        session.execute(update(User).where(User.email == email).values(role=role))
        session.commit()


@pytest.fixture
def desk(other_client):
    sign_in(other_client, DESK, "loaner_staff")
    return other_client


def test_the_feed_needs_no_sign_in_and_both_parsers_read_it(client, desk):
    sign_in(client)
    request_id = loaner_request(client)
    path = desk_feed_path(desk)
    desk.post("/signout")
    response = desk.get(path)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/calendar")
    assert "content-disposition" not in response.headers  # subscribed, not downloaded
    assert "\r\nREFRESH-INTERVAL;VALUE=DURATION:PT12H\r\n" in response.text
    assert "\r\nX-PUBLISHED-TTL:PT12H\r\n" in response.text
    lenient, strict = parse_both(response.content)
    uids = {f"loaner-{request_id}-pickup@127.0.0.1", f"loaner-{request_id}-return@127.0.0.1"}
    assert set(events_by_uid(lenient)) == uids == {event.uid for event in strict.events}
    assert str(lenient["X-WR-CALNAME"]) == "Loaner desk: pickups and returns"


def test_the_feed_and_the_download_show_the_same_calendar(client, desk):
    sign_in(client)
    loaner_request(client)
    feed = desk.get(desk_feed_path(desk))
    download = desk.get("/loaner/calendar.ics")
    assert feed.headers["etag"] == download.headers["etag"]
    assert "attachment" in download.headers["content-disposition"]


def test_an_admin_has_the_feed_too(other_client):
    sign_in(other_client, "root@example.edu", "admin")
    assert other_client.get(desk_feed_path(other_client)).status_code == 200


@pytest.mark.parametrize("role", ["traveler", "compliance"])
def test_a_token_of_anyone_off_the_desk_is_not_found(client, role):
    sign_in(client, "someone@example.edu", role)
    token = traveler_token(client)
    assert 'id="loaner-calendar"' not in client.get("/profile").text
    assert client.get(f"/calendar/{token}.ics").status_code == 200  # their own feed works
    refused = client.get(f"/loaner/calendar/{token}.ics")
    unknown = client.get(f"/loaner/calendar/{'x' * 43}.ics")
    assert refused.status_code == unknown.status_code == 404
    assert refused.text == unknown.text  # nothing tells a real token from a made-up one
    assert client.head(f"/loaner/calendar/{token}.ics").status_code == 404


def test_a_demoted_staff_members_feed_stops_at_once(app, desk):
    path = desk_feed_path(desk)
    assert desk.get(path).status_code == 200
    set_role(app, DESK, "traveler")
    gone = desk.get(path)
    assert gone.status_code == 404 and "BEGIN:VCALENDAR" not in gone.text
    assert desk.get(path.replace("/loaner/calendar/", "/calendar/")).status_code == 200
    set_role(app, DESK, "loaner_staff")
    assert desk.get(path).status_code == 200  # the role is read on every request


def test_a_new_link_ends_both_old_feeds(desk):
    old = desk_feed_path(desk)
    assert desk.post("/profile/calendar-token").status_code == 303
    profile = desk.get("/profile?saved=link").text
    assert "This link is new too" in profile
    new = desk_feed_path(desk)
    assert new != old
    assert desk.get(old).status_code == 404
    assert desk.get(old.replace("/loaner/calendar/", "/calendar/")).status_code == 404
    assert desk.get(new).status_code == 200


def test_a_poll_with_the_etag_is_304_without_building_until_a_request_changes(client, desk, monkeypatch):
    sign_in(client)
    request_id = loaner_request(client)
    path = desk_feed_path(desk)
    etag = desk.get(path).headers["etag"]
    import travelprep.loaner.calendar_pages as feed_module

    def no_build(*args, **kwargs):
        raise AssertionError("a 304 must not build the calendar")

    monkeypatch.setattr(feed_module, "build_loaner_calendar", no_build)
    again = desk.get(path, headers={"If-None-Match": etag.removeprefix("W/")})
    assert again.status_code == 304 and again.content == b"" and again.headers["etag"] == etag
    monkeypatch.undo()
    approve = desk.post(f"/loaner/requests/{request_id}/transition", data={"to": "approved", "note": ""})
    assert approve.status_code == 303
    changed = desk.get(path, headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["etag"] != etag
    assert "SEQUENCE:1" in changed.text


def test_the_profile_offers_https_and_webcal_links_with_the_alarm_warning(desk):
    page = desk.get("/profile").text
    section = page.split('id="loaner-calendar"', 1)[1].split("</section>", 1)[0]
    assert 'href="webcal://127.0.0.1:8000/loaner/calendar/' in section
    assert 'value="http://127.0.0.1:8000/loaner/calendar/' in section
    assert "Google Calendar" in section and "Apple Calendar" in section and "ignore" in section
    assert "Keep this link private" in section
    assert 'href="/profile#loaner-calendar"' in desk.get("/loaner").text


def test_the_desk_feed_token_is_redacted_from_access_logs(desk, caplog):
    path = desk_feed_path(desk)
    token = path.removeprefix("/loaner/calendar/").removesuffix(".ics")
    record = logging.LogRecord(
        "uvicorn.access", logging.INFO, "", 0, '%s - "%s %s HTTP/%s" %d',
        ("127.0.0.1:5000", "GET", path, "1.1", 200), None,
    )  # fmt: skip
    assert FeedTokenFilter().filter(record)
    assert token not in record.getMessage()
    assert "/loaner/calendar/[redacted].ics" in record.getMessage()
    caplog.set_level(logging.DEBUG)
    desk.get(path)
    desk.head(path)
    served = [r for r in caplog.records if r.name != "httpx"]  # httpx: the test client's own log
    assert served and not any(token in r.getMessage() or token in str(vars(r)) for r in served)
