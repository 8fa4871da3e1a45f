"""What registering and reading a visit does, for the host's pages and the API alike.

Functions here change the session and write the audit log; the request handler commits.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session, sessionmaker

from travelprep.accounts.roles import is_compliance_staff
from travelprep.compliance.service import spreadsheet_safe  # one guard against CSV formulas
from travelprep.db import audit
from travelprep.db.models import HostedVisit, User
from travelprep.db.paging import Page
from travelprep.errors import NotFound, TravelPrepError
from travelprep.metrics import CHECKLISTS_GENERATED
from travelprep.visit_review import service as visit_review
from travelprep.visits import repository as visits
from travelprep.visits.repository import VisitFilter

if TYPE_CHECKING:
    from travelprep.engine.rules.rulebook import Rulebook
    from travelprep.engine.visit import Visit
    from travelprep.engine.visit_checklist import VisitChecklist
    from travelprep.review.view import HitView

CSV_COLUMNS = [
    "visit", "visitor", "visitor_email", "affiliation", "host", "host_email",
    "arrive", "depart", "countries", "elevated_risk", "screening_hit",
]  # fmt: skip
CSV_CHUNK_ROWS = 500


class StaleVisit(TravelPrepError):
    """This visit's saved data no longer passes validation."""

    status_code = 409


def may_see(host_id: int, user: User) -> bool:
    """Hosts see their own visits; Research Compliance staff and admins see every visit."""
    return host_id == user.id or is_compliance_staff(user)


def visible_visit(session: Session, *, visit_id: int, user: User, for_update: bool = False) -> HostedVisit:
    """The visit if `user` may see it (its row locked, if asked); otherwise 404, so ids reveal nothing."""
    row = visits.get(session, visit_id=visit_id, for_update=for_update)
    if row is None or not may_see(row.host_id, user):
        raise NotFound("No such visit.")
    return row


def checklist_of(
    row: HostedVisit, rulebook: Rulebook, today: date, cleared: frozenset[tuple[str, str]] = frozenset()
) -> VisitChecklist:
    """The host's checklist for a saved visit, as of `today`, without the hits in `cleared`."""
    from travelprep.engine.visit import InvalidVisit, parse_visit
    from travelprep.engine.visit_checklist import generate_visit_checklist

    try:
        visit = parse_visit(row.visit)
    except InvalidVisit as invalid:
        raise StaleVisit(f"This visit's saved data no longer passes validation ({invalid}).") from None
    checklist = generate_visit_checklist(visit, rulebook, today, cleared=cleared)
    CHECKLISTS_GENERATED.labels("visit").inc()
    return checklist


def host_checklist(session: Session, *, row: HostedVisit, rulebook: Rulebook, today: date) -> VisitChecklist:
    """The host's checklist, with the screening hits Research Compliance cleared left out."""
    return checklist_of(row, rulebook, today, visit_review.cleared_on(session, row=row))


def host_hits(session: Session, *, row: HostedVisit, rulebook: Rulebook) -> list[HitView]:
    """The visit's screening hits as the host sees them: the state of each review, no notes."""
    return visit_review.host_hits(session, row=row, rulebook=rulebook)


def create_visit(
    session: Session, *, host: User, visit: Visit, rulebook: Rulebook, today: date
) -> HostedVisit:
    """Save a new visit hosted by `host`, screened as of today, and audit it."""
    from travelprep.engine.visit_checklist import generate_visit_checklist

    checklist = generate_visit_checklist(visit, rulebook, today)
    row = visits.create(session, host=host, visit=visit, checklist=checklist)
    visit_review.store_hits(session, row=row, rulebook=rulebook, today=today)
    detail = {
        "countries": row.countries,
        "arrive": row.arrive.isoformat(),
        "screening_hit": row.screening_hit,
    }
    audit.record(
        session, actor=host, action="visit.create", object_type="visit", object_id=row.id, detail=detail
    )
    return row


def hosted_by(session: Session, *, host: User) -> list[HostedVisit]:
    return visits.hosted_by(session, host=host)


def visit_page(session: Session, *, where: VisitFilter, after: str) -> Page:
    """One page of every host's visits matching the filter, with the total."""
    return visits.visit_page(session, where=where, after=after)


def present_page(session: Session, *, day: date, country: str | None, after: str) -> Page:
    """One page of the visitors on campus on `day`, with the total."""
    return visits.present_page(session, day=day, country=country, after=after)


def visits_csv(sessions: sessionmaker[Session], *, where: VisitFilter) -> Iterator[str]:
    """Every matching visit as CSV text, in chunks, read in batches on its own session."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    with sessions() as session:
        for n, row in enumerate(visits.every_visit(session, where=where), start=1):
            cells = [
                row.id, row.visitor_name, row.visitor_email, row.affiliation, row.host_name, row.host_email,
                row.arrive.isoformat(), row.depart.isoformat(), row.countries,
                "yes" if row.elevated_risk else "no", "yes" if row.screening_hit else "no",
            ]  # fmt: skip
            writer.writerow([spreadsheet_safe(cell) for cell in cells])
            if n % CSV_CHUNK_ROWS == 0:
                yield buffer.getvalue()
                buffer.seek(0)
                buffer.truncate()
    yield buffer.getvalue()
