"""Re-screening: after the restricted-party lists change, screen every trip not yet over again
(and every hosted visit not yet over: visit_review/rescreen.py).

New hits are stored as new since the list update (the compliance queue and the traveler's
checklist show them so), hits the update removed are marked withdrawn, and decisions stay
where they are: they are kept apart, under the same (trip, name, entity) key.

Safe to run twice at once: on PostgreSQL each batch of trips is claimed with
`FOR UPDATE SKIP LOCKED`, so two passes share the trips instead of doing each twice; on
SQLite a batch takes the write lock first. Storing is idempotent, so a pass that meets work
already done changes nothing.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from travelprep.db import audit
from travelprep.db.engine import begin_writing
from travelprep.db.index_predicates import active_trip, flag_is
from travelprep.db.models import ScreeningPass, Trip, utcnow
from travelprep.review import hit_store
from travelprep.review import repository as screening_decisions
from travelprep.review.hit_store import HitChanges
from travelprep.review.service import screening_of
from travelprep.trips import repository as trips
from travelprep.visit_review.rescreen import rescreen_visits

if TYPE_CHECKING:
    from travelprep.engine.rules.rulebook import Rulebook
    from travelprep.screening import ScreeningResult

BATCH = 100  # trips claimed, screened and committed at a time


@dataclass(frozen=True)
class RescreenSummary:
    """What a pass did: trips screened, trips whose hits changed, hits added and withdrawn."""

    screened: int = 0
    changed: int = 0
    added: int = 0
    withdrawn: int = 0
    skipped: bool = False  # the lists had not changed since the last pass, and it was asked to check
    visits_screened: int = 0  # hosts' visits not yet over, screened in the same pass
    visits_changed: int = 0


def lists_fingerprint(checklists_dir: Path, data_dir: Path) -> str:
    """A digest of what screening depends on: the shipped list files, the imported list
    versions, the release and the normalizer (a release that matches names differently
    screens again)."""
    from travelprep import __version__
    from travelprep.refdata.datastore import DataStore
    from travelprep.refdata.screening_lists import SCREENING_SOURCES
    from travelprep.screening.normalize import NORMALIZER_VERSION

    digest = hashlib.sha256(f"travelprep={__version__}\0normalizer={NORMALIZER_VERSION}\0".encode())
    for path in sorted((Path(checklists_dir) / "entities").glob("*.yaml")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    store = DataStore(Path(data_dir))
    for source in SCREENING_SOURCES:
        digest.update(f"{source}={getattr(store.current(source), 'version', None)}\0".encode())
    return digest.hexdigest()


def already_screened(session_factory: sessionmaker[Session], *, fingerprint: str) -> bool:
    """Whether a pass already ran against exactly these lists."""
    with session_factory() as session:
        query = select(ScreeningPass.id).where(ScreeningPass.lists_fingerprint == fingerprint).limit(1)
        return session.scalar(query) is not None


def rescreen(
    session_factory: sessionmaker[Session],
    *,
    rulebook: Rulebook,
    today: date,
    trigger: str,
    fingerprint: str,
) -> RescreenSummary:
    """Screen every active trip not yet over that names institutions; store and mark the changes."""
    screened = changed = added = withdrawn = 0
    after = 0
    # Many trips name the same institutions: each list of names is screened once per pass.
    screenings: dict[tuple[str, ...], tuple[ScreeningResult, ...]] = {}
    while True:
        # Screening is the slow part: it runs before the write lock, so that on SQLite the
        # pages (and another pass) write in between batches instead of timing out.
        with session_factory() as session:
            read = {
                trip.id: (trip.updated_at, _screened(trip, rulebook, screenings))
                for trip in session.scalars(_to_screen(today, after))
            }
        if not read:
            break
        with session_factory() as session:
            begin_writing(session)
            claimed = list(session.scalars(_claim(list(read))))
            ids = [trip.id for trip in claimed]
            # A batch reads its stored hits and decisions at once: an unchanged trip costs no query.
            stored = hit_store.for_trips(session, trip_ids=ids)
            decided = screening_decisions.for_trips(session, trip_ids=ids)
            for trip in claimed:
                seen_at, results = read[trip.id]
                if trip.updated_at != seen_at:  # edited meanwhile: screen what is saved now
                    results = screening_of(trip, rulebook)
                changes = hit_store.record(
                    session, trip_id=trip.id, results=results, today=today, list_update=True,
                    stored_rows=stored[trip.id],
                )  # fmt: skip
                screened += 1
                if changes.changed:
                    changed += 1
                    added += changes.added + changes.reinstated
                    withdrawn += changes.withdrawn
                    cleared = screening_decisions.cleared_pairs(decided[trip.id])
                    _follow(session, trip=trip, rulebook=rulebook, today=today, cleared=cleared)
                    _audit(session, trip=trip, changes=changes, trigger=trigger)
            hit_store.refresh_review_flags(session, trip_ids=ids)
            session.commit()
        after = max(read)
    visits = rescreen_visits(session_factory, rulebook=rulebook, today=today, trigger=trigger)
    with session_factory() as session:
        session.add(
            ScreeningPass(trigger=trigger[:200], lists_fingerprint=fingerprint, trips_changed=changed)
        )
        session.commit()
    return RescreenSummary(
        screened, changed, added, withdrawn, visits_screened=visits.screened, visits_changed=visits.changed
    )


def _screened(trip: Trip, rulebook: Rulebook, screenings: dict) -> tuple[ScreeningResult, ...]:
    names = tuple(str(name) for name in trip.itinerary.get("institutions") or ())
    if names not in screenings:
        screenings[names] = screening_of(trip, rulebook)
    return screenings[names]


def _to_screen(today: date, after: int):
    # Run once a batch, so prepared: written as ix_trips_active_institutions says it.
    return (
        select(Trip)
        .where(
            active_trip(),
            flag_is(Trip.names_institutions, True),
            Trip.return_date >= today,
            Trip.id > after,
        )
        .order_by(Trip.id)
        .limit(BATCH)
    )


def _claim(ids: list[int]):
    # Rows another pass holds are left to it (ignored on SQLite, where the lock is the file's).
    return select(Trip).where(Trip.id.in_(ids)).order_by(Trip.id).with_for_update(skip_locked=True, of=Trip)


def _follow(session: Session, *, trip: Trip, rulebook: Rulebook, today: date, cleared) -> None:
    """The trip's stored checklist items follow its hits."""
    from travelprep.trips.service import StaleItinerary, checklist_for

    try:
        checklist = checklist_for(trip, rulebook, today, cleared=cleared)
    except StaleItinerary:
        checklist = None  # its page already says to edit it; the hits are stored all the same
    if checklist is not None:
        trips.reconcile_items(session, trip=trip, checklist=checklist, actor=None)
    trip.updated_at = utcnow()  # the trip page shows the marks: a cached page must not outlive them


def _audit(session: Session, *, trip: Trip, changes: HitChanges, trigger: str) -> None:
    """The trip's history says what the list update changed, and which one."""
    detail = {"trigger": trigger, "added": changes.added + changes.reinstated, "withdrawn": changes.withdrawn}
    audit.record(
        session, actor=None, action="screening.rescreen", object_type="trip", object_id=trip.id, detail=detail
    )
