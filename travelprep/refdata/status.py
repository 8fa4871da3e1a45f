"""`data status`: every data source, shipped or imported, with its age and whether it is stale."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from travelprep.engine.facts.freshness import age_days, limit_for
from travelprep.engine.rules.rulebook import Rulebook
from travelprep.refdata.datastore import DataStore, Version


@dataclass(frozen=True)
class SourceStatus:
    """One line of `data status`."""

    name: str
    kind: str
    origin: str  # "shipped" (checklists/) or "imported" (the data directory)
    as_of: date
    entries: int | None
    age_days: int
    limit_days: int | None  # None: never stale (see travelprep.engine.facts.freshness)
    stale: bool
    source: str  # URL of the publisher
    version: str | None = None  # the data-store version in force, for imported sources
    imported_at: str | None = None
    imported_from: str | None = None  # the file or URL it was imported from


def data_status(rulebook: Rulebook, store: DataStore, today: date) -> list[SourceStatus]:
    """Every source behind the checklists, plus imported sources the rulebook does not use yet."""
    found, covered = [], set()
    for source in rulebook.sources():
        meta = None
        if source.origin == "imported":
            covered.add(source.kind)
            meta = store.current(source.kind)  # the header only: payloads can be large
        found.append(
            _status(
                source.name,
                source.kind,
                source.origin,
                source.as_of,
                source.entries,
                source.source,
                today,
                meta,
            )
        )
    for name in store.sources():
        if name in covered:
            continue
        meta = store.current(name)
        if meta is None:
            continue
        found.append(
            _status(
                name, name, "imported", date.fromisoformat(meta.as_of), meta.entries, meta.origin, today, meta
            )
        )
    return found


def _status(
    name: str,
    kind: str,
    origin: str,
    as_of: date,
    entries: int | None,
    source: str,
    today: date,
    meta: Version | None,
) -> SourceStatus:
    limit = limit_for(kind)
    age = age_days(as_of, today)
    return SourceStatus(
        name=name,
        kind=kind,
        origin=origin,
        as_of=as_of,
        entries=meta.entries if meta else entries,
        age_days=age,
        limit_days=limit,
        stale=limit is not None and age > limit,
        source=source,
        version=meta.version if meta else None,
        imported_at=meta.imported_at if meta else None,
        imported_from=meta.origin if meta else None,
    )


def status_table(statuses: list[SourceStatus]) -> list[str]:
    """`data status` as aligned text lines, one per source, stale ones marked."""
    width = max([len("source"), *(len(s.name) for s in statuses)]) + 2
    lines = [f"{'source':<{width}}{'origin':<10}{'as of':<12}{'entries':>8}{'age':>8}{'limit':>7}  state"]
    for s in statuses:
        entries = "-" if s.entries is None else str(s.entries)
        limit = "none" if s.limit_days is None else f"{s.limit_days}d"
        lines.append(
            f"{s.name:<{width}}{s.origin:<10}{s.as_of.isoformat():<12}{entries:>8}"
            f"{s.age_days:>7}d{limit:>7}  {'STALE' if s.stale else 'ok'}"
        )
    return lines
