"""What the loaner pages, the API and the desk's calendar show, read through the repositories.

Nothing here changes the session: writes live in service.py and inventory_service.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy.orm import Session

from travelprep.accounts.roles import is_loaner_staff
from travelprep.calendar import repository as feeds
from travelprep.db.models import LoanerRequest, Reservation, Trip, User
from travelprep.db.paging import Page, decode_cursor
from travelprep.engine.geography import place_name
from travelprep.loaner import overdue_repository as overdue
from travelprep.loaner import repository as loaner
from travelprep.loaner import reservations
from travelprep.loaner import service as loaner_service
from travelprep.loaner.calendar_feed import LoanEvent
from travelprep.loaner.demand import DAYS, DemandChart, compute_demand
from travelprep.loaner.errors import InvalidLoanerRequest
from travelprep.loaner.forecast import LeadTimes, lead_times, likely_loans
from travelprep.loaner.overdue import OverdueHold, at_risk, out_by_kind
from travelprep.loaner.schedule import reserved_period
from travelprep.settings import Settings

SHORT_NOTICE = timedelta(days=14)  # the checklist asks for a loaner two weeks ahead
SOON = 7  # days ahead in which an unassigned request needs the desk
FORECAST_SLACK = timedelta(days=30)  # departures this far past the chart may still pick up within it


def own_requests(session: Session, *, user: User) -> list[LoanerRequest]:
    """The requests made by or for `user`, soonest pickup first."""
    return loaner.requests_for_user(session, user=user)


def requests_visible_to(session: Session, *, user: User, after: str = "") -> Page:
    """A page of the user's own requests, or everyone's for the desk, finished ones too.

    Earliest pickup first, after the cursor `after` (a page's `next_cursor`); 422 on text that
    is no cursor, so a client's bad cursor never silently starts the list over.
    """
    if after and decode_cursor(after, loaner.QUEUE_CURSOR) is None:
        raise InvalidLoanerRequest({"after": "Not a cursor of this list: pass a page's `next` as it came."})
    mine = None if is_loaner_staff(user) else user.id
    where = loaner.QueueFilter(include_finished=True, requester_id=mine)
    return loaner.queue_page(session, where=where, after=after)


def held_devices(session: Session, *, request_ids: list[int]) -> dict[int, list[Reservation]]:
    """The reservations, with their devices, of each of these requests."""
    return reservations.for_requests(session, request_ids=request_ids)


@dataclass(frozen=True)
class TripStop:
    """One stop of the trip, as the request page lists it."""

    place: str  # "Crimea, Ukraine"
    city: str
    arrive: date
    depart: date


@dataclass(frozen=True)
class TripForDesk:
    """What the desk needs to know of the trip behind a request, without opening the trip."""

    departure: date
    return_date: date
    status: str
    stops: tuple[TripStop, ...]
    viewer_may_open: bool  # only the trip's owner may open the trip page


def trip_for_desk(session: Session, *, trip_id: int | None, viewer: User) -> TripForDesk | None:
    """The destinations and dates of the request's trip, or None without one."""
    trip: Trip | None = loaner.trip_with_stops(session, trip_id=trip_id) if trip_id else None
    if trip is None:
        return None
    stops = tuple(TripStop(place_name(leg.country, leg.region), leg.city, leg.arrive, leg.depart)
                  for leg in trip.legs)  # fmt: skip
    return TripForDesk(trip.departure, trip.return_date, trip.status, stops, trip.user_id == viewer.id)


def request_page(
    session: Session, *, request_id: int, user: User, wipe_buffer_days: int, today: date
) -> dict:
    """What the request page shows: state, devices, history, buttons, and devices to offer."""
    loan = loaner_service.visible_request(session, request_id=request_id, user=user)
    staff = is_loaner_staff(user)
    held = reservations.for_request(session, request_id=loan.id)
    missing = [k for k in loan.kind_list if k not in {r.device.kind for r in held}]
    open_to_desk = staff and loan.state in loaner_service.ASSIGNABLE_STATES
    # Devices of this request still out on another, overdue loan: offered a replacement.
    out = loaner_service.held_out_overdue(session, request=loan, today=today) if open_to_desk else {}
    free = (
        loaner_service.suggestions(session, request=loan, wipe_buffer_days=wipe_buffer_days, today=today)
        if open_to_desk and (missing or out)
        else {}
    )
    return {
        "loan": loan,
        "held": held,
        "history": loaner.transitions(session, request_id=loan.id),
        "offered": loaner_service.offered_transitions(loan, user),
        "free": {kind: free.get(kind, []) for kind in missing} if open_to_desk else {},
        "out_overdue": out,
        "replacements": {r.device_id: free.get(r.device.kind, []) for r in held if r.device_id in out},
        "period": reserved_period(loan.pickup_date, loan.return_date, wipe_buffer_days),
        "staff": staff,
        "trip": trip_for_desk(session, trip_id=loan.trip_id, viewer=user),
        "early_pickup_days": (loan.pickup_date - today).days,
    }


def refused_form(session: Session, *, page: dict, device_id: int, replacing: int | None) -> str:
    """Which form on the request page an assignment came from: its id, or "" when not shown."""
    if replacing is not None and replacing in page["replacements"]:
        return f"replace-{replacing}"
    device = loaner.get_device(session, device_id=device_id)
    if device is not None and device.kind in page["free"]:
        return f"assign-{device.kind}"
    return ""


def demand_chart(
    session: Session, *, today: date, wipe_buffer_days: int, holds: list[OverdueHold] | None = None
) -> DemandChart:
    """The demand over the next 60 days against the devices in service and not out overdue."""
    return demand_with_forecast(session, today=today, wipe_buffer_days=wipe_buffer_days, holds=holds)[0]


def demand_with_forecast(
    session: Session, *, today: date, wipe_buffer_days: int, holds: list[OverdueHold] | None = None
) -> tuple[DemandChart, LeadTimes]:
    """The 60-day chart with trips' likely loans, and the lead times that placed them."""
    last = today + timedelta(days=DAYS - 1)
    rows = loaner.demand_rows(session, first=today, last=last, today=today)
    if holds is None:
        holds = overdue.overdue_holds(session, today=today)
    history = loaner.past_loans_for_trips(session, before=today)
    leads = lead_times(history, asked=loaner.trips_that_asked(session, before=today))
    # A pickup can come before the departure: look a little past the window for departures.
    trips = loaner.trips_without_request(session, departing_from=today, departing_by=last + FORECAST_SLACK)
    chart = compute_demand(
        rows,
        loaner.devices_in_service(session),
        first=today,
        days=DAYS,
        wipe_buffer_days=wipe_buffer_days,
        out_overdue=out_by_kind(holds),
        likely=likely_loans(trips, leads),
        likely_share=leads.ask_share,
    )
    return chart, leads


def dashboard(session: Session, *, today: date, wipe_buffer_days: int) -> dict:
    """Today's pickups and returns, what is overdue, unassigned or cleaning, what is at risk, the chart."""
    holds = overdue.overdue_holds(session, today=today)
    bookings = overdue.waiting_bookings(session, device_ids=sorted({h.device_id for h in holds}))
    sections = {
        "waiting": loaner.waiting_for_approval(session),
        "pickups": loaner.pickups_on(session, day=today),
        "returns": loaner.returns_on(session, day=today),
        "overdue": loaner.overdue_returns(session, today=today),
        "unassigned": loaner.unassigned_soon(session, today=today, days=SOON),
        "cleaning": loaner.in_states(session, states=("returned", "quarantined")),
    }
    ids = [loan.id for found in sections.values() for loan in found]
    chart, leads = demand_with_forecast(session, today=today, wipe_buffer_days=wipe_buffer_days, holds=holds)
    return sections | {
        "at_risk": at_risk(holds, bookings),
        "devices": loaner.devices_by_request(session, request_ids=ids),
        "chart": chart,
        "leads": leads,
    }


def is_short_notice(loan: LoanerRequest) -> bool:
    """Asked for less than two weeks before the pickup."""
    return loan.pickup_date - loan.created_at.date() < SHORT_NOTICE


def by_urgency(loans: list[LoanerRequest]) -> list[LoanerRequest]:
    """Earliest pickup first; on the same day, short-notice requests first."""
    return sorted(loans, key=lambda loan: (loan.pickup_date, not is_short_notice(loan), loan.id))


def queue(session: Session, *, where: loaner.QueueFilter, after: str = "") -> dict:
    """A page of the requests matching the filter by urgency, its total, and the asset tags each holds."""
    page = loaner.queue_page(session, where=where, after=after)
    found = by_urgency(page.rows)  # pages follow the pickup date; within a page, urgency ranks
    return {
        "page": page,
        "loans": found,
        "devices": loaner.devices_by_request(session, request_ids=[x.id for x in found]),
    }


def loan_events(session: Session, *, since: date, settings: Settings) -> list[LoanEvent]:
    """What the calendar shows of each request whose return is on or after `since`."""
    loans = loaner.calendar_requests(session, since=since)
    devices = loaner.devices_by_request(session, request_ids=[loan.id for loan in loans])
    return [
        LoanEvent(
            request_id=loan.id,
            requester=loan.requester.name or loan.requester.email,
            kinds=loan.kinds,
            pickup=loan.pickup_date,
            return_date=loan.return_date,
            state=loan.state,
            revision=loan.revision,
            devices=tuple(devices.get(loan.id, ())),
            url=settings.public_url(f"/loaner/requests/{loan.id}"),
        )
        for loan in loans
    ]


def desk_member_by_token(session: Session, *, token: str) -> User | None:
    """The owner of the calendar token while they run the loaner desk, or None."""
    user = feeds.user_by_token(session, token=token)
    return user if user is not None and is_loaner_staff(user) else None
