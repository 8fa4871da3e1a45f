"""The index file: the same matches as the index in memory; refused and rebuilt when damaged."""

from __future__ import annotations

import json
import logging
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.screening.samples import CHECKLISTS, write_csl_csv
from travelprep.refdata import screener as screener_module
from travelprep.refdata.datastore import DataStore
from travelprep.refdata.screener import load_screener
from travelprep.refdata.screening_lists import store_entity_list
from travelprep.screening.entities import EntityList, ListedEntity
from travelprep.screening.index_file import IndexFileError, expectation, load_index, save_index
from travelprep.screening.indexed_list import IndexedList
from travelprep.screening.lists.csl import parse_csl
from travelprep.screening.matcher import IndexScreener, forms_of
from travelprep.screening.normalize import NORMALIZER_VERSION

REPO = Path(__file__).resolve().parents[2]
EXPECT = expectation("csl", "v1", NORMALIZER_VERSION)
WORDS = [
    "Harbin",
    "Harbn",
    "Beijing",
    "Zorvex",
    "Zorvexa",
    "Quillon",
    "Institute",
    "University",
    "of",
    "Technology",
    "Tech",
    "Aerospace",
    "Precision",
    "Optics",
    "Co.",
    "Ltd.",
    "哈尔滨工业大学",
    "ZARI",
]
NAME = st.lists(st.sampled_from(WORDS), min_size=1, max_size=5).map(" ".join)
ENTITY = st.tuples(
    NAME, st.lists(NAME, max_size=2), st.lists(st.sampled_from(["ZARI", "HIT", "BUAA"]), max_size=1)
)


def _entities(drawn) -> list[ListedEntity]:
    return [
        ListedEntity(
            f"t:{i}", name, tuple(aliases), tuple(abbr), "Test list", "https://example.org", "2026-01-01"
        )
        for i, (name, aliases, abbr) in enumerate(drawn)
    ]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(ENTITY, min_size=1, max_size=30), st.lists(NAME, min_size=1, max_size=6))
def test_the_index_file_gives_exactly_the_matches_of_the_index_in_memory(drawn, queries):
    in_memory = IndexedList.of((e, forms_of(e)) for e in _entities(drawn))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "list.index"
        save_index(path, in_memory, EXPECT)
        mapped = load_index(path, EXPECT)
        for name, array in in_memory.arrays.items():
            assert np.array_equal(mapped.arrays[name], array), name
            assert not mapped.arrays[name].flags.writeable  # a view of the shared map
        assert list(mapped.entities) == list(in_memory.entities)
        for query in [*queries, "HIT", "ZARI"]:
            assert IndexScreener.over([mapped]).screen([query]) == IndexScreener.over([in_memory]).screen(
                [query]
            )


@pytest.fixture
def imported(tmp_path, monkeypatch) -> Path:
    """A data dir with the sample CSL imported (and its index written by the import)."""
    monkeypatch.setattr(screener_module, "_cache", {})
    csl, _ = parse_csl(write_csl_csv(tmp_path / "csl.csv"), as_of="2026-11-01")
    store_entity_list(DataStore(tmp_path / "data"), "csl", csl, origin="csl.csv")
    return tmp_path / "data"


def _index_file(data: Path) -> Path:
    (path,) = (data / "sources" / "csl").glob("*.index")
    return path


def _csl_hit(data: Path) -> str:
    screener_module._cache.clear()
    return load_screener(CHECKLISTS, data).screen(["Quillon Precision Optics"])[0].hits[0].entity_id


def test_the_import_writes_the_index_next_to_the_list_and_workers_map_it(imported):
    path = _index_file(imported)
    assert path.with_suffix(".json").exists()
    screener = load_screener(CHECKLISTS, imported)
    mapped = screener.lists[-1]
    assert not mapped.index.postings.flags.writeable and not mapped.index.postings.flags.owndata
    assert _csl_hit(imported) == "csl:el-2"


def _flip_byte_near_the_end(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[-3] ^= 0xFF
    path.write_bytes(bytes(data))


def _old_format(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data.replace(b'"format": 1', b'"format": 0', 1))


@pytest.mark.parametrize(
    ("damage", "reason"),
    [
        (_flip_byte_near_the_end, "checksum differs"),
        (lambda p: p.write_bytes(p.read_bytes()[: p.stat().st_size // 2]), "truncated"),
        (lambda p: p.write_bytes(b""), "cannot be read"),
        (lambda p: p.write_bytes(b"\x80\x04pickle?" * 10), "not a TravelPrep screening index"),
        (_old_format, "format 0"),
        (lambda p: p.unlink(), "cannot be read"),
    ],
    ids=["corrupted", "truncated", "empty", "foreign", "old-format", "missing"],
)
def test_a_damaged_index_is_refused_and_rebuilt_from_the_list_with_a_log_line(
    imported, caplog, damage, reason
):
    path = _index_file(imported)
    damage(path)
    with pytest.raises(IndexFileError, match=reason):
        load_index(path, expectation("csl", path.stem, NORMALIZER_VERSION))
    with caplog.at_level(logging.WARNING, logger="travelprep.data"):
        assert _csl_hit(imported) == "csl:el-2"
    (line,) = [r for r in caplog.records if "rebuilding" in r.getMessage()]
    assert reason in line.fields["reason"]
    load_index(path, expectation("csl", path.stem, NORMALIZER_VERSION))  # whole again
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="travelprep.data"):
        _csl_hit(imported)
    assert not caplog.records  # rebuilt once, then mapped


def test_an_index_built_by_another_normalizer_or_for_another_version_is_refused(imported):
    path = _index_file(imported)
    with pytest.raises(IndexFileError, match="built from"):
        load_index(path, expectation("csl", path.stem, NORMALIZER_VERSION + 1))
    with pytest.raises(IndexFileError, match="built from"):
        load_index(path, expectation("csl", "20000101T000000000000Z", NORMALIZER_VERSION))


WORKER = """
import json, logging, sys
logging.basicConfig(level=logging.WARNING, format="%(name)s %(message)s")
from travelprep.refdata.screener import load_screener
screener = load_screener(sys.argv[1], sys.argv[2])
hits = screener.screen(["Quillon Precision Optics", "Zorvex Aerospace Research Institute"])
print(json.dumps([[m.entity_id for m in r.hits] for r in hits]))
"""


def _workers(count: int, data: Path) -> list[subprocess.CompletedProcess]:
    env = {"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"}
    started = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, str(CHECKLISTS), str(data)],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(count)
    ]
    done = []
    for process in started:
        out, err = process.communicate(timeout=120)
        done.append(subprocess.CompletedProcess(process.args, process.returncode, out, err))
    return done


def test_two_processes_map_the_same_file_without_rebuilding_it(imported):
    path = _index_file(imported)
    before = path.stat()
    results = _workers(2, imported)
    assert [r.returncode for r in results] == [0, 0], [r.stderr for r in results]
    assert [json.loads(r.stdout) for r in results] == [[["csl:el-2"], ["csl:el-1"]]] * 2
    assert "rebuilding" not in "".join(r.stderr for r in results)
    after = path.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)


def test_two_processes_meeting_a_missing_index_rebuild_it_once(imported):
    _index_file(imported).unlink()
    results = _workers(2, imported)
    assert [r.returncode for r in results] == [0, 0], [r.stderr for r in results]
    assert [json.loads(r.stdout) for r in results] == [[["csl:el-2"], ["csl:el-1"]]] * 2
    assert "".join(r.stderr for r in results).count("rebuilding") == 1
    path = _index_file(imported)
    load_index(path, expectation("csl", path.stem, NORMALIZER_VERSION))


def test_a_list_with_no_entities_gets_an_index_and_changes_no_result(tmp_path, monkeypatch):
    monkeypatch.setattr(screener_module, "_cache", {})
    empty = EntityList("CSL", "https://example.org", "2026-11-01", ())
    version = store_entity_list(DataStore(tmp_path / "data"), "csl", empty, origin="empty.csv")
    path = tmp_path / "data" / "sources" / "csl" / f"{version.version}.index"
    assert len(load_index(path, expectation("csl", version.version, NORMALIZER_VERSION))) == 0
    hits = load_screener(CHECKLISTS, tmp_path / "data").screen(["Harbin Institute of Technology"])[0].hits
    assert hits and hits[0].entity_id.startswith("shipped:")


def test_a_packed_entity_keeps_every_field_including_its_talent_program_group() -> None:
    """The group names a talent program on the trip's warning, and the country rules out a
    query naming another one: losing them in packing drops that."""
    from travelprep.screening.entity_table import pack_entity, unpack_entity

    entity = ListedEntity(
        "shipped:ttp",
        "Thousand Talents Plan",
        ("千人计划",),
        ("TTP",),
        "DoD 1286",
        "https://x.test/1286",
        "2025-06-24",
        "low",
        ("千人计划",),
        "TALENT_PROGRAM",
        "CN",
    )
    strings: list[str] = []

    def ref(text: str) -> str:
        strings.append(text)
        return str(len(strings) - 1)

    assert unpack_entity(pack_entity(entity, ref), strings) == entity
    before_countries = pack_entity(entity, ref).rsplit("\x1f", 1)[0]
    assert unpack_entity(before_countries, strings).country == ""
    assert unpack_entity(before_countries, strings).group == "TALENT_PROGRAM"
    older = pack_entity(entity, ref).rsplit("\x1f", 2)[0]  # a line packed before groups were kept
    assert unpack_entity(older, strings).group == ""
