"""The traveler's pages: quick check, sign-in, new trip, trip page, edit, my trips, cancel."""

import re

import pytest

from tests.support.web import create_trip, form_data, sign_in

pytestmark = pytest.mark.web


def test_home_explains_and_offers_quick_check(client):
    page = client.get("/")
    assert page.status_code == 200 and 'href="/check"' in page.text


def test_home_sends_signed_in_travelers_to_their_trips(client):
    sign_in(client)
    assert client.get("/").headers["location"] == "/trips"


def test_signin_page_and_bad_email(client):
    assert client.get("/signin").status_code == 200
    response = client.post("/signin", data={"email": "not-an-email", "role": "traveler"})
    assert response.status_code == 400 and "Enter an email address" in response.text


def test_signin_refuses_unknown_role(client):
    response = client.post("/signin", data={"email": "a@example.edu", "role": "root"})
    assert response.status_code == 400


def test_signin_never_redirects_off_site(client):
    response = client.post(
        "/signin", data={"email": "a@example.edu", "role": "traveler", "next": "//evil.example/"}
    )
    assert response.headers["location"] == "/trips"


def test_signout_forgets_the_session(client):
    sign_in(client)
    assert client.post("/signout").status_code == 303
    assert client.get("/trips").headers["location"].startswith("/signin")


def test_pages_that_need_sign_in_redirect_to_it(client):
    for path in ("/trips", "/trips/new", "/trips/1", "/staff/trips"):
        response = client.get(path)
        assert response.status_code == 303 and response.headers["location"].startswith("/signin")


def test_quick_check_shows_the_checklist_without_saving(client):
    assert client.get("/check").status_code == 200
    page = client.post("/check", data=form_data())
    assert page.status_code == 200
    assert "Your checklist" in page.text and "Why am I seeing this?" in page.text
    assert "China" in page.text and "Elevated risk" in page.text
    sign_in(client)
    assert "No upcoming trips" in client.get("/trips").text


def test_quick_check_errors_sit_next_to_fields_and_keep_values(client):
    page = client.post("/check", data=form_data(**{"legs[1].country": "Atlantis"}))
    assert page.status_code == 400
    assert 'id="legs-1-country-error"' in page.text
    assert 'value="Atlantis"' in page.text and 'value="Shanghai"' in page.text
    assert 'aria-invalid="true"' in page.text


def test_adding_and_removing_legs_needs_no_javascript(client):
    data = form_data()
    del data["save"]
    page = client.post("/check", data=data | {"add_leg": "1"})
    assert page.status_code == 200 and 'name="legs[2].country"' in page.text
    assert 'value="Tokyo"' in page.text
    page = client.post("/check", data=data | {"remove_leg": "0"})
    assert 'name="legs[1].country"' not in page.text
    assert 'value="Tokyo"' in page.text and 'value="Shanghai"' not in page.text


def test_every_activity_has_a_plain_explanation(client):
    page = client.get("/check").text
    assert "Will you be paid by, or have travel paid by, a foreign organization?" in page
    assert len(re.findall(r'id="activities-\w+-hint"', page)) == 7


def test_new_trip_is_saved_and_shown(client):
    sign_in(client)
    trip_id = create_trip(client)
    page = client.get(f"/trips/{trip_id}")
    assert page.status_code == 200
    assert "Trip to Shanghai, Tokyo" in page.text  # named by its cities
    assert "Data as of" in page.text and "Why am I seeing this?" in page.text
    assert re.search(r"0 of \d+ items finished", page.text)


def test_new_trip_form_remembers_the_traveler(client):
    sign_in(client)
    create_trip(client, **{"traveler.name": "Ada King"})
    page = client.get("/trips/new").text
    assert 'value="Ada King"' in page and 'value="United States"' in page


def test_new_trip_with_errors_keeps_everything_typed(client):
    sign_in(client)
    page = client.post("/trips/new", data=form_data(**{"return": "2027-03-01"}))
    assert page.status_code == 400
    assert 'id="return-error"' in page.text and "before departure" in page.text
    assert 'value="Tokyo"' in page.text and 'value="2027-03-01"' in page.text


def test_empty_form_gives_errors_not_a_crash(client):
    sign_in(client)
    page = client.post("/trips/new", data={"save": "1"})
    assert page.status_code == 400 and "error-summary" in page.text


def test_garbage_leg_count_is_harmless(client):
    page = client.post("/check", data=form_data(leg_count="lots"))
    assert page.status_code in (200, 400)


def test_mark_done_and_not_applicable_with_note(client):
    sign_in(client)
    trip_id = create_trip(client)
    items = re.findall(r'action="/trips/\d+/items/([\w-]+)"', client.get(f"/trips/{trip_id}").text)
    first, second = items[0], next(i for i in items if i != items[0])
    response = client.post(f"/trips/{trip_id}/items/{first}", data={"status": "done"})
    assert response.status_code == 303
    client.post(
        f"/trips/{trip_id}/items/{second}",
        data={"status": "not_applicable", "note": "Using my own phone"},
    )
    page = client.get(f"/trips/{trip_id}").text
    assert "2 of" in page and "Your note: Using my own phone" in page
    history = client.get(f"/trips/{trip_id}/history").text
    assert "Using my own phone" in history


def test_bad_status_and_unknown_item_are_refused(client):
    sign_in(client)
    trip_id = create_trip(client)
    assert client.post(f"/trips/{trip_id}/items/register-trip", data={"status": "x"}).status_code == 422
    assert client.post(f"/trips/{trip_id}/items/nope", data={"status": "done"}).status_code == 404
    assert client.post(f"/trips/{trip_id}/items/register-trip", data={}).status_code == 422


def test_order_by_due_date(client):
    sign_in(client)
    trip_id = create_trip(client)
    page = client.get(f"/trips/{trip_id}?order=due")
    assert page.status_code == 200 and "By due date" in page.text
    assert client.get(f"/trips/{trip_id}?order=sideways").status_code == 422


def test_edit_keeps_statuses_and_shows_dropped_items(client):
    sign_in(client)
    trip_id = create_trip(client)
    items = re.findall(r'action="/trips/\d+/items/([\w-]+)"', client.get(f"/trips/{trip_id}").text)
    for item in dict.fromkeys(items):
        client.post(f"/trips/{trip_id}/items/{item}", data={"status": "done"})
    edit = client.get(f"/trips/{trip_id}/edit")
    assert edit.status_code == 200 and 'value="Shanghai"' in edit.text
    # Drop the devices: device items stop applying; the rest keep "done".
    changed = form_data(leg_count="1", **{"carrying.devices": ["none"], "carrying.data": []})
    response = client.post(f"/trips/{trip_id}/edit", data=changed)
    assert response.status_code == 303
    page = client.get(f"/trips/{trip_id}").text
    assert "Trip to Shanghai</h1>" in page
    finished = re.search(r"(\d+) of (\d+) items finished", page)
    assert finished and finished[1] == finished[2]
    assert "No longer applies" in page


def test_edit_with_errors_keeps_values(client):
    sign_in(client)
    trip_id = create_trip(client)
    page = client.post(f"/trips/{trip_id}/edit", data=form_data(**{"legs[0].arrive": "2020-01-01"}))
    assert page.status_code == 400 and 'value="2020-01-01"' in page.text


def test_my_trips_lists_upcoming_past_and_due_next(client):
    sign_in(client)
    create_trip(client)
    past_legs = {
        "leg_count": "1",
        "departure": "2026-01-05",
        "return": "2026-01-10",
        "legs[0].arrive": "2026-01-06",
        "legs[0].depart": "2026-01-09",
    }
    create_trip(client, **past_legs)
    page = client.get("/trips").text
    upcoming = page.split('id="upcoming-heading"')[1].split('id="past-heading"')[0]
    past = page.split('id="past-heading"')[1]
    assert "2027-03-09" in upcoming and "2026-01-05" in past
    due = page.split('id="due-heading"')[1].split('id="upcoming-heading"')[0]
    assert "Due 20" in due


def test_cancel_keeps_the_record(client):
    sign_in(client)
    trip_id = create_trip(client)
    assert client.post(f"/trips/{trip_id}/cancel").status_code == 303
    assert 'id="cancelled-heading"' in client.get("/trips").text
    page = client.get(f"/trips/{trip_id}")
    assert page.status_code == 200 and "Cancelled" in page.text
    assert client.post(f"/trips/{trip_id}/items/register-trip", data={"status": "done"}).status_code in (
        303,
        404,
    )


def test_unknown_trip_is_404_and_bad_id_is_not_a_crash(client):
    sign_in(client)
    assert client.get("/trips/999999").status_code == 404
    assert client.get("/trips/abc").status_code == 404  # a page that does not exist (issue 16)


def test_static_stylesheet_is_served(client):
    assert client.get("/static/app.css").status_code == 200


def test_quick_check_needs_only_destinations_and_dates(client):
    data = {
        "leg_count": "1",
        "departure": "2027-03-09",
        "return": "2027-03-20",
        "legs[0].country": "Russia",
        "legs[0].arrive": "2027-03-10",
        "legs[0].depart": "2027-03-19",
        "save": "1",
    }
    page = client.post("/check", data=data)
    assert page.status_code == 200 and "Your checklist" in page.text
    assert 'id="traveler-name" name="traveler.name" type="text" value=""' in page.text


def test_saved_trips_still_need_the_traveler(client):
    sign_in(client)
    page = client.post("/trips/new", data=form_data(**{"traveler.name": ""}))
    assert page.status_code == 400 and "Enter your name." in page.text


def test_changes_are_recorded_in_the_audit_log(app, client):
    from travelprep.db import audit
    from travelprep.db.engine import make_session_factory

    sign_in(client)
    trip_id = create_trip(client)
    client.post(f"/trips/{trip_id}/items/register-trip", data={"status": "done"})
    client.post(f"/trips/{trip_id}/cancel")
    with make_session_factory(app.state.engine)() as session:
        events = audit.for_object(session, object_type="trip", object_id=trip_id)
        assert [e.action for e in events] == ["trip.create", "item.status", "trip.cancel"]
        assert len({e.actor_id for e in events}) == 1 and events[0].actor_id is not None
        assert events[1].detail == {"item": "register-trip", "status": "done"}


def test_a_saved_itinerary_that_no_longer_validates_is_explained(app, client):
    from travelprep.db.engine import make_session_factory
    from travelprep.db.models import Trip

    sign_in(client)
    trip_id = create_trip(client)
    with make_session_factory(app.state.engine)() as session:
        trip = session.get(Trip, trip_id)
        trip.itinerary = trip.itinerary | {"legs": [{"country": "XX"}]}
        session.commit()
    page = client.get(f"/trips/{trip_id}")
    assert page.status_code == 409 and f"/trips/{trip_id}/edit" in page.text
    assert client.get(f"/trips/{trip_id}/edit").status_code == 200
    assert client.get("/trips").status_code == 200
