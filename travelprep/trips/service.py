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
from travelprep.reevaluation import repository as checklist_versions
from travelprep.reevaluation.diff import snapshot_of
from travelprep.review import repository as screening_decisions
from travelprep.review import service as screening_service
from travelprep.trips import repository as trips
from travelprep.trips.checklist_view import ChecklistView
from travelprep.trips.edits import StaleEdit, changed_parts
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
    screening_service.store_hits(session, trip=trip, rulebook=rulebook, today=today)
    _record_version(session, trip=trip, checklist=checklist, rulebook=rulebook)
    detail = {"countries": trip.countries, "departure": trip.departure.isoformat()}
    _remember_and_audit(
        session, trip=trip, user=user, itinerary=itinerary, action="trip.create", detail=detail
    )
    return trip


def _record_version(session: Session, *, trip: Trip, checklist: Checklist, rulebook: Rulebook) -> None:
    """Keep the checklist the traveler was just given: a later change of the data is diffed against it."""
    snapshot = snapshot_of(checklist, rulebook)
    checklist_versions.add_version(
        session, trip_id=trip.id, data_version="", cause="saved", snapshot=snapshot
    )


def version_of(trip: Trip) -> int:
    """The trip's version: it goes up with every saved change (it is the calendar SEQUENCE)."""
    return trip.calendar_sequence or 0


class StaleTrip(Conflict):
    """The trip was saved by someone else (another tab, say) after the caller read it."""

    def __init__(self, *, seen: int, current: int) -> None:
        super().__init__(
            f"The trip was changed since you read it (you read version {seen}; it is now at "
            f"version {current}). Read it again, re-apply your change and save."
        )
        self.seen, self.current = seen, current


def ensure_unchanged(*, trip: Trip, seen: int) -> None:
    """409 if the trip changed since the caller read version `seen` (a second tab, say)."""
    if version_of(trip) != seen:
        raise StaleTrip(seen=seen, current=version_of(trip))


def update_trip(
    session: Session,
    *,
    trip: Trip,
    user: User,
    itinerary: Itinerary,
    rulebook: Rulebook,
    today: date,
    read_version: int | None = None,
) -> list[TripItem]:
    """Replace the itinerary, recompute the checklist; returns the items that no longer apply.

    The save is based on `read_version` (default: the version `trip` was loaded at): if the
    trip moved on since, even by a save committed a moment ago, StaleTrip (409) and no change.
    """
    seen = version_of(trip) if read_version is None else read_version
    if not trips.claim_next_version(session, trip_id=trip.id, read_version=seen):
        raise StaleTrip(seen=seen, current=trips.current_version(session, trip_id=trip.id))
    before = trip.itinerary
    # Decisions stay attached to their names: a name kept on the trip stays cleared.
    checklist = _checklist(itinerary, rulebook, today, cleared_on(session, trip=trip))
    dropped = trips.replace_itinerary(
        session, trip=trip, itinerary=itinerary, checklist=checklist, actor=user, version=seen + 1
    )
    screening_service.store_hits(session, trip=trip, rulebook=rulebook, today=today)
    _record_version(session, trip=trip, checklist=checklist, rulebook=rulebook)
    detail = {
        "countries": trip.countries,
        "dropped": [row.item_id for row in dropped],
        "version": seen + 1,
        "changed": changed_parts(before, trip.itinerary),
    }
    _remember_and_audit(
        session, trip=trip, user=user, itinerary=itinerary, action="trip.update", detail=detail
    )
    return dropped


def stale_edit(session: Session, *, trip_id: int, seen: int) -> StaleEdit:
    """What the saves after version `seen` changed, as the trip is saved now (for the form)."""
    trip = trips.get(session, trip_id=trip_id)
    if trip is None:
        raise NotFound("No such trip.")
    session.refresh(trip)  # the copy in the session is the one read before the other save
    changed = [
        part
        for event in audit.for_object(session, object_type="trip", object_id=trip_id)
        if event.action == "trip.update" and int(event.detail.get("version") or 0) > seen
        for part in event.detail.get("changed") or ()
    ]
    return StaleEdit.of(
        seen=seen,
        current=version_of(trip),
        itinerary=trip.itinerary,
        changed=changed,
        cancelled=trip.status == "cancelled",
    )


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
