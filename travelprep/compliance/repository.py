"""Queries behind Research Compliance's lists: every trip, its CSV, and who is abroad on a day.

Lists select only the columns they show (never the itinerary JSON) and page by keyset.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from sqlalchemy import Select, exists, func, select
from sqlalchemy.orm import Session

from travelprep.db.index_predicates import active_trip, flag_is
from travelprep.db.models import Leg, Trip, User
from travelprep.db.paging import PAGE_SIZE, Page, keyset_page
from travelprep.db.search import containing
from travelprep.trips.repository import TripFilter

LIST_COLUMNS = (
    Trip.id,
    Trip.traveler_name,
    Trip.traveler_email,
    Trip.status,
    Trip.departure,
    Trip.return_date,
    Trip.countries,
    Trip.elevated_risk,
    Trip.sanctioned,
)
TRIP_KEYS = (Trip.departure, Trip.id)
EXPORT_BATCH = 1000  # rows fetched at a time by the CSV export (a server-side cursor on PostgreSQL)


def _filtered(where: TripFilter, search: str = "") -> Select:
    query = select(*LIST_COLUMNS)
    if search.strip():
        query = query.where(containing(search, Trip.traveler_name, Trip.traveler_email))
    # Constants the partial indexes depend on are inline (db/index_predicates.py).
    status = active_trip() if not where.include_cancelled else Trip.status.is_not(None)
    if where.country:
        query = query.where(exists().where(Leg.trip_id == Trip.id, Leg.country == where.country.upper()))
    if where.start:
        # Trips not over by `start` all leave on or after the earliest of them; saying so lets
        # the (departure, id) index start there instead of walking every trip before it.
        earliest = select(func.min(Trip.departure)).where(status, Trip.return_date >= where.start)
        query = query.where(Trip.return_date >= where.start, Trip.departure >= earliest.scalar_subquery())
    if where.end:
        query = query.where(Trip.departure <= where.end)
    if where.elevated_risk is not None:
        query = query.where(flag_is(Trip.elevated_risk, where.elevated_risk))
    if where.sanctioned is not None:
        query = query.where(flag_is(Trip.sanctioned, where.sanctioned))
    return query.where(status)


def trip_page(
    session: Session, *, where: TripFilter, search: str = "", after: str = "", size: int = PAGE_SIZE
) -> Page:
    """One page of the trips matching the filter and the traveler search, soonest first, with the total."""
    query = _filtered(where, search)
    return keyset_page(session, query, keys=TRIP_KEYS, cursor=after, size=size, kinds=(date, int))


def regions_of(session: Session, *, trip_ids: list[int]) -> dict[int, list[tuple[str, str]]]:
    """(country, region) of each of these trips' stays in a region (Crimea, Donetsk...), by trip."""
    found: dict[int, list[tuple[str, str]]] = {}
    if not trip_ids:
        return found
    rows = session.execute(
        select(Leg.trip_id, Leg.country, Leg.region)
        .where(Leg.trip_id.in_(trip_ids), Leg.region.is_not(None), Leg.region != "")
        .order_by(Leg.trip_id, Leg.position)
    )
    for trip_id, country, region in rows:
        if (country, region) not in found.setdefault(trip_id, []):
            found[trip_id].append((country, region))
    return found


def every_trip(session: Session, *, where: TripFilter, search: str = "") -> Iterator[tuple]:
    """Every trip matching the filter, soonest departure first, fetched in batches as read."""
    query = _filtered(where, search).order_by(*TRIP_KEYS).execution_options(yield_per=EXPORT_BATCH)
    yield from session.execute(query)


def _on_day(session: Session, day: date):
    if session.get_bind().dialect.name == "postgresql":
        # Answered by the GiST index on the stay's date range (migration 0007).
        return func.daterange(Leg.arrive, Leg.depart, "[]").op("@>")(day)
    return (Leg.arrive <= day) & (Leg.depart >= day)


def abroad_page(
    session: Session,
    *,
    day: date,
    country: str | None,
    search: str = "",
    after: str = "",
    size: int = PAGE_SIZE,
) -> Page:
    """One page of who is in `country` (or anywhere abroad) on `day`, by country and name."""
    # The day's stays first, from the date-range index (a materialized CTE, so the planner does
    # not walk every leg in country order instead), then sorted: a few hundred rows at most.
    on_day = select(Leg.id).where(_on_day(session, day))
    if country:
        on_day = on_day.where(Leg.country == country.upper())
    stays = on_day.cte("stays").prefix_with("MATERIALIZED")
    by_country = func.upper(Leg.country).label("by_country")
    query = (
        select(
            by_country,
            Trip.id.label("trip_id"),
            Trip.traveler_name,
            Trip.traveler_email,
            User.email.label("account_email"),
            Leg.id,
            Leg.country,
            Leg.region,
            Leg.city,
            Leg.arrive,
            Leg.depart,
        )
        .join(Leg, Leg.trip_id == Trip.id)
        .join(stays, stays.c.id == Leg.id)
        .join(User, User.id == Trip.user_id)
        .where(active_trip())
    )
    if search.strip():
        query = query.where(containing(search, Trip.traveler_name, Trip.traveler_email))
    keys = (by_country, Trip.traveler_name, Leg.id)
    return keyset_page(session, query, keys=keys, cursor=after, size=size, kinds=(str, str, int))
