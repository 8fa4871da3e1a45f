"""Queries for the forecast: trips that will likely ask for a loaner, and past loans for trips."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import case, exists, func, select
from sqlalchemy.orm import Session

from travelprep.db.models import LoanerRequest, Trip, TripItem
from travelprep.loaner.forecast import PastLoan

LOANER_ITEM = "loaner-device"
HISTORY_LIMIT = 2000  # the newest past loans are enough for a median, and keep the query small


HISTORY_DAYS = 365  # the share of trips that asked is learned from the last year's departures


def _wants_loaner():
    return exists().where(
        TripItem.trip_id == Trip.id,
        TripItem.item_id == LOANER_ITEM,
        TripItem.dropped_at.is_(None),
        TripItem.status != "not_applicable",
    )


def _has_request():
    return exists().where(LoanerRequest.trip_id == Trip.id)


def trips_without_request(session: Session, *, departing_from: date, departing_by: date) -> list[tuple]:
    """(carrying, departure, return) of active trips whose checklist asks for a loaner, with no request.

    A trip with any request, even a cancelled or declined one, is left out: the traveller has
    asked, and the desk has seen it. So is a trip whose traveller marked the item not applicable.
    """
    wants_loaner, has_request = _wants_loaner(), _has_request()
    rows = session.execute(
        select(Trip.itinerary, Trip.departure, Trip.return_date)
        .where(
            Trip.status == "active",
            Trip.departure >= departing_from,
            Trip.departure <= departing_by,
            wants_loaner,
            ~has_request,
        )
        .order_by(Trip.departure, Trip.id)
    )
    return [((itinerary or {}).get("carrying"), departure, back) for itinerary, departure, back in rows]


def past_loans_for_trips(session: Session, *, before: date) -> list[PastLoan]:
    """The newest loans for trips that were picked up before `before` (what the desk really saw)."""
    rows = session.execute(
        select(
            LoanerRequest.created_at,
            LoanerRequest.pickup_date,
            LoanerRequest.return_date,
            Trip.departure,
            Trip.return_date,
        )
        .join(Trip, Trip.id == LoanerRequest.trip_id)
        .where(
            LoanerRequest.state.in_(("picked_up", "returned", "quarantined", "wiped", "closed")),
            LoanerRequest.pickup_date < before,
        )
        .order_by(LoanerRequest.pickup_date.desc(), LoanerRequest.id.desc())
        .limit(HISTORY_LIMIT)
    )
    return [PastLoan(created.date(), pickup, back, departure, trip_back)
            for created, pickup, back, departure, trip_back in rows]  # fmt: skip


def trips_that_asked(session: Session, *, before: date) -> tuple[int, int]:
    """Of last year's departed trips whose checklist called for a loaner: (how many asked, how many)."""
    asked = func.coalesce(func.sum(case((_has_request(), 1), else_=0)), 0)
    row = session.execute(
        select(asked, func.count()).where(
            Trip.status == "active",
            Trip.departure < before,
            Trip.departure >= before - timedelta(days=HISTORY_DAYS),
            _wants_loaner(),
        )
    ).one()
    return int(row[0]), int(row[1])
