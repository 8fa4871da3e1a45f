"""A cleared screening hit leaves the traveler's calendar feed, and a remembered ETag never hides it."""

import re

import pytest

from tests.review.conftest import LISTED
from tests.review.helpers import decide, trip_with

pytestmark = pytest.mark.web
MATCH = "restricted-party-match"


def feed_path(client) -> str:
    url = re.search(r'value="(https?://[^"]+/calendar/[^"]+\.ics)"', client.get("/profile").text).group(1)
    return "/calendar/" + url.split("/calendar/", 1)[1]


def test_a_cleared_hit_leaves_the_feed_and_the_download(traveler, officer):
    trip_id = trip_with(traveler, LISTED)
    path = feed_path(traveler)
    first = traveler.get(path)
    uid = f"UID:trip-{trip_id}-{MATCH}@"
    assert uid in first.text
    etag = first.headers["etag"]
    assert traveler.get(path, headers={"If-None-Match": etag}).status_code == 304
    assert decide(officer, trip_id, LISTED, "false_positive").status_code == 303
    after = traveler.get(path, headers={"If-None-Match": etag})
    assert after.status_code == 200 and uid not in after.text
    assert uid not in traveler.get(f"/trips/{trip_id}/calendar.ics").text
