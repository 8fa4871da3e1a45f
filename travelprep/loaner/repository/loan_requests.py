"""Queries on loaner requests, their transitions, and the desk's views of them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import exists, select
from sqlalchemy.orm import Session, selectinload

from travelprep.db.models import LoanerRequest, LoanerTransition, Reservation, Trip, User, utcnow
from travelprep.db.paging import PAGE_SIZE, Page, keyset_page
from travelprep.loaner.lifecycle import ACTIVE_STATES, EARLY_STATES, FINAL_STATES
from travelprep.loaner.overdue_repository import overdue_loan

MAX_WIPE_BUFFER = timedelta(days=30)  # the largest buffer settings allow


def get_request(session: Session, *, request_id: int) -> LoanerRequest | None:
    """The loaner request with its requester, or None (callers check access)."""
    return session.scalar(
        select(LoanerRequest)
        .options(selectinload(LoanerRequest.requester))
        .where(LoanerRequest.id == request_id)
    )


def create_request(
    session: Session,
    *,
    requester: User,
    trip_id: int | None,
    kinds: list[str],
    pickup: date,
    return_date: date,
    note: str,
    actor: User,
) -> LoanerRequest:
    """A new request in state `requested`, with its first history row."""
    request = LoanerRequest(
        requester=requester,
        trip_id=trip_id,
        kinds=" ".join(kinds),
        pickup_date=pickup,
        return_date=return_date,
        note=note,
        state="requested",
        revision=0,
    )
    session.add(request)
    session.flush()
    session.add(
        LoanerTransition(
            request_id=request.id, actor_id=actor.id, from_state=None, to_state="requested", note=note
        )
    )
    return request


def move(
    session: Session, *, request: LoanerRequest, to_state: str, actor: User, note: str
) -> LoanerTransition:
    """Change the request's state and record who did it, when and why (callers check legality)."""
    row = LoanerTransition(
        request_id=request.id, actor_id=actor.id, from_state=request.state, to_state=to_state, note=note
    )
    request.state, request.updated_at, request.revision = to_state, utcnow(), request.revision + 1
    session.add(row)
    session.flush()
    return row


def transitions(session: Session, *, request_id: int) -> list[tuple[LoanerTransition, User | None]]:
    """The request's history with who made each change, oldest first."""
    rows = session.execute(
        select(LoanerTransition, User)
        .outerjoin(User, User.id == LoanerTransition.actor_id)
        .where(LoanerTransition.request_id == request_id)
        .order_by(LoanerTransition.id)
    )
    return [(row, user) for row, user in rows]


def requests_for_user(session: Session, *, user: User) -> list[LoanerRequest]:
    """The user's own requests, soonest pickup first."""
    return list(
        session.scalars(
            select(LoanerRequest)
            .options(selectinload(LoanerRequest.requester))
            .where(LoanerRequest.requester_id == user.id)
            .order_by(LoanerRequest.pickup_date, LoanerRequest.id)
        )
    )


def requests_for_trip(session: Session, *, trip_id: int) -> list[LoanerRequest]:
    """The requests made for one trip, newest first."""
    return list(
        session.scalars(
            select(LoanerRequest).where(LoanerRequest.trip_id == trip_id).order_by(LoanerRequest.id.desc())
        )
    )


@dataclass(frozen=True)
class QueueFilter:
    """What the staff queue filters on; None means no filter."""

    state: str | None = None  # a state, or None for every open one
    include_finished: bool = False  # with state None: closed, declined and cancelled too
    kind: str | None = None
    unassigned: bool = False
    pickup_from: date | None = None
    pickup_to: date | None = None
    requester_id: int | None = None  # one traveler's own requests (the API's list for travelers)


def _assigned():
    return exists().where(Reservation.request_id == LoanerRequest.id)


def _queue_query(where: QueueFilter):
    query = select(LoanerRequest).options(selectinload(LoanerRequest.requester))
    if where.state:
        query = query.where(LoanerRequest.state == where.state)
    elif not where.include_finished:
        query = query.where(LoanerRequest.state.not_in(FINAL_STATES))
    if where.kind:
        query = query.where(LoanerRequest.kinds.contains(where.kind))
    if where.unassigned:
        query = query.where(~_assigned())
    if where.pickup_from:
        query = query.where(LoanerRequest.pickup_date >= where.pickup_from)
    if where.pickup_to:
        query = query.where(LoanerRequest.pickup_date <= where.pickup_to)
    if where.requester_id is not None:
        query = query.where(LoanerRequest.requester_id == where.requester_id)
    return query


QUEUE_CURSOR = (date, int)  # a queue cursor is the last row's (pickup date, id)


def queue_page(session: Session, *, where: QueueFilter, after: str = "", size: int = PAGE_SIZE) -> Page:
    """One page of the requests matching the filter, earliest pickup first, with the total."""
    keys = (LoanerRequest.pickup_date, LoanerRequest.id)
    return keyset_page(session, _queue_query(where), keys=keys, cursor=after, size=size, kinds=QUEUE_CURSOR)


def trip_with_stops(session: Session, *, trip_id: int) -> Trip | None:
    """The trip a request was made for, with its legs (for the desk, who cannot open the trip)."""
    return session.scalar(select(Trip).options(selectinload(Trip.legs)).where(Trip.id == trip_id))


def pickups_on(session: Session, *, day: date) -> list[LoanerRequest]:
    """Requests to be picked up on `day`, whatever step before pickup they are at, device or not."""
    return _with_requester(session, LoanerRequest.pickup_date == day, LoanerRequest.state.in_(EARLY_STATES))


def waiting_for_approval(session: Session) -> list[LoanerRequest]:
    """Requests nobody has approved or declined yet, soonest pickup first."""
    return _with_requester(session, LoanerRequest.state == "requested")


def returns_on(session: Session, *, day: date) -> list[LoanerRequest]:
    """Devices out with a traveler that are due back on `day`."""
    return _with_requester(session, LoanerRequest.return_date == day, LoanerRequest.state == "picked_up")


def overdue_returns(session: Session, *, today: date) -> list[LoanerRequest]:
    """Devices still out after their return date."""
    return _with_requester(session, overdue_loan(today))


def unassigned_soon(session: Session, *, today: date, days: int = 7) -> list[LoanerRequest]:
    """Requests still waiting for a device whose pickup is within `days` days (or past)."""
    return _with_requester(
        session,
        LoanerRequest.state.in_(("requested", "approved", "ready")),
        LoanerRequest.pickup_date <= today + timedelta(days=days),
        ~_assigned(),
    )


def in_states(session: Session, *, states: tuple[str, ...]) -> list[LoanerRequest]:
    """Requests in these states (e.g. quarantine and waiting for a wipe)."""
    return _with_requester(session, LoanerRequest.state.in_(states))


def _with_requester(session: Session, *conditions) -> list[LoanerRequest]:
    return list(
        session.scalars(
            select(LoanerRequest)
            .options(selectinload(LoanerRequest.requester))
            .where(*conditions)
            .order_by(LoanerRequest.pickup_date, LoanerRequest.id)
        )
    )


def demand_rows(session: Session, *, first: date, last: date, today: date) -> list[tuple[str, date, date]]:
    """(kinds, pickup, return) of active requests whose loan touches [first, last].

    Loans overdue on `today` are left out: the chart counts their devices as unavailable instead.
    """
    rows = session.execute(
        select(LoanerRequest.kinds, LoanerRequest.pickup_date, LoanerRequest.return_date).where(
            LoanerRequest.state.in_(ACTIVE_STATES),
            LoanerRequest.pickup_date <= last,
            LoanerRequest.return_date >= first - MAX_WIPE_BUFFER,
            ~overdue_loan(today),
        )
    )
    return [(kinds, pickup, back) for kinds, pickup, back in rows]


def calendar_requests(session: Session, *, since: date) -> list[LoanerRequest]:
    """Requests whose pickup or return is on or after `since`, for the staff calendar."""
    return _with_requester(
        session,
        LoanerRequest.state.not_in(("declined", "cancelled")),
        LoanerRequest.return_date >= since,
    )


def due_back(session: Session, *, by: date) -> list[tuple[LoanerRequest, User]]:
    """Picked-up loans due back on or before `by`, with travelers who take reminders."""
    rows = session.execute(
        select(LoanerRequest, User)
        .join(User, User.id == LoanerRequest.requester_id)
        .where(LoanerRequest.state == "picked_up", LoanerRequest.return_date <= by, User.email_reminders)
        .order_by(LoanerRequest.return_date, LoanerRequest.id)
    )
    return [(request, user) for request, user in rows]
