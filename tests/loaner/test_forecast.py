"""Likely demand from trips: lead times, trips without a request, and the chart's second series."""

from datetime import UTC, date, datetime, timedelta

from travelprep.accounts import repository as users
from travelprep.db.models import Device, LoanerRequest, Trip, TripItem
from travelprep.loaner import desk_service
from travelprep.loaner import repository as loaner
from travelprep.loaner.demand import compute_demand, render_svg
from travelprep.loaner.forecast import LeadTimes, PastLoan, lead_times, likely_kinds, likely_loans

TODAY = date(2026, 11, 21)


def _past(lead: int, before_departure: int, after_return: int) -> PastLoan:
    departure = date(2026, 9, 10)
    pickup = departure - timedelta(days=before_departure)
    return PastLoan(pickup - timedelta(days=lead), pickup, date(2026, 9, 20) + timedelta(days=after_return),
                    departure, date(2026, 9, 20))  # fmt: skip


def test_lead_times_are_the_medians_of_the_history():
    leads = lead_times([_past(10, 2, 3), _past(30, 4, 1), _past(12, 3, 2)])
    assert (leads.request_to_pickup, leads.pickup_before_departure, leads.return_after_trip) == (12, 3, 2)
    assert leads.loans_seen == 3
    assert "a median 12 days before pickup" in leads.text
    assert leads.loan_dates(date(2027, 1, 10), date(2027, 1, 20)) == (date(2027, 1, 7), date(2027, 1, 22))


def test_without_history_likely_loans_take_the_request_forms_default_days():
    leads = lead_times([])
    assert leads == LeadTimes() and "No past loans for trips" in leads.text
    # Departure Tuesday 2027-03-09: pickup two working days before, return three after the 20th.
    assert leads.loan_dates(date(2027, 3, 9), date(2027, 3, 20)) == (date(2027, 3, 5), date(2027, 3, 24))


def test_likely_kinds_follow_the_devices_carried_or_default_to_a_laptop():
    assert likely_kinds({"devices": ["phone", "laptop", "camera"]}) == "laptop phone"
    assert likely_kinds({"devices": []}) == "laptop"
    assert likely_kinds(None) == "laptop"


def test_the_likely_series_is_separate_and_shows_the_shortage_first():
    leads = LeadTimes(request_to_pickup=14, pickup_before_departure=0, return_after_trip=0, loans_seen=1)
    requests = [("laptop", date(2026, 12, 1), date(2026, 12, 10))]
    trips = [({"devices": ["laptop"]}, date(2026, 12, 5), date(2026, 12, 8))]
    chart = compute_demand(requests, {"laptop": 1}, first=TODAY, days=60, wipe_buffer_days=2,
                           likely=likely_loans(trips, leads))  # fmt: skip
    laptop = chart.kinds[0]
    assert laptop.needed[14] == 1 and laptop.likely[14] == 1  # 2026-12-05
    assert laptop.first_short_day is None  # requests alone fit the one laptop
    assert chart.day(laptop.first_likely_short_day) == date(2026, 12, 5)
    assert laptop.likely_short_days == 6  # 12-05 to 12-10: the trip's loan with its buffer
    svg = render_svg(chart)
    assert 'class="likely-short"' in svg and "1 more laptop likely for trips without a request" in svg
    assert "likely short on 6 with trips" in svg and "with trips first shortage 2026-12-05" in svg


def _trip(session, user, *, departure: date, carrying=None, item_status="open", with_item=True) -> Trip:
    trip = Trip(user_id=user.id, status="active", itinerary={"carrying": carrying or {"devices": ["laptop"]}},
                traveler_name="Ada", traveler_email=user.email, departure=departure,
                return_date=departure + timedelta(days=7), countries="CN")  # fmt: skip
    session.add(trip)
    session.flush()
    if with_item:
        session.add(TripItem(trip_id=trip.id, item_id="loaner-device", title="Loaner", category="devices",
                             status=item_status))  # fmt: skip
    return trip


def test_trips_with_the_item_and_no_request_are_likely_demand_on_each_database(db_session):
    ada = users.get_or_create(db_session, email="ada.forecast@example.edu")
    wanted = _trip(db_session, ada, departure=date(2026, 12, 14), carrying={"devices": ["phone"]})
    asked = _trip(db_session, ada, departure=date(2026, 12, 15))
    _trip(db_session, ada, departure=date(2026, 12, 16), item_status="not_applicable")
    _trip(db_session, ada, departure=date(2026, 12, 17), with_item=False)
    _trip(db_session, ada, departure=date(2026, 11, 1))  # already gone
    gone = _trip(db_session, ada, departure=date(2026, 12, 18))
    gone.status = "cancelled"
    # A past loan for a trip: asked 20 days ahead, picked up 1 day before departure, back 2 days after.
    past = _trip(db_session, ada, departure=date(2026, 10, 10))
    db_session.add_all([
        LoanerRequest(trip_id=asked.id, requester_id=ada.id, kinds="laptop", pickup_date=date(2026, 12, 13),
                      return_date=date(2026, 12, 24), state="cancelled", revision=0),
        LoanerRequest(trip_id=past.id, requester_id=ada.id, kinds="laptop", pickup_date=date(2026, 10, 9),
                      return_date=date(2026, 10, 19), state="closed", revision=0,
                      created_at=datetime(2026, 9, 19, 9, tzinfo=UTC)),
        Device(asset_tag="PH-FORECAST", kind="phone"),
    ])  # fmt: skip
    db_session.flush()

    found = loaner.trips_without_request(db_session, departing_from=TODAY, departing_by=date(2027, 2, 1))
    assert found == [({"devices": ["phone"]}, wanted.departure, wanted.return_date)]
    chart, leads = desk_service.demand_with_forecast(db_session, today=TODAY, wipe_buffer_days=2)
    assert (leads.request_to_pickup, leads.pickup_before_departure, leads.return_after_trip) == (20, 1, 2)
    phone = chart.kinds[1]
    # Likely pickup 12-13, return 12-23, held through 12-25 with the buffer.
    assert chart.day(phone.likely.index(1)) == date(2026, 12, 13)
    assert sum(phone.likely) == 13 and phone.needed == (0,) * 60


def test_the_likely_series_counts_the_share_of_trips_that_ask_rounded_half_up():
    trips = [({"devices": ["laptop"]}, date(2026, 12, 5), date(2026, 12, 8))] * 4
    leads = LeadTimes(trips_asked=3, trips_seen=4)
    assert leads.ask_share == 0.75 and "3 of 4 trips" in leads.text and "(75%)" in leads.text
    share = leads.ask_share
    chart = compute_demand(
        [], {"laptop": 5}, first=TODAY, days=60, likely=likely_loans(trips, leads), likely_share=share
    )
    assert max(chart.kinds[0].likely) == 3  # 4 trips x 75%
    one = compute_demand(
        [], {}, first=TODAY, days=60, likely=likely_loans(trips[:1], leads), likely_share=0.5
    )
    assert (
        max(one.kinds[0].likely) == 1
    )  # half a device is shown as one: a shortage is not hidden by rounding
    assert LeadTimes().ask_share == 1.0


def test_the_share_of_trips_that_asked_is_learned_from_last_years_departures(db_session):
    ada = users.get_or_create(db_session, email="ada.share@example.edu")
    asked = _trip(db_session, ada, departure=date(2026, 10, 1))
    _trip(db_session, ada, departure=date(2026, 10, 2))  # never asked
    _trip(db_session, ada, departure=date(2026, 10, 3), item_status="not_applicable")  # not counted
    _trip(db_session, ada, departure=date(2025, 1, 1))  # more than a year ago
    _trip(db_session, ada, departure=date(2026, 12, 20))  # not yet departed
    loan = LoanerRequest(trip_id=asked.id, requester_id=ada.id, kinds="laptop", pickup_date=date(2026, 9, 29),
                         return_date=date(2026, 10, 9), state="closed", revision=0)  # fmt: skip
    db_session.add(loan)
    db_session.flush()
    assert loaner.trips_that_asked(db_session, before=TODAY) == (1, 2)
