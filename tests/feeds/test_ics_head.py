"""HEAD on every .ics URL: calendar apps probe with it before subscribing, and expect GET's headers."""

from __future__ import annotations

import pytest

from tests.feeds.conftest import desk_feed_path, feed_path
from tests.support.web import create_trip, sign_in

pytestmark = pytest.mark.web
SAME_HEADERS = ("content-type", "content-length", "etag", "cache-control", "content-disposition")


def assert_head_matches_get(client, path: str) -> None:
    get = client.get(path)
    head = client.head(path)
    assert get.status_code == head.status_code == 200, (path, head.status_code)
    assert head.content == b""
    assert int(head.headers["content-length"]) == len(get.content) > 0
    # The ETag is built from the data, not the DTSTAMP, so both answers carry the same one.
    assert {h: head.headers.get(h) for h in SAME_HEADERS} == {h: get.headers.get(h) for h in SAME_HEADERS}
    assert head.headers["content-type"].startswith("text/calendar")


def test_head_on_the_traveler_feed_and_the_trip_download(client):
    sign_in(client)
    trip_id = create_trip(client)
    for path in (feed_path(client), f"/trips/{trip_id}/calendar.ics"):
        assert_head_matches_get(client, path)


def test_head_on_the_desk_download_and_feed(other_client):
    sign_in(other_client, "desk@example.edu", "loaner_staff")
    for path in ("/loaner/calendar.ics", desk_feed_path(other_client)):
        assert_head_matches_get(other_client, path)


def test_head_with_a_current_etag_is_304(client):
    sign_in(client)
    create_trip(client)
    path = feed_path(client)
    etag = client.head(path).headers["etag"]
    poll = client.head(path, headers={"If-None-Match": etag})
    assert poll.status_code == 304 and poll.headers["etag"] == etag and poll.content == b""


def test_head_keeps_every_refusal(client, other_client):
    sign_in(client)
    trip_id = create_trip(client)
    sign_in(other_client, "mallory@example.edu")
    assert other_client.head(f"/trips/{trip_id}/calendar.ics").status_code == 404
    assert other_client.head("/loaner/calendar.ics").status_code == 403
    assert other_client.head("/calendar/not-a-token.ics").status_code == 404
    other_client.post("/signout")
    assert other_client.head(f"/trips/{trip_id}/calendar.ics").status_code == 303  # to sign in
