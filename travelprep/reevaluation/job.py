"""Re-evaluate every trip not yet over under the data version in force, once per trip and version.

The job is an adapter around the pure `generate_checklist`. It takes trips in batches, each
batch one transaction that starts with the write lock on SQLite and locks its trips with
FOR UPDATE SKIP LOCKED on PostgreSQL, so instances running at once take different trips.
Each outcome is recorded under the unique key (trip, data version) in the same transaction as
the new version, the diff and the notice in the outbox: a run killed half-way loses its open
batch only, and the next run evaluates those trips again, never queuing a notice twice (the
notice's outbox key is per trip and data version too).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session, sessionmaker

from travelprep.db.engine import begin_writing
from travelprep.reevaluation import notices
from travelprep.reevaluation import repository as versions
from travelprep.reevaluation.diff import Entry, Snapshot, diff, snapshot_of
from travelprep.reevaluation.repository import DueTrip
from travelprep.review import repository as screening_decisions
from travelprep.trips import repository as trips

if TYPE_CHECKING:
    from travelprep.engine.checklist import Checklist
    from travelprep.refdata.rulebook_loading import LoadedRulebook
    from travelprep.settings import Settings

log = logging.getLogger("travelprep.reevaluation")
BATCH = 250
UNNAMED_CAUSE = "the rules or data in force changed"


@dataclass
class RunSummary:
    """What a run did, for the command's output and the log."""

    data_version: str
    due: int = 0
    checked: int = 0
    changed: int = 0  # trips whose traveler gets a diff to see
    invalid: list[tuple[int, str]] = field(default_factory=list)  # (trip id, why)
    notices: int = 0


@dataclass(frozen=True)
class _Outcome:
    trip: DueTrip
    outcome: str  # baseline | unchanged | moved (then: updated | changed) | invalid
    detail: str = ""
    checklist: Checklist | None = None
    snapshot: Snapshot | None = None
    entries: tuple[Entry, ...] = ()


def sources_of(loaded: LoadedRulebook) -> dict[str, dict[str, str]]:
    """Each source in force by kind: its name and as-of date."""
    return {s.kind: {"name": s.name, "as_of": s.as_of.isoformat()} for s in loaded.rulebook.sources()}


def run(
    sessions: sessionmaker[Session],
    *,
    loaded: LoadedRulebook,
    settings: Settings,
    today: date,
    cause: str = "",
    batch: int = BATCH,
    echo: Callable[[str], None] | None = None,
) -> RunSummary:
    """Evaluate every trip due under `loaded.version`; safe on several instances at once."""
    summary = RunSummary(loaded.version)
    with sessions() as session:
        begin_writing(session)
        versions.record_data_change(
            session, data_version=loaded.version, cause=cause or UNNAMED_CAUSE, sources=sources_of(loaded)
        )
        noted = versions.data_change(session, data_version=loaded.version)
        summary.due = versions.count_due(session, data_version=loaded.version, today=today)
        session.commit()
    cause = noted.cause if noted else cause
    _progress(summary, echo, "started")
    last = 0  # trips another instance holds are passed over; a later run takes any it left
    while True:
        with sessions() as session:
            begin_writing(session)
            claimed = versions.claim_due(
                session, data_version=loaded.version, today=today, limit=batch, after_id=last
            )
            if not claimed:
                # Finished only when no trip is left, not even one another instance still holds.
                if not versions.count_due(session, data_version=loaded.version, today=today):
                    versions.finish_data_change(session, data_version=loaded.version)
                session.commit()
                break
            last = claimed[-1]
            rows = versions.due_trips(session, trip_ids=claimed)
            _evaluate_batch(
                session, rows, loaded=loaded, settings=settings, today=today, cause=cause, summary=summary
            )
            session.commit()
        _progress(summary, echo, "progress")
    _progress(summary, echo, "finished")
    return summary


def _progress(summary: RunSummary, echo: Callable[[str], None] | None, stage: str) -> None:
    fields = {
        "data_version": summary.data_version,
        "due": summary.due,
        "checked": summary.checked,
        "changed": summary.changed,
        "invalid": len(summary.invalid),
        "notices": summary.notices,
    }
    log.info(f"re-evaluation {stage}", extra={"fields": fields})
    if echo is not None:
        checked = f"{summary.checked} of {summary.due} trips checked"
        echo(f"re-evaluation {stage}: {checked}, {summary.changed} changed")


def _evaluate_batch(
    session: Session,
    rows: list[DueTrip],
    *,
    loaded: LoadedRulebook,
    settings: Settings,
    today: date,
    cause: str,
    summary: RunSummary,
) -> None:
    """Evaluate claimed trips and record what changed, in a few statements per batch."""
    ids = [trip.id for trip in rows]
    decisions = screening_decisions.for_trips(session, trip_ids=ids)
    latest = versions.latest_digests(session, trip_ids=ids)
    evaluated = [
        evaluate(
            trip, loaded=loaded, today=today,
            cleared=screening_decisions.cleared_pairs(decisions[trip.id]),
            digest=latest[trip.id][1] if trip.id in latest else None,
        )
        for trip in rows
    ]  # fmt: skip
    # Only the trips whose duties or facts moved need the version they were given, to diff.
    moved = [o for o in evaluated if o.outcome == "moved"]
    before = versions.snapshots(session, version_ids=[latest[o.trip.id][0] for o in moved])
    outcomes = [o for o in evaluated if o.outcome != "moved"]
    outcomes += [_diffed(o, before[o.trip.id], cause) for o in moved]
    summary.checked += len(outcomes)
    versions.record_outcomes(
        session, data_version=loaded.version, outcomes={o.trip.id: (o.outcome, o.detail) for o in outcomes}
    )
    new = {o.trip.id: o.snapshot for o in outcomes if o.snapshot is not None}
    versions.add_versions(session, data_version=loaded.version, snapshots=new)
    changed = [o for o in outcomes if o.outcome == "changed"]
    version_ids = versions.newest_version_ids(session, trip_ids=[o.trip.id for o in changed])
    versions.add_changes(
        session,
        data_version=loaded.version,
        version_ids=version_ids,
        entries={o.trip.id: list(o.entries) for o in changed},
    )
    # The items' own rows follow: new ones open, vanished ones marked dropped with their history.
    statuses = trips.item_statuses_of(session, trip_ids=[o.trip.id for o in changed])
    for o in changed:
        trips.reconcile_items(
            session, trip=o.trip, checklist=o.checklist, actor=None, existing=statuses[o.trip.id], flush=False
        )
    summary.changed += len(changed)
    summary.notices += notices.queue_notices(
        session,
        notices=[
            notices.change_notice(
                trip=o.trip, entries=list(o.entries), data_version=loaded.version,
                stale=o.checklist.data.stale, settings=settings, today=today,
            )
            for o in changed
            if any(entry.tightens for entry in o.entries)
        ],
    )  # fmt: skip
    for o in outcomes:
        if o.outcome == "invalid":
            summary.invalid.append((o.trip.id, o.detail))
            log.warning(
                "trip not re-evaluated: its itinerary no longer validates",
                extra={"fields": {"trip": o.trip.id, "detail": o.detail}},
            )


def evaluate(
    trip: DueTrip,
    *,
    loaded: LoadedRulebook,
    today: date,
    cleared: frozenset[tuple[str, str]],
    digest: str | None,
) -> _Outcome:
    """The trip's checklist under the data in force, against the digest of the one it was last given."""
    from travelprep.engine.checklist import generate_checklist
    from travelprep.engine.itinerary import InvalidItinerary, parse_itinerary

    try:
        itinerary = parse_itinerary(trip.itinerary)
    except InvalidItinerary as invalid:
        return _Outcome(trip, "invalid", f"the saved itinerary no longer validates: {invalid}")
    checklist = generate_checklist(itinerary, loaded.rulebook, today, cleared=cleared)
    after = snapshot_of(checklist, loaded.rulebook)
    if digest is None:
        return _Outcome(trip, "baseline", checklist=checklist, snapshot=after)
    if digest == after.digest():
        return _Outcome(trip, "unchanged")
    return _Outcome(trip, "moved", checklist=checklist, snapshot=after)


def _diffed(outcome: _Outcome, before: Snapshot, cause: str) -> _Outcome:
    """A moved checklist's diff: "changed" when a duty moved, "updated" when only facts did."""
    entries = tuple(diff(before, outcome.snapshot, cause=cause))
    return replace(outcome, outcome="changed" if entries else "updated", entries=entries)
