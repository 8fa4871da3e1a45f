"""Dates far from today: refused when entered, and never a 500 for what is already stored."""

from __future__ import annotations

import re
from datetime import date

import pytest
from sqlalchemy import update

from tests.feeds.conftest import desk_feed_path
from tests.support.web import create_trip, sign_in
from travelprep.db.models import LoanerRequest

pytestmark = pytest.mark.web


def _file_request(client, pickup: str, back: str):
    trip_id = create_trip(client)
    return trip_id, client.post(
        f"/trips/{trip_id}/loaner", data={"kinds": ["laptop"], "pickup_date": pickup, "return_date": back}
    )


def test_a_loan_at_the_end_of_time_is_refused_naming_the_field(client):
    sign_in(client)
    _trip, response = _file_request(client, "9999-12-30", "9999-12-31")
    assert response.status_code == 400
    assert "9999-12-30 is outside the dates we accept" in response.text


def test_the_api_refuses_it_with_a_422_naming_the_field(client, app):
    from tests.support.web import api_token

    sign_in(client)
    token = api_token(app)
    trip_id = create_trip(client)
    response = client.post(
        "/api/v1/loaner-requests",
        json={
            "trip_id": trip_id,
            "kinds": ["laptop"],
            "pickup_date": "0001-01-01",
            "return_date": "0001-01-02",
        },
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 422, response.text
    assert {e["field"] for e in response.json()["detail"]} >= {"pickup_date", "return_date"}


def test_stored_dates_at_the_end_of_time_still_show_on_every_desk_page_and_calendar(client, app):
    sign_in(client)
    _trip, response = _file_request(client, "2027-03-05", "2027-03-24")
    assert response.status_code == 303, response.text
    with app.state.session_factory.begin() as session:  # as an older version let it be saved
        session.execute(update(LoanerRequest).values(pickup_date=date(9999, 12, 30), return_date=date.max))
        request_id = session.query(LoanerRequest.id).scalar()
    sign_in(client, "desk@example.edu", role="loaner_staff")
    for path in ("/loaner", "/loaner/queue", f"/loaner/requests/{request_id}", "/loaner/calendar.ics"):
        answer = client.get(path)
        assert answer.status_code == 200, (path, answer.text[-500:])
    feed = client.get(desk_feed_path(client))
    assert feed.status_code == 200
    assert re.search(r"DTSTART;VALUE=DATE:9999123[01]", feed.text)


@pytest.mark.parametrize(
    ("field", "value"),
    [("departure", "0001-01-01"), ("return", "9999-12-31"), ("legs[1].depart", "9999-12-31")],
)
def test_the_public_checklist_api_refuses_dates_far_from_today_naming_the_field(client, field, value):
    from tests.support.fixtures import itinerary_data

    data = itinerary_data()
    if field == "legs[1].depart":
        data["return"] = data["legs"][1]["depart"] = value
    else:
        data[field] = value
    if field == "departure":
        data["legs"][0]["arrive"] = value
    response = client.post("/api/v1/checklists", json=data)
    assert response.status_code == 422, response.text
    fields = {e["field"] for e in response.json()["detail"]}
    assert field in fields
    assert "outside the dates we accept" in response.text


@pytest.mark.parametrize("today", ["0", "9999-12-31", "0001-01-01", "1970-01-01"])
def test_today_must_be_a_date_near_the_real_one(client, today):
    from tests.support.fixtures import itinerary_data

    response = client.post(f"/api/v1/checklists?today={today}", json=itinerary_data())
    assert response.status_code == 422, response.text
    assert response.json()["detail"][0]["field"] == "today"


def test_the_trip_form_shows_the_window_next_to_the_date(client):
    from tests.support.web import form_data

    sign_in(client)
    response = client.post("/trips/new", data=form_data(**{"return": "9999-12-31"}))
    assert response.status_code in (400, 422)
    assert "9999-12-31 is outside the dates we accept" in response.text


def test_the_window_is_policy_and_is_validated(tmp_path):
    from travelprep.engine.facts.policy import load_policy
    from travelprep.engine.facts.sourced_yaml import SourceErrors
    from travelprep.paths import checklists_dir

    text = (checklists_dir() / "policy.yaml").read_text()
    assert load_policy(checklists_dir() / "policy.yaml").date_window.years_ahead == 5
    broken = tmp_path / "policy.yaml"
    broken.write_text(text.replace("years_ahead: 5", "years_ahead: 500"))
    with pytest.raises(SourceErrors, match="years_ahead"):
        load_policy(broken)
