"""Recording decisions on screening hits: what the traveler and Research Compliance then see."""

import pytest

from tests.review.conftest import LISTED, UNLISTED
from tests.review.helpers import ENTITY, audit_events, decide, decisions, item_ids, trip_with
from tests.support.web import form_data

pytestmark = pytest.mark.web
MATCH = "restricted-party-match"


def test_an_undecided_hit_is_raised_and_under_review(traveler):
    trip_id = trip_with(traveler, LISTED, UNLISTED)
    page = traveler.get(f"/trips/{trip_id}").text
    assert MATCH in item_ids(page)
    assert "Under review by Research Compliance" in page
    assert f"/trips/{trip_id}/screening" not in page  # the staff link is for staff


def test_recording_a_decision_audits_it_with_actor_and_note(app, traveler, officer):
    trip_id = trip_with(traveler, LISTED)
    response = decide(officer, trip_id, LISTED, "false_positive", "Host is the Harbin campus of X, not HIT.")
    assert response.status_code == 303
    assert response.headers["location"] == f"/trips/{trip_id}/screening"
    [event] = audit_events(app, trip_id)
    assert event.detail["decision"] == "false_positive"
    assert event.detail["previous"] is None
    assert event.detail["entity_id"] == ENTITY
    assert event.detail["note"] == "Host is the Harbin campus of X, not HIT."
    [row] = decisions(app)
    assert (row.query, row.listed_name) == (LISTED, "Harbin Institute of Technology")
    assert row.decision == "false_positive"
    assert row.decided_by == event.actor_id
    staff_page = officer.get(f"/trips/{trip_id}/screening").text
    assert "officer@example.edu" in staff_page and "Host is the Harbin campus of X, not HIT." in staff_page


@pytest.mark.parametrize("decision", ["false_positive", "cleared"])
def test_a_cleared_hit_is_not_raised_again_on_that_trip_only(traveler, other_traveler, officer, decision):
    mine = trip_with(traveler, LISTED)
    theirs = trip_with(other_traveler, LISTED)
    assert MATCH in item_ids(traveler.get(f"/trips/{mine}").text)  # rendered (and cached) before

    assert decide(officer, mine, LISTED, decision, "Reviewed with the PI.").status_code == 303

    page = traveler.get(f"/trips/{mine}").text
    assert MATCH not in item_ids(page)
    assert "Cleared by Research Compliance" in page
    assert "Reviewed with the PI." not in page  # the note stays internal
    assert MATCH in item_ids(other_traveler.get(f"/trips/{theirs}").text)
    assert MATCH in item_ids(officer.get(f"/trips/{theirs}").text)


def test_escalated_stays_raised_with_the_decision_shown(traveler, officer):
    trip_id = trip_with(traveler, LISTED)
    response = decide(officer, trip_id, LISTED, "escalated", "Sent to the export control officer.")
    assert response.status_code == 303
    page = traveler.get(f"/trips/{trip_id}").text
    assert MATCH in item_ids(page)
    assert "(escalated)" in page
    assert "export control officer" not in page
    assert "Escalated" in officer.get(f"/trips/{trip_id}/screening").text


def test_revising_a_decision_is_audited_and_takes_effect(app, traveler, officer):
    trip_id = trip_with(traveler, LISTED)
    decide(officer, trip_id, LISTED, "escalated", "Needs a second look.")
    assert MATCH in item_ids(traveler.get(f"/trips/{trip_id}").text)
    decide(officer, trip_id, LISTED, "cleared", "License exception confirmed.")
    assert MATCH not in item_ids(traveler.get(f"/trips/{trip_id}").text)
    decide(officer, trip_id, LISTED, "escalated", "New information from the sponsor.")
    assert MATCH in item_ids(traveler.get(f"/trips/{trip_id}").text)

    events = audit_events(app, trip_id)
    assert [(e.detail["previous"], e.detail["decision"]) for e in events] == [
        (None, "escalated"),
        ("escalated", "cleared"),
        ("cleared", "escalated"),
    ]
    [row] = decisions(app)  # one current decision per trip, name and entity
    assert (row.decision, row.note) == ("escalated", "New information from the sponsor.")
    history = officer.get(f"/trips/{trip_id}/screening").text
    assert "License exception confirmed." in history and "(was Cleared)" in history


def test_a_new_name_on_the_same_trip_is_raised_again(traveler, officer):
    trip_id = trip_with(traveler, LISTED)
    decide(officer, trip_id, LISTED, "false_positive")
    # The same name typed differently folds to the same key and stays cleared...
    edit = {"institutions": "harbin institute of technology"}
    assert traveler.post(f"/trips/{trip_id}/edit", data=form_data(**edit)).status_code == 303
    assert MATCH not in item_ids(traveler.get(f"/trips/{trip_id}").text)
    # ...but the Chinese name is another name, and it is raised until someone decides on it.
    edit = {"institutions": f"{LISTED}\n哈尔滨工业大学"}
    assert traveler.post(f"/trips/{trip_id}/edit", data=form_data(**edit)).status_code == 303
    page = traveler.get(f"/trips/{trip_id}").text
    assert MATCH in item_ids(page)
    assert "Cleared by Research Compliance" in page and "Under review by Research Compliance" in page


def test_open_hits_list_shows_undecided_and_escalated_trips(traveler, other_traveler, officer):
    cleared = trip_with(traveler, LISTED)
    escalated = trip_with(other_traveler, LISTED)
    undecided = trip_with(other_traveler, "Harbin Inst. of Technology")
    quiet = trip_with(traveler, UNLISTED)
    decide(officer, cleared, LISTED, "cleared")
    decide(officer, escalated, LISTED, "escalated")
    page = officer.get("/staff/screening").text
    assert 'href="/staff/screening"' in page  # in the staff navigation
    assert f"/trips/{escalated}/screening" in page and f"/trips/{undecided}/screening" in page
    assert f"/trips/{cleared}/screening" not in page and f"/trips/{quiet}/screening" not in page


def test_a_name_that_is_not_a_hit_of_the_trip_is_refused(traveler, officer):
    trip_id = trip_with(traveler, UNLISTED)
    response = decide(officer, trip_id, LISTED, "cleared")
    assert response.status_code == 404
    assert "not a screening hit" in response.text
