"""What saving, editing, ticking and cancelling a trip does, for the pages and the API alike.

Functions here change the session and write the audit log; the request handler commits.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from travelprep.accounts import repository as users
from travelprep.accounts.roles import is_compliance_staff
from travelprep.db import audit
from travelprep.db.models import ITEM_STATUSES, Trip, TripItem, User
from travelprep.errors import Conflict, NotFound, SignInRequired, TravelPrepError
from travelprep.metrics import CHECKLISTS_GENERATED
from travelprep.review import repository as screening_decisions
from travelprep.trips import repository as trips
from travelprep.trips.checklist_view import ChecklistView
from travelprep.trips.page_state import TripPageState, Viewer

if TYPE_CHECKING:
    from travelprep.engine.checklist import Checklist
    from travelprep.engine.itinerary import Itinerary
    from travelprep.engine.rules.rulebook import Rulebook


class StaleItinerary(TravelPrepError):
    """This trip's saved itinerary no longer passes validation: edit the trip to fix it."""

    status_code = 409


class InvalidStatus(TravelPrepError):
    """Unknown status: use open, done or not_applicable."""

    status_code = 422


def visible_trip(session: Session, *, trip_id: int, user: User, to_change: bool = False) -> Trip:
    """The trip if `user` may see it (or change it); otherwise 404, so ids reveal nothing."""
    return _check_access(trips.get(session, trip_id=trip_id), user, to_change)


def visible_trip_with_statuses(
    session: Session, *, trip_id: int, user: User
) -> tuple[Trip, dict[str, TripItem]]:
    """As visible_trip, with the trip's status rows by item id, in one query."""
    trip, statuses = trips.get_with_statuses(session, trip_id=trip_id)
    return _check_access(trip, user, to_change=False), statuses


def visible_page_state(viewer: Viewer | None, state: TripPageState | None) -> TripPageState:
    """The trip page's state if the signed-in viewer may see the trip; else sign in, or 404."""
    if viewer is None:
        raise SignInRequired()  # the user was deleted since signing in
    if state is not None and _may_access(state.owner_id, viewer, to_change=False):
        return state
    raise NotFound("No such trip.")


def _check_access(trip: Trip | None, user: User, to_change: bool) -> Trip:
    if trip is not None and _may_access(trip.user_id, user, to_change):
        return trip
    raise NotFound("No such trip.")


def _may_access(owner_id: int, user: User | Viewer, to_change: bool) -> bool:
    """Travelers see and change their own trips; compliance staff see everyone's."""
    return owner_id == user.id or (is_compliance_staff(user) and not to_change)


def cleared_on(session: Session, *, trip: Trip) -> frozenset[tuple[str, str]]:
    """The (query key, entity id) pairs Research Compliance cleared on the trip."""
    return screening_decisions.cleared_pairs(screening_decisions.for_trip(session, trip_id=trip.id))


def checklist_for(
    trip: Trip, rulebook: Rulebook, today: date, *, cleared: frozenset[tuple[str, str]]
) -> Checklist:
    """The trip's checklist as of `today`, from its stored itinerary and cleared hits."""
    from travelprep.engine.itinerary import InvalidItinerary, parse_itinerary

    try:
        itinerary = parse_itinerary(trip.itinerary)
    except InvalidItinerary as invalid:
        # Saved under older rules or data (e.g. a region since renamed): say so, never 500.
        raise StaleItinerary(
            f"This trip's saved itinerary no longer passes validation ({invalid}). "
            f"Edit the trip at /trips/{trip.id}/edit to fix it."
        ) from None
    return _checklist(itinerary, rulebook, today, cleared)


def _checklist(
    itinerary: Itinerary, rulebook: Rulebook, today: date, cleared: frozenset[tuple[str, str]]
) -> Checklist:
    from travelprep.engine.checklist import generate_checklist

    checklist = generate_checklist(itinerary, rulebook, today, cleared=cleared)
    CHECKLISTS_GENERATED.labels("trip").inc()
    return checklist


def _remember_and_audit(
    session: Session, *, trip: Trip, user: User, itinerary: Itinerary, action: str, detail: dict
) -> None:
    """Remember the traveler's details for next time and audit what was done to the trip."""
    users.remember_profile(session, user=user, traveler=itinerary.traveler.model_dump(mode="json"))
    audit.record(session, actor=user, action=action, object_type="trip", object_id=trip.id, detail=detail)


def saved_checklist(session: Session, *, trip: Trip, rulebook: Rulebook, today: date) -> Checklist:
    """The trip's checklist with the hits Research Compliance cleared on it left out."""
    return checklist_for(trip, rulebook, today, cleared=cleared_on(session, trip=trip))


def view_of(session: Session, *, trip: Trip, rulebook: Rulebook, today: date) -> ChecklistView:
    """The checklist of `trip` joined with its stored statuses."""
    checklist = saved_checklist(session, trip=trip, rulebook=rulebook, today=today)
    return ChecklistView.build(checklist, trips.item_statuses(session, trip_id=trip.id))


def views_of(
    session: Session, *, trips_: list[Trip], rulebook: Rulebook, today: date
) -> list[tuple[Trip, ChecklistView]]:
    """The checklist views of several trips, their decisions and statuses read in two queries.

    A trip whose saved itinerary no longer passes validation is left out: its own page says why.
    """
    ids = [trip.id for trip in trips_]
    decisions = screening_decisions.for_trips(session, trip_ids=ids)
    statuses = trips.item_statuses_of(session, trip_ids=ids)
    views = []
    for trip in trips_:
        cleared = screening_decisions.cleared_pairs(decisions[trip.id])
        try:
            checklist = checklist_for(trip, rulebook, today, cleared=cleared)
        except StaleItinerary:
            continue
        views.append((trip, ChecklistView.build(checklist, statuses[trip.id])))
    return views


def create_trip(
    session: Session, *, user: User, itinerary: Itinerary, rulebook: Rulebook, today: date
) -> Trip:
    """Save a new trip and remember the traveler's details for next time."""
    checklist = _checklist(itinerary, rulebook, today, frozenset())
    trip = trips.create(session, user=user, itinerary=itinerary, checklist=checklist)
    detail = {"countries": trip.countries, "departure": trip.departure.isoformat()}
    _remember_and_audit(
        session, trip=trip, user=user, itinerary=itinerary, action="trip.create", detail=detail
    )
    return trip


def version_of(trip: Trip) -> int:
    """The trip's version: it goes up with every saved change (it is the calendar SEQUENCE)."""
    return trip.calendar_sequence or 0


def ensure_unchanged(*, trip: Trip, seen: int) -> None:
    """409 if the trip changed since the caller read version `seen` (a second tab, say)."""
    if version_of(trip) != seen:
        raise Conflict(
            f"The trip was changed since you read it (you read version {seen}; it is now at "
            f"version {version_of(trip)}). Read it again, re-apply your change and save."
        )


def update_trip(
    session: Session,
    *,
    trip: Trip,
    user: User,
    itinerary: Itinerary,
    rulebook: Rulebook,
    today: date,
) -> list[TripItem]:
    """Replace the itinerary, recompute the checklist; returns the items that no longer apply."""
    # Decisions stay attached to their names: a name kept on the trip stays cleared.
    checklist = _checklist(itinerary, rulebook, today, cleared_on(session, trip=trip))
    dropped = trips.replace_itinerary(
        session, trip=trip, itinerary=itinerary, checklist=checklist, actor=user
    )
    detail = {"countries": trip.countries, "dropped": [row.item_id for row in dropped]}
    _remember_and_audit(
        session, trip=trip, user=user, itinerary=itinerary, action="trip.update", detail=detail
    )
    return dropped


class ReasonRequired(TravelPrepError):
    """A required item marked not applicable without saying why."""

    status_code = 422


def set_status(
    session: Session,
    *,
    trip: Trip,
    user: User,
    item_id: str,
    status: str,
    note: str,
    rulebook: Rulebook | None = None,
    today: date | None = None,
) -> TripItem:
    """Mark one item done, not applicable (with a note) or open again.

    With the rulebook and the day, a required item marked not applicable needs a note: the
    reason is what Research Compliance and the traveler will read later.
    """
    if status not in ITEM_STATUSES:
        raise InvalidStatus()
    if status == "not_applicable" and not note.strip() and rulebook is not None and today is not None:
        checklist = checklist_for(trip, rulebook, today, cleared=cleared_on(session, trip=trip))
        item = next((i for i in checklist.items if i.id == item_id), None)
        if item is not None and item.priority == "required":
            raise ReasonRequired(
                f'"{item.title}" is required: write why it does not apply to your trip, '
                "then mark it not applicable."
            )
    row = trips.set_item_status(
        session, trip=trip, item_id=item_id, status=status, note=note.strip()[:2000], actor=user
    )
    if row is None:
        raise NotFound("This item is not on the trip's checklist.")
    audit.record(
        session,
        actor=user,
        action="item.status",
        object_type="trip",
        object_id=trip.id,
        detail={"item": item_id, "status": status},
    )
    return row


def cancel_trip(session: Session, *, trip: Trip, user: User) -> None:
    """Cancel the trip; its record and checklist history stay."""
    trips.cancel(session, trip=trip)
    audit.record(session, actor=user, action="trip.cancel", object_type="trip", object_id=trip.id)


def may_restore(trip: Trip, today: date) -> bool:
    """A cancelled trip can be restored until the day it would have departed."""
    return trip.status == "cancelled" and today < trip.departure


class TripDeparted(TravelPrepError):
    """The trip's departure day has come: a cancellation can no longer be undone."""

    status_code = 409


def restore_trip(session: Session, *, trip: Trip, user: User, today: date) -> None:
    """Undo a cancellation while the trip has not departed; calendars show it again."""
    if trip.status != "cancelled":
        return
    if not may_restore(trip, today):
        raise TripDeparted(
            f"This trip would have left on {trip.departure.isoformat()}, so its cancellation can no "
            "longer be undone. Plan it again as a new trip if you are still going."
        )
    trips.restore(session, trip=trip)
    audit.record(session, actor=user, action="trip.restore", object_type="trip", object_id=trip.id)


def rename_trip(session: Session, *, trip: Trip, user: User, name: str | None) -> None:
    """Give the trip its own name (None: the default, its cities); calendars then update."""
    if (trip.name or None) == name:
        return
    trips.rename(session, trip=trip, name=name)
    audit.record(
        session,
        actor=user,
        action="trip.rename",
        object_type="trip",
        object_id=trip.id,
        detail={"name": name},
    )
