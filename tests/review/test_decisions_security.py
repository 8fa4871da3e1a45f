"""Who may decide, cross-site posts, hostile names and notes: refused or escaped, never a 500."""

import pytest
from fastapi.testclient import TestClient

from tests.review.conftest import LISTED
from tests.review.helpers import ENTITY, audit_events, decide, decisions, trip_with
from tests.support.web import ORIGIN, sign_in

pytestmark = pytest.mark.web


@pytest.mark.parametrize("role", ["traveler", "loaner_staff"])
def test_only_compliance_and_admin_see_and_post_decisions(app, traveler, role):
    trip_id = trip_with(traveler, LISTED)  # the traveler's own trip: still not theirs to decide
    with TestClient(app, headers={"Origin": ORIGIN}, follow_redirects=False) as client:
        sign_in(client, f"{role}@example.edu", role)
        assert client.get(f"/trips/{trip_id}/screening").status_code == 403
        assert decide(client, trip_id, LISTED, "cleared").status_code == 403
        assert client.get("/staff/screening").status_code == 403
        assert 'href="/staff/screening"' not in client.get("/trips").text
    assert traveler.get(f"/trips/{trip_id}/screening").status_code == 403
    assert decide(traveler, trip_id, LISTED, "cleared").status_code == 403
    assert decisions(app) == []


def test_admin_may_decide(app, traveler):
    trip_id = trip_with(traveler, LISTED)
    with TestClient(app, headers={"Origin": ORIGIN}, follow_redirects=False) as admin:
        sign_in(admin, "admin@example.edu", "admin")
        assert admin.get(f"/trips/{trip_id}/screening").status_code == 200
        assert decide(admin, trip_id, LISTED, "cleared").status_code == 303


def test_other_travelers_trips_are_not_found(traveler, other_traveler, officer):
    trip_id = trip_with(traveler, LISTED)
    assert other_traveler.get(f"/trips/{trip_id}").status_code == 404
    assert officer.get("/trips/999999/screening").status_code == 404
    assert decide(officer, 999999, LISTED, "cleared").status_code == 404


def test_signed_out_visitors_are_sent_to_sign_in(app, traveler):
    trip_id = trip_with(traveler, LISTED)
    with TestClient(app, headers={"Origin": ORIGIN}, follow_redirects=False) as anonymous:
        assert anonymous.get(f"/trips/{trip_id}/screening").status_code == 303
        assert decide(anonymous, trip_id, LISTED, "cleared").status_code == 303


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "https://evil.example"},
        {"Sec-Fetch-Site": "cross-site", "Origin": ORIGIN},
        {"Origin": "null"},
    ],
)
def test_cross_site_decisions_are_refused(app, traveler, officer, headers):
    trip_id = trip_with(traveler, LISTED)
    data = {"query": LISTED, "entity_id": ENTITY, "decision": "cleared", "note": "forged"}
    response = officer.post(f"/trips/{trip_id}/screening", data=data, headers=headers)
    assert response.status_code == 403
    assert decisions(app) == [] and audit_events(app, trip_id) == []


def test_names_and_notes_are_escaped(traveler, officer):
    hostile = "<script>alert(1)</script>Harbin Institute of Technology"
    trip_id = trip_with(traveler, hostile)
    note = '<img src=x onerror=alert(2)> & "quoted"'
    assert decide(officer, trip_id, hostile, "escalated", note).status_code == 303
    for page in (
        officer.get(f"/trips/{trip_id}/screening").text,
        officer.get("/staff/screening").text,
        traveler.get(f"/trips/{trip_id}").text,
    ):
        assert "<script>alert(1)" not in page and "<img src=x" not in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt;Harbin Institute of Technology" in page
    assert (
        "&lt;img src=x onerror=alert(2)&gt; &amp; &#34;quoted&#34;"
        in officer.get(f"/trips/{trip_id}/screening").text
    )


def test_control_characters_and_crlf_are_stripped_from_notes(app, traveler, officer):
    trip_id = trip_with(traveler, LISTED)
    note = "First line\r\nSecond\x00 line\x1b[31m\u202e reversed\x07\r\n\r\nLast"
    assert decide(officer, trip_id, LISTED, "cleared", note).status_code == 303
    [row] = decisions(app)
    assert row.note == "First line\nSecond line [31m reversed\n\nLast"
    assert audit_events(app, trip_id)[0].detail["note"] == row.note


@pytest.mark.parametrize(
    ("note", "message"),
    [
        ("x" * 100_000, "the note is 100,000 characters long; keep it to 2,000"),
        ("", "Write a note that says why you decided this."),
        ("\r\n\x00\x07  \t", "Write a note that says why you decided this."),
    ],
)
def test_a_hostile_or_missing_note_is_refused_with_a_clear_message(app, traveler, officer, note, message):
    trip_id = trip_with(traveler, LISTED)
    response = decide(officer, trip_id, LISTED, "cleared", note)
    assert response.status_code == 400
    assert message in response.text.replace("The note", "the note")
    assert 'aria-invalid="true"' in response.text
    assert decisions(app) == [] and audit_events(app, trip_id) == []


def test_a_missing_or_unknown_decision_is_refused_and_the_note_kept(app, traveler, officer):
    trip_id = trip_with(traveler, LISTED)
    response = decide(officer, trip_id, LISTED, "approved", "Keep this text")
    assert response.status_code == 400
    assert "Choose false positive, cleared or escalated." in response.text
    assert ">Keep this text</textarea>" in response.text
    assert decisions(app) == []


def test_an_officer_may_not_decide_on_their_own_trip_but_another_may(app, officer):
    from tests.support.web import api_token

    trip_id = trip_with(officer, LISTED)  # the officer travels too
    page = decide(officer, trip_id, LISTED, "cleared")
    assert page.status_code == 403
    assert "your own trip" in page.text and "another compliance officer" in page.text
    token = api_token(app, "officer@example.edu", "compliance")
    body = {"query": LISTED, "entity_id": ENTITY, "decision": "cleared", "note": "Mine."}
    with TestClient(app, headers={"Authorization": f"Bearer {token}"}) as api:
        answer = api.post(f"/api/v1/trips/{trip_id}/screening-decisions", json=body)
    assert answer.status_code == 403 and "your own trip" in answer.json()["detail"]
    assert decisions(app) == []
    with TestClient(app, headers={"Origin": ORIGIN}, follow_redirects=False) as colleague:
        sign_in(colleague, "colleague@example.edu", "compliance")
        assert decide(colleague, trip_id, LISTED, "cleared").status_code == 303
    assert len(decisions(app)) == 1
