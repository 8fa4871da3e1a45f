"""Importing an .ics file: the new-trip form filled for review, and the API's draft; never a 500."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.web import sign_in

pytestmark = pytest.mark.web
FIXTURES = Path(__file__).parents[1] / "calendar" / "fixtures"
XSS = b"""BEGIN:VCALENDAR\r
VERSION:2.0\r
PRODID:-//Evil//EN\r
BEGIN:VEVENT\r
UID:a@evil\r
DTSTAMP:20261101T000000Z\r
DTSTART:20270705T140000Z\r
DTEND:20270706T020000Z\r
SUMMARY:Flight AF 33 BOS-CDG\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:b@evil\r
DTSTAMP:20261101T000000Z\r
DTSTART:20270707T180000Z\r
SUMMARY:<script>alert('pwned')</script> party\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:c@evil\r
DTSTAMP:20261101T000000Z\r
DTSTART:20270710T100000Z\r
DTEND:20270710T180000Z\r
SUMMARY:Flight AF 332 CDG-BOS\r
END:VEVENT\r
END:VCALENDAR\r
"""


def upload(client, data: bytes, name: str = "trip.ics", content_type: str = "text/calendar"):
    return client.post("/trips/new/from-ics", files={"calendar": (name, data, content_type)})


def test_airline_file_prefills_the_form_for_review(client):
    sign_in(client)
    response = upload(client, (FIXTURES / "multi-city-paris-frankfurt.ics").read_bytes())
    assert response.status_code == 200, response.text
    page = response.text
    assert 'value="2027-04-05"' in page and 'value="2027-04-12"' in page
    assert 'value="Paris"' in page and 'value="Frankfurt am Main"' in page
    assert 'value="France"' in page and 'value="Germany"' in page
    assert "Nothing is saved yet" in page and 'action="/trips/new"' in page
    assert 'value="ada@example.edu"' in page  # the traveler's own details are filled in too


def test_nothing_is_saved_until_the_form_is_submitted(client):
    sign_in(client)
    before = client.get("/trips").text
    upload(client, (FIXTURES / "round-trip-bos-pvg.ics").read_bytes())
    assert client.get("/trips").text == before


@pytest.mark.parametrize(
    "name",
    [
        "binary-garbage.ics",
        "contact.vcf",
        "empty.ics",
        "no-events.ics",
        "truncated.ics",
        "hotel-only-tokyo.ics",
    ],
)
def test_junk_files_get_a_clear_message_and_never_500(client, name):
    sign_in(client)
    response = upload(client, (FIXTURES / name).read_bytes(), name=name)
    assert response.status_code < 500
    if response.status_code >= 400:
        assert response.status_code in (400, 413, 422)
        assert 'role="alert"' in response.text and "Traceback" not in response.text
        assert 'name="calendar"' in response.text  # the form is there to try again


def test_vcard_is_refused_with_a_message(client):
    sign_in(client)
    response = upload(
        client, (FIXTURES / "contact.vcf").read_bytes(), name="contact.vcf", content_type="text/vcard"
    )
    assert response.status_code == 422
    assert 'role="alert"' in response.text


def test_huge_file_is_refused_with_413(client):
    sign_in(client)
    response = upload(client, b"BEGIN:VCALENDAR\r\n" + b"X" * 1_100_000)
    assert response.status_code == 413
    assert "too large" in response.text


def test_missing_file_is_a_clear_400(client):
    sign_in(client)
    response = client.post("/trips/new/from-ics", files={"other": ("x.txt", b"hi", "text/plain")})
    assert response.status_code == 400 and "Choose a calendar file" in response.text


def test_text_from_the_file_comes_back_escaped(client):
    sign_in(client)
    response = upload(client, XSS)
    assert response.status_code == 200, response.text
    assert "<script>alert" not in response.text
    assert "&lt;script&gt;" in response.text  # the warning naming the event is shown, escaped


def test_upload_needs_same_origin(app, client):
    from fastapi.testclient import TestClient

    sign_in(client)
    with TestClient(app, headers={"Origin": "https://evil.example"}, follow_redirects=False) as evil:
        evil.cookies = client.cookies
        assert upload(evil, XSS).status_code == 403


def test_api_answers_the_draft_as_json(client):
    body = (FIXTURES / "red-eye-across-midnight.ics").read_bytes()
    response = client.post(
        "/api/v1/itineraries/from-ics", content=body, headers={"Content-Type": "text/calendar"}
    )
    assert response.status_code == 200, response.text
    draft = response.json()
    assert set(draft) == {"itinerary", "warnings"}
    assert {"departure", "return", "legs"} <= set(draft["itinerary"])


@pytest.mark.parametrize(
    ("body", "status"),
    [
        (b"", 422),
        (b"\x00\xff garbage", 422),
        ((FIXTURES / "contact.vcf").read_bytes(), 422),
        (b"BEGIN:VCALENDAR\r\n" + b"X" * 1_100_000, 413),
    ],
)
def test_api_refuses_junk_with_a_message(client, body, status):
    response = client.post(
        "/api/v1/itineraries/from-ics", content=body, headers={"Content-Type": "text/calendar"}
    )
    assert response.status_code == status
    assert isinstance(response.json()["detail"], str) and response.json()["detail"]


def test_size_limit_is_a_setting(tmp_path, migrated_sqlite, rulebook):
    import shutil

    from fastapi.testclient import TestClient

    from tests.support.web import make_settings
    from travelprep.web.app import create_app

    shutil.copy(migrated_sqlite, tmp_path / "travelprep.sqlite3")
    small = create_app(make_settings(tmp_path, ics_upload_max_bytes=500), rulebook=rulebook)
    with TestClient(small) as client:
        body = (FIXTURES / "round-trip-bos-pvg.ics").read_bytes()
        assert len(body) > 500
        assert client.post("/api/v1/itineraries/from-ics", content=body).status_code == 413
    small.state.engine.dispose()
