"""data_status: every source, shipped or imported, with age, entries and its limit."""

from __future__ import annotations

from datetime import date

from tests.refdata.conftest import feed
from travelprep.refdata.datastore import DataStore
from travelprep.refdata.importers.advisories import import_advisories
from travelprep.refdata.importers.visas import import_visas
from travelprep.refdata.loading import load_current_rulebook
from travelprep.refdata.status import data_status, status_table

TODAY = date(2026, 11, 21)


def by_kind(data_dir):
    store = DataStore(data_dir)
    return {s.kind: s for s in data_status(load_current_rulebook(data_dir=data_dir), store, TODAY)}


def test_shipped_sources_are_listed_with_age_and_limit(data_dir):
    status = by_kind(data_dir)
    assert set(status) == {
        "policy",
        "ear_groups",
        "encryption_vpn",
        "sanctions",
        "advisories",
        "travel_notes",
        "risks",
    }
    advisories = status["advisories"]
    assert (advisories.origin, advisories.as_of) == ("shipped", date(2026, 10, 7))
    assert advisories.age_days == 45
    # 214 destinations of the feed, and Abkhazia (a region the feed has no level for)
    assert (advisories.limit_days, advisories.stale, advisories.entries) == (30, True, 215)
    assert advisories.version is None
    assert (status["encryption_vpn"].limit_days, status["encryption_vpn"].stale) == (None, False)
    assert status["sanctions"].stale is False


def test_imported_sources_show_their_version_and_origin(data_dir):
    store = DataStore(data_dir)
    import_advisories(feed("advisories.xml"), origin="feed.xml", store=store)
    done = import_visas(
        "Passport,Destination,Requirement\nUS,CN,e-visa\nUS,DE,90\n",
        origin="visas.csv",
        as_of=date(2025, 1, 12),
        store=store,
    )
    store.write("csl", as_of="2026-11-20", entries=12, origin="csl.json", payload=[])
    status = by_kind(data_dir)
    visas = status["visas"]
    assert (visas.origin, visas.entries, visas.version) == ("imported", 2, done.version.version)
    assert (visas.age_days, visas.limit_days, visas.stale) == (678, 180, True)
    assert visas.imported_from == "visas.csv"
    advisories = status["advisories"]
    assert (advisories.origin, advisories.entries) == ("imported", 15)
    assert advisories.as_of == date(2026, 10, 7)
    # A source the rulebook does not use (a screening list) is still listed.
    csl = status["csl"]
    assert (csl.origin, csl.entries, csl.stale) == ("imported", 12, False)


def test_the_status_table_marks_stale_sources(data_dir):
    store = DataStore(data_dir)
    lines = status_table(data_status(load_current_rulebook(data_dir=data_dir), store, TODAY))
    advisories = next(line for line in lines if line.startswith("State Department travel"))
    assert advisories.split()[-5:] == ["2026-10-07", "215", "45d", "30d", "STALE"]
    encryption = next(line for line in lines if line.startswith("Encryption"))
    assert encryption.split()[-3:] == ["6899d", "none", "ok"]
    # The state column lines up under its header.
    assert {line.rindex(line.split()[-1]) for line in lines} == {lines[0].rindex("state")}
