"""Queries on saved visits: one visit, a host's visits, the staff list, who is on campus on a day.

Lists select only the columns they show (never the visit JSON) and page by keyset (db/paging.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import Select, delete, exists, select
from sqlalchemy.orm import Session

from travelprep.db.models import HostedVisit, User, VisitCountry, VisitItem, utcnow
from travelprep.db.paging import PAGE_SIZE, Page, keyset_page

if TYPE_CHECKING:
    from travelprep.engine.visit import Visit
    from travelprep.engine.visit_checklist import VisitChecklist

LIST_COLUMNS = (
    HostedVisit.id,
    HostedVisit.visitor_name,
    HostedVisit.visitor_email,
    HostedVisit.affiliation,
    HostedVisit.host_name,
    HostedVisit.host_email,
    HostedVisit.arrive,
    HostedVisit.depart,
    HostedVisit.countries,
    HostedVisit.elevated_risk,
    HostedVisit.screening_hit,
    HostedVisit.status,
)
VISIT_KEYS = (HostedVisit.arrive, HostedVisit.id)
EXPORT_BATCH = 1000


@dataclass(frozen=True)
class VisitFilter:
    """What the staff list of visits is narrowed to; None leaves a field out."""

    country: str | None = None
    screening_hit: bool | None = None
    start: date | None = None  # visits not over by this day
    end: date | None = None  # visits that begin by this day


def _copy_visit(row: HostedVisit, visit: Visit, checklist: VisitChecklist) -> list[str]:
    """Store the visit and copy out what lists and filters need; the visitor's country codes."""
    row.visit = visit.to_data()
    row.host_name, row.host_email = visit.host.name, visit.host.email
    row.visitor_name, row.visitor_email = visit.visitor.name, visit.visitor.email or ""
    row.affiliation = visit.visitor.affiliations[0].institution
    row.arrive, row.depart = visit.arrive, visit.depart
    codes = list(dict.fromkeys(c.country for c in checklist.visitor_countries))  # a region: its country
    row.countries = " ".join(codes)
    row.elevated_risk = any(c.elevated_risk for c in checklist.visitor_countries)
    row.screening_hit = any(result.hits for result in checklist.screening)
    row.updated_at = utcnow()
    return codes


def create(session: Session, *, host: User, visit: Visit, checklist: VisitChecklist) -> HostedVisit:
    """A new visit hosted by `host`."""
    row = HostedVisit(host_id=host.id)
    row.visitor_countries = [VisitCountry(country=code) for code in _copy_visit(row, visit, checklist)]
    session.add(row)
    session.flush()
    return row


def update(session: Session, *, row: HostedVisit, visit: Visit, checklist: VisitChecklist) -> None:
    """Replace the saved visit (and what lists and filters copy out of it)."""
    codes = _copy_visit(row, visit, checklist)
    row.calendar_sequence += 1  # imported calendars then take the new dates
    # Rows, not the relationship (lazy="raise"): replacing a collection would load the old one.
    session.execute(delete(VisitCountry).where(VisitCountry.visit_id == row.id))
    session.add_all(VisitCountry(visit_id=row.id, country=code) for code in codes)
    session.flush()


def set_status(session: Session, *, row: HostedVisit, status: str) -> None:
    """Cancel the visit (keeping its record) or make it active again."""
    row.status = status
    row.cancelled_at = utcnow() if status == "cancelled" else None
    row.calendar_sequence += 1
    row.updated_at = utcnow()
    session.flush()


def item_statuses(session: Session, *, visit_id: int) -> dict[str, VisitItem]:
    """The host's marked items of the visit, by item id."""
    query = select(VisitItem).where(VisitItem.visit_id == visit_id)
    return {row.item_id: row for row in session.scalars(query)}


def set_item_status(
    session: Session, *, visit_id: int, item_id: str, status: str, note: str, actor: User
) -> VisitItem:
    """Mark one item of the visit; the row is made the first time."""
    row = session.scalar(
        select(VisitItem).where(VisitItem.visit_id == visit_id, VisitItem.item_id == item_id)
    )
    if row is None:
        row = VisitItem(visit_id=visit_id, item_id=item_id)
        session.add(row)
    row.status, row.note, row.updated_by, row.updated_at = status, note, actor.id, utcnow()
    session.flush()
    return row


def get(session: Session, *, visit_id: int, for_update: bool = False) -> HostedVisit | None:
    """The visit; `for_update` locks its row until the transaction ends (read afresh)."""
    if for_update:
        return session.get(HostedVisit, visit_id, with_for_update=True, populate_existing=True)
    return session.get(HostedVisit, visit_id)


def hosted_by(session: Session, *, host: User) -> list[HostedVisit]:
    """The host's visits, soonest arrival first."""
    query = select(HostedVisit).where(HostedVisit.host_id == host.id).order_by(*VISIT_KEYS)
    return list(session.scalars(query))


def _filtered(where: VisitFilter) -> Select:
    query = select(*LIST_COLUMNS)
    if where.country:
        query = query.where(
            exists().where(
                VisitCountry.visit_id == HostedVisit.id, VisitCountry.country == where.country.upper()
            )
        )
    if where.screening_hit is not None:
        query = query.where(HostedVisit.screening_hit.is_(where.screening_hit))
    if where.start:
        query = query.where(HostedVisit.depart >= where.start)
    if where.end:
        query = query.where(HostedVisit.arrive <= where.end)
    return query


def visit_page(session: Session, *, where: VisitFilter, after: str = "", size: int = PAGE_SIZE) -> Page:
    """One page of the visits matching the filter, soonest arrival first, with the total."""
    return keyset_page(session, _filtered(where), keys=VISIT_KEYS, cursor=after, size=size, kinds=(date, int))


def every_visit(session: Session, *, where: VisitFilter) -> Iterator[tuple]:
    """Every visit matching the filter, soonest arrival first, fetched in batches as read."""
    query = _filtered(where).order_by(*VISIT_KEYS).execution_options(yield_per=EXPORT_BATCH)
    yield from session.execute(query)


def present_page(
    session: Session, *, day: date, country: str | None, after: str = "", size: int = PAGE_SIZE
) -> Page:
    """One page of the visitors on campus on `day` (from `country`, if given), by name."""
    query = select(*LIST_COLUMNS).where(
        HostedVisit.arrive <= day, HostedVisit.depart >= day, HostedVisit.status == "active"
    )
    if country:
        query = query.where(
            exists().where(VisitCountry.visit_id == HostedVisit.id, VisitCountry.country == country.upper())
        )
    keys = (HostedVisit.visitor_name, HostedVisit.id)
    return keyset_page(session, query, keys=keys, cursor=after, size=size, kinds=(str, int))


def reminder_visits(session: Session, *, today: date) -> list[tuple[HostedVisit, User]]:
    """Active visits not yet begun, with their hosts who have not turned email reminders off."""
    query = (
        select(HostedVisit, User)
        .join(User, User.id == HostedVisit.host_id)
        .where(User.email_reminders.is_(True), HostedVisit.arrive >= today, HostedVisit.status == "active")
        .order_by(HostedVisit.arrive, HostedVisit.id)
    )
    return [(row, host) for row, host in session.execute(query).all()]
