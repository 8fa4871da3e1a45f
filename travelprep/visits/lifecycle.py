"""A saved visit's life after it is registered: editing it, cancelling it (and undoing that), and
the host marking items done or not applicable.

Like service.py, functions here change the session and write the audit log; the handler commits.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from travelprep.db import audit
from travelprep.db.models import ITEM_STATUSES, HostedVisit, User, VisitItem
from travelprep.engine.itinerary import clean_text
from travelprep.errors import Conflict, Forbidden, NotFound, TravelPrepError
from travelprep.visit_review import service as visit_review
from travelprep.visits import repository as visits
from travelprep.visits.service import host_checklist

if TYPE_CHECKING:
    from travelprep.engine.rules.rulebook import Rulebook
    from travelprep.engine.visit import Visit

NOTE_MAX = 2000


class VisitArrived(TravelPrepError):
    """The visitor's arrival day has come: a cancellation can no longer be undone."""

    status_code = 409


class VisitCancelled(Conflict):
    """This visit is cancelled: restore it before changing it."""


class StaleVisitEdit(Conflict):
    """The visit changed since the form was opened: the form comes back to be saved again on purpose."""


class HostOnly(Forbidden):
    """Only the host marks the items of their checklist."""


class InvalidItemStatus(TravelPrepError):
    """Choose done, not applicable or to do."""

    status_code = 422


class ItemReasonRequired(TravelPrepError):
    """A required item needs a reason to be marked not applicable."""

    status_code = 422


def update_visit(
    session: Session,
    *,
    row: HostedVisit,
    user: User,
    visit: Visit,
    rulebook: Rulebook,
    today: date,
    read_version: int | None = None,
) -> None:
    """Save the edited visit, screen its names again (decisions stay with their hits), and audit it.

    `read_version` is the calendar sequence the form was filled at: a save from an older one
    (another tab or person saved, cancelled or restored meanwhile) writes nothing.
    """
    from travelprep.engine.visit_checklist import generate_visit_checklist

    if row.status == "cancelled":
        raise VisitCancelled()
    if read_version is not None and read_version != row.calendar_sequence:
        raise StaleVisitEdit()
    before = {"arrive": row.arrive.isoformat(), "depart": row.depart.isoformat(), "countries": row.countries}
    visits.update(session, row=row, visit=visit, checklist=generate_visit_checklist(visit, rulebook, today))
    visit_review.store_hits(session, row=row, rulebook=rulebook, today=today)
    after = {"arrive": row.arrive.isoformat(), "depart": row.depart.isoformat(), "countries": row.countries}
    audit.record(
        session, actor=user, action="visit.update", object_type="visit", object_id=row.id,
        detail={"before": before, "after": after, "screening_hit": row.screening_hit},
    )  # fmt: skip


def may_restore(row: HostedVisit, today: date) -> bool:
    """A cancelled visit can be restored until the day the visitor would have arrived."""
    return row.status == "cancelled" and today < row.arrive


def cancel_visit(session: Session, *, row: HostedVisit, user: User) -> None:
    """Cancel the visit; its record, decisions and item statuses stay."""
    if row.status == "cancelled":
        return
    visits.set_status(session, row=row, status="cancelled")
    audit.record(session, actor=user, action="visit.cancel", object_type="visit", object_id=row.id)


def restore_visit(session: Session, *, row: HostedVisit, user: User, today: date) -> None:
    """Undo a cancellation before the visitor's arrival day."""
    if row.status != "cancelled":
        return
    if not may_restore(row, today):
        raise VisitArrived(
            f"The visitor would have arrived on {row.arrive.isoformat()}, so this cancellation can no "
            "longer be undone. Register the visit again if it is still happening."
        )
    visits.set_status(session, row=row, status="active")
    audit.record(session, actor=user, action="visit.restore", object_type="visit", object_id=row.id)


def item_statuses(session: Session, *, row: HostedVisit) -> dict[str, VisitItem]:
    """The items the host has marked, by item id."""
    return visits.item_statuses(session, visit_id=row.id)


def set_item_status(
    session: Session, *, row: HostedVisit, user: User, item_id: str, status: str, note: str,
    rulebook: Rulebook, today: date,
) -> VisitItem:  # fmt: skip
    """Mark one item done, not applicable (a required item needs a reason) or to do again."""
    if row.host_id != user.id:
        raise HostOnly("Only the visit's host marks the items of its checklist.")
    if status not in ITEM_STATUSES:
        raise InvalidItemStatus()
    note = clean_text(note)  # one line: control characters and line breaks become spaces
    if len(note) > NOTE_MAX:
        raise InvalidItemStatus(f"The reason is {len(note):,} characters long; keep it to {NOTE_MAX:,}.")
    item = next((i for i in host_checklist(session, row=row, rulebook=rulebook, today=today).items
                 if i.id == item_id), None)  # fmt: skip
    if item is None:
        raise NotFound("This item is not on the visit's checklist.")
    if status == "not_applicable" and not note and item.priority == "required":
        raise ItemReasonRequired(f'"{item.title}" is required: write why it does not apply to this visit.')
    marked = visits.set_item_status(
        session,
        visit_id=row.id,
        item_id=item_id,
        status=status,
        note=note if status != "open" else "",
        actor=user,
    )
    audit.record(
        session, actor=user, action="item.status", object_type="visit", object_id=row.id,
        detail={"item": item_id, "status": status, "note": marked.note},
    )  # fmt: skip
    return marked
