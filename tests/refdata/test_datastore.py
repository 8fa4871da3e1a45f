"""The versioned data store: atomic writes, versions kept, rollback."""

import pytest

from travelprep.refdata.datastore import KEEP_VERSIONS, DataStore, DataStoreError


def test_write_then_read_returns_current_payload(tmp_path):
    store = DataStore(tmp_path)
    store.write("advisories", as_of="2026-10-07", entries=2, origin="feed.xml", payload={"CN": 2})
    version, payload = store.read("advisories")
    assert payload == {"CN": 2}
    assert version.as_of == "2026-10-07" and version.entries == 2 and version.current


def test_read_of_unknown_source_is_none(tmp_path):
    assert DataStore(tmp_path).read("visas") is None


def test_rollback_restores_previous_version(tmp_path):
    store = DataStore(tmp_path)
    store.write("visas", as_of="2025-01-01", entries=1, origin="a.csv", payload=["old"])
    store.write("visas", as_of="2025-02-01", entries=1, origin="b.csv", payload=["new"])
    restored = store.rollback("visas")
    assert restored.as_of == "2025-01-01"
    assert store.read("visas")[1] == ["old"]


def test_rollback_without_history_is_an_error(tmp_path):
    store = DataStore(tmp_path)
    store.write("visas", as_of="2025-01-01", entries=1, origin="a.csv", payload=[])
    with pytest.raises(DataStoreError, match="no earlier version"):
        store.rollback("visas")


def test_only_the_last_versions_are_kept(tmp_path):
    store = DataStore(tmp_path)
    for n in range(KEEP_VERSIONS + 3):
        store.write("csl", as_of=f"2026-01-{n + 1:02d}", entries=n, origin="x", payload=n)
    kept = store.versions("csl")
    assert len(kept) == KEEP_VERSIONS
    assert kept[0].entries == KEEP_VERSIONS + 2 and kept[0].current


def test_a_failed_write_leaves_the_previous_version_in_force(tmp_path):
    store = DataStore(tmp_path)
    store.write("csl", as_of="2026-01-01", entries=1, origin="x", payload=["kept"])
    with pytest.raises(TypeError):
        store.write("csl", as_of="2026-02-01", entries=1, origin="y", payload={object()})
    assert store.read("csl")[1] == ["kept"]
    assert not list((tmp_path / "sources" / "csl").glob(".tmp-*"))


def test_source_names_are_restricted(tmp_path):
    with pytest.raises(DataStoreError):
        DataStore(tmp_path).read("../etc")


def test_current_reads_the_header_of_the_version_in_force(tmp_path):
    store = DataStore(tmp_path)
    assert store.current("csl") is None
    store.write("csl", as_of="2026-01-01", entries=1, origin="a", payload=["a"])
    store.write("csl", as_of="2026-02-01", entries=2, origin="b", payload=["b"] * 100_000)
    store.rollback("csl")
    current = store.current("csl")
    assert (current.as_of, current.entries, current.current) == ("2026-01-01", 1, True)
