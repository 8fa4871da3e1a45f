"""Screening benchmark: a synthetic 1,000,000-entity CSL export, imported and queried.

Prints import time (which now builds and saves the index), the time to build the index
from the stored list (the old start-up, as baseline) against mapping its file, the memory
of 1 worker against 4 (Pss from /proc/PID/smaps_rollup), query latency (all queries, and queries made of
common words such as "Shenzhen University of Technology"), throughput against a brute-force
`rapidfuzz.process.extract` over the same names, and precision/recall of the labelled names,
with the shipped lists alone and with the listed entities planted in the big list.
BENCH_SCREENING_N sets a smaller size.
"""

from __future__ import annotations

import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml
from rapidfuzz import fuzz, process, utils

from bench.screening_workers import run_workers
from bench.synthetic_csl import synthetic_entities, write_synthetic_csl
from travelprep.refdata.datastore import DataStore
from travelprep.refdata.screener import load_screener
from travelprep.refdata.screening_index import index_path
from travelprep.refdata.screening_lists import stored_entries, stored_payload
from travelprep.screening.index_file import expectation, load_index
from travelprep.screening.indexed_list import IndexedList
from travelprep.screening.lists.shipped import load_shipped_lists
from travelprep.screening.matcher import IndexScreener, forms_of
from travelprep.screening.normalize import NORMALIZER_VERSION

REPO = Path(__file__).resolve().parents[1]
LABELLED = REPO / "tests" / "screening" / "labelled_names.yaml"
HELD_OUT = REPO / "tests" / "screening" / "held_out_names.yaml"
BRUTE_FORCE_QUERIES = 10
# Queries made only of words that thousands of listed names share: the index's worst case.
COMMON_WORD_QUERIES = (
    "Shenzhen University of Technology",
    "Shanghai Institute of Technology",
    "Beijing Research Institute of Science and Technology",
    "China Electronics Technology Group",
    "Harbin Engineering University",
    "Guangzhou International Trading Company",
    "Wuhan Precision Optics Research Center",
    "Chengdu Aerospace Engineering Institute",
    "Tianjin Science and Technology Development Co., Ltd.",
    "Moscow Engineering Systems Laboratory",
    "Dalian Marine Equipment Manufacturing Group",
    "Hong Kong Semiconductor Trading Limited",
)


def main() -> None:
    n = int(os.environ.get("BENCH_SCREENING_N", "1000000"))
    shipped = [e for lst in load_shipped_lists(REPO / "checklists") for e in lst.entities]
    _shipped_accuracy(shipped)
    planted = [(e.name, [*e.aliases, *e.abbreviations], e.country) for e in shipped]
    planted_id = {f"csl:planted-{i}": e.entity_id for i, e in enumerate(shipped)}
    with tempfile.TemporaryDirectory(prefix="bench-screening-") as tmp:
        folder = Path(tmp)
        export = folder / "csl.csv"
        started = time.perf_counter()
        rows = write_synthetic_csl(export, n, planted)
        print(
            f"synthetic CSL export: {rows:,} rows, {export.stat().st_size / 1e6:.0f} MB "
            f"(written in {time.perf_counter() - started:.1f} s, not counted)"
        )
        import_seconds, import_cpu, import_peak = _import(export, folder / "data")
        print(
            f"import (parse, normalize, store, index and save the index; separate process): "
            f"{import_seconds:.1f} s wall, {import_cpu:.1f} s CPU, peak RSS {import_peak:.0f} MB"
        )
        (folder / "no-checklists").mkdir()
        _start_up(folder / "data", import_seconds, import_cpu, import_peak)
        screener = load_screener(folder / "no-checklists", folder / "data")
        print(
            f"{len(screener):,} entities, {sum(len(p.index) for p in screener.lists):,} indexed "
            f"name forms, {sum(len(p.index.tokens) for p in screener.lists):,} distinct tokens"
        )
        queries = _queries(n)
        _latency(screener, queries)
        _common_word_latency(screener)
        _brute_force(screener, queries)
        _accuracy(screener, planted_id)
        _workers_memory(folder / "no-checklists", folder / "data", queries[:200])


def _start_up(data: Path, import_seconds: float, import_cpu: float, import_peak: float) -> None:
    """Baseline: build the index from the stored list, as every worker did; then map the file."""
    store = DataStore(data)
    version, payload = stored_payload(store, "csl")
    started, cpu = time.perf_counter(), time.process_time()
    rebuilt = IndexedList.of(stored_entries(payload))
    rebuild_seconds, rebuild_cpu = time.perf_counter() - started, time.process_time() - cpu
    del payload, rebuilt
    path = index_path(store, version)
    started = time.perf_counter()
    load_index(path, expectation("csl", version.version, NORMALIZER_VERSION))
    map_seconds = time.perf_counter() - started
    print(
        f"baseline, building the index from the stored list (what each worker did): "
        f"{rebuild_seconds:.1f} s wall, {rebuild_cpu:.1f} s CPU, peak RSS {_own_peak():.0f} MB"
    )
    print(
        f"mapping the index file ({path.stat().st_size / 1e6:.0f} MB, checksums verified): "
        f"{map_seconds * 1000:.0f} ms wall (goal < 2 s): x{rebuild_seconds / map_seconds:,.0f} faster "
        f"than the baseline"
    )
    print(
        f"import + index total: {import_seconds:.1f} s wall, {import_cpu:.1f} s CPU (goal < 60 s); "
        f"peak memory {import_peak:.0f} MB (goal < 2048 MB)"
    )


def _workers_memory(checklists: Path, data: Path, queries: list[str]) -> None:
    one = run_workers(1, checklists, data, queries)
    four = run_workers(4, checklists, data, queries)
    for label, measured in (("1 worker ", one), ("4 workers", four)):

        def total(*fields: str, measured=measured) -> str:
            return f"{sum(m[f] for m in measured for f in fields):.0f} MB"

        print(
            f"{label}: load_screener {max(m['load_seconds'] for m in measured):.2f} s (slowest; "
            f"goal < 2 s); total Pss {total('Pss')}, Rss {total('Rss')}, "
            f"private {total('Private_Clean', 'Private_Dirty')}, shared {total('Shared_Clean')}"
        )
    one_pss, four_pss = sum(m["Pss"] for m in one), sum(m["Pss"] for m in four)
    print(
        f"memory of 4 workers / 1 worker (total Pss): x{four_pss / one_pss:.2f} (x4.00 if nothing "
        f"were shared); each added worker +{(four_pss - one_pss) / 3:.0f} MB, the mapped index "
        f"counted once (a worker building its own index peaked as the baseline above)"
    )


def _import(export: Path, data: Path) -> tuple[float, float, float]:
    env = {**os.environ, "TRAVELPREP_DATA_DIR": str(data)}
    command = [
        sys.executable,
        "-c",
        "from travelprep.cli.main import run; run()",
        "data",
        "import",
        "csl",
        str(export),
        "--as-of",
        "2026-11-21",
    ]
    started = time.perf_counter()
    subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL)
    seconds = time.perf_counter() - started
    child = resource.getrusage(resource.RUSAGE_CHILDREN)
    return seconds, child.ru_utime + child.ru_stime, child.ru_maxrss / 1024


def _own_peak() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _queries(n: int) -> list[str]:
    """Listed names as typed (case, typos, dropped words) and look-alikes, shuffled."""
    rng = random.Random(11)
    labelled = yaml.safe_load(LABELLED.read_text(encoding="utf-8"))
    queries = [q for qs in labelled["variants"].values() for q in qs] + labelled["lookalikes"]
    sample = [name for name, _ in synthetic_entities(min(n, 20000), seed=7)]
    for name in rng.sample(sample, 800):
        words = name.split()
        if rng.random() < 0.4:
            i = rng.randrange(len(words))
            w = words[i]
            if len(w) > 5:
                j = rng.randrange(1, len(w) - 1)
                words[i] = w[:j] + w[j + 1 :]  # drop a letter
        if rng.random() < 0.3 and len(words) > 2:
            words.pop()  # drop the legal form or an industry word
        queries.append(" ".join(words).lower() if rng.random() < 0.3 else " ".join(words))
    rng.shuffle(queries)
    return queries


def _latency(screener, queries: list[str]) -> None:
    screener.screen(queries[:20])  # warm up: pinyin dictionaries, caches
    wall, cpu, touched = [], [], []
    for query in queries:
        started, cpu_started = time.perf_counter(), time.process_time()
        screener.screen([query])
        wall.append(time.perf_counter() - started)
        cpu.append(time.process_time() - cpu_started)
        touched.append(sum(p.index.last_gathered for p in screener.lists))
    qps = len(cpu) / sum(cpu)  # per core: CPU time, so other load on the machine does not count
    _latency.qps = qps
    print(
        f"queries: {len(queries)}; wall latency p50 {_ms(wall, 0.5)} ms (goal <= 2 ms), "
        f"p99 {_ms(wall, 0.99)} ms (goal <= 20 ms), mean {statistics.mean(wall) * 1000:.2f} ms; "
        f"CPU p50 {_ms(cpu, 0.5)} ms, p99 {_ms(cpu, 0.99)} ms; {qps:.0f} queries/s per core"
    )
    print(
        f"postings read per query (last form): median {statistics.median(touched):,.0f} "
        f"of {sum(len(p.index.postings) for p in screener.lists):,}"
    )


def _brute_force(screener, queries: list[str]) -> None:
    choices = [name for e in screener.entities for name in (e.name, *e.aliases)]
    sample = queries[:BRUTE_FORCE_QUERIES]
    started = time.process_time()
    for query in sample:
        process.extract(
            query, choices, scorer=fuzz.token_set_ratio, processor=utils.default_process, limit=10
        )
    seconds = (time.process_time() - started) / len(sample)
    print(
        f"brute force rapidfuzz.process.extract(token_set_ratio) over {len(choices):,} names: "
        f"{seconds * 1000:.0f} ms CPU/query, {1 / seconds:.2f} queries/s per core; "
        f"index/brute-force ratio x{_latency.qps * seconds:,.0f}"
    )


def institution(entity_id: str) -> str:
    """The institution an id names, on whichever list (tests/screening/samples.py)."""
    return entity_id.removeprefix("shipped:").rsplit(".", 1)[-1]


def _labelled_pairs(path: Path) -> list[tuple[str, str | None]]:
    labelled = yaml.safe_load(path.read_text(encoding="utf-8"))
    pairs: list[tuple[str, str | None]] = [(q, k) for k, qs in labelled["variants"].items() for q in qs]
    return pairs + [(q, None) for q in labelled["lookalikes"]]


def _score(screener, pairs, to_institution) -> tuple[int, int, int, int]:
    true_hits = false_hits = 0
    for query, expected in pairs:
        hits = {to_institution(m.entity_id) for m in screener.screen([query])[0].hits}
        true_hits += expected in hits
        false_hits += len(hits - {expected})
    variants = sum(e is not None for _, e in pairs)
    return true_hits, false_hits, variants, len(pairs) - variants


def _report(where: str, name: str, counts: tuple[int, int, int, int]) -> None:
    true_hits, false_hits, variants, lookalikes = counts
    precision = true_hits / max(true_hits + false_hits, 1)
    print(
        f"{name} {where}: precision {precision:.3f} (goal >= 0.99), "
        f"recall {true_hits / variants:.3f} (goal >= 0.97); {true_hits}/{variants} variants found, "
        f"{false_hits} false hits over {lookalikes} look-alikes"
    )


def _shipped_accuracy(shipped) -> None:
    screener = IndexScreener((e, forms_of(e)) for e in shipped)
    for path in (LABELLED, HELD_OUT):
        _report("with the shipped lists", path.name, _score(screener, _labelled_pairs(path), institution))


def _accuracy(screener, planted_id: dict[str, str]) -> None:
    def to_institution(entity_id: str) -> str:
        return institution(planted_id.get(entity_id, entity_id))

    for path in (LABELLED, HELD_OUT):
        _report("in the big list", path.name, _score(screener, _labelled_pairs(path), to_institution))


def _common_word_latency(screener) -> None:
    screener.screen(list(COMMON_WORD_QUERIES[:2]))
    wall, cpu = [], []
    for _ in range(5):
        for query in COMMON_WORD_QUERIES:
            started, cpu_started = time.perf_counter(), time.process_time()
            screener.screen([query])
            wall.append(time.perf_counter() - started)
            cpu.append(time.process_time() - cpu_started)
    print(
        f"common-word queries ({len(COMMON_WORD_QUERIES)} names x 5, e.g. "
        f"'{COMMON_WORD_QUERIES[0]}'): wall latency p50 {_ms(wall, 0.5)} ms, p99 {_ms(wall, 0.99)} ms; "
        f"CPU p50 {_ms(cpu, 0.5)} ms, p99 {_ms(cpu, 0.99)} ms (CPU time: other load does not count)"
    )


def _ms(timings: list[float], quantile: float) -> str:
    ordered = sorted(timings)
    return f"{ordered[min(len(ordered) - 1, int(len(ordered) * quantile))] * 1000:.2f}"


if __name__ == "__main__":
    main()
