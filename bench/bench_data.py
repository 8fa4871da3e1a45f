"""Data import and start-up cost: the whole visa table, a full advisory feed, loading both.

Run with `make bench BENCH=data`. Uses the real Passport Index table from ../shared/data when
present (never copied), else a generated table of the same size (199 x 199 = 39,601 rows).
"""

from __future__ import annotations

import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pycountry

from travelprep.engine import geography
from travelprep.engine.rules.rulebook import load_rulebook
from travelprep.refdata.datastore import DataStore
from travelprep.refdata.importers.advisories import import_advisories
from travelprep.refdata.importers.country_tags import tag_table
from travelprep.refdata.importers.visas import import_visas
from travelprep.refdata.loading import load_current_rulebook

ROOT = Path(__file__).resolve().parents[1]
REAL_VISAS = ROOT.parent / "shared" / "data" / "passport-index-tidy-iso2.csv"
FEED_ITEMS = 220
DUPLICATES = 20
EXAMPLE = ROOT / "examples" / "shanghai-conference.yaml"


def paired_medians(
    first: Callable[[], object], second: Callable[[], object], runs: int
) -> tuple[float, float]:
    """Median wall times of two actions timed in alternation, so machine load hits both alike."""
    times: tuple[list[float], list[float]] = ([], [])
    for _ in range(runs):
        for action, found in ((first, times[0]), (second, times[1])):
            started = time.perf_counter()
            action()
            found.append(time.perf_counter() - started)
    return statistics.median(times[0]), statistics.median(times[1])


def visa_table_text() -> tuple[str, str]:
    """The real table when present, else a generated one of the same size."""
    if REAL_VISAS.exists():
        return REAL_VISAS.read_text(encoding="utf-8"), f"real table {REAL_VISAS.name}"
    chance = random.Random(7)
    codes = sorted(geography.country_names())[:199]
    values = ["visa required", "e-visa", "visa on arrival", "eta", "visa free", "90", "30", "180"]
    lines = ["Passport,Destination,Requirement"]
    lines += [f"{p},{d},{'-1' if p == d else chance.choice(values)}" for p in codes for d in codes]
    return "\n".join(lines) + "\n", "generated table (../shared/data absent)"


def advisory_feed() -> bytes:
    """An RSS feed like the State Department's: ~220 items, some old/new-style duplicates."""
    chance = random.Random(11)
    labels = {
        1: "Exercise Normal Precautions",
        2: "Exercise Increased Caution",
        3: "Reconsider Travel",
        4: "Do Not Travel",
    }
    items = []
    rows = [rows[0] for rows in tag_table().values()][: FEED_ITEMS - DUPLICATES]
    for n in range(FEED_ITEMS):
        row = rows[n % len(rows)]
        level = chance.choice([1, 1, 2, 2, 2, 3, 4])
        day = date(2026, 10, 7) - timedelta(days=chance.randrange(400))
        iso3 = getattr(pycountry.countries.get(alpha_2=row.iso2), "alpha_3", "xkx").lower()
        # The last DUPLICATES items repeat countries in the new link style, as the real feed does.
        link = (
            f"https://travel.state.gov/en/international-travel/travel-advisories/destination.{iso3}.html"
            if n >= len(rows)
            else f"https://travel.state.gov/content/travel/en/traveladvisories/traveladvisories/"
            f"{row.name.lower().replace(' ', '-')}-travel-advisory.html"
        )
        items.append(f"""<item>
  <title>{row.name} - Level {level}: {labels[level]}</title>
  <link>{link}</link>
  <pubDate>{day.strftime("%a, %d %b %Y")} 00:00:00 -0400</pubDate>
  <description><![CDATA[<p>{labels[level]} in {row.name}.</p>]]></description>
  <category domain="Threat-Level">Level {level}: {labels[level]}</category>
  <category domain="Country-Tag">{row.tag}</category>
  <guid>{link}</guid>
  <dc:identifier>{row.tag},advisory</dc:identifier>
</item>""")
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>'
        "<title>travel.state.gov: Travel Advisories</title>\n" + "\n".join(items) + "\n</channel></rss>\n"
    ).encode()


def cli_run(data_dir: Path) -> Callable[[], object]:
    """`travelprep checklist` in a fresh process, as a user starts it."""
    command = [
        sys.executable,
        "-c",
        "from travelprep.cli.main import run; run()",
        "checklist",
        str(EXAMPLE),
        "--today",
        "2026-11-21",
    ]
    env = {"TRAVELPREP_DATA_DIR": str(data_dir), "PATH": "/usr/bin:/bin"}
    return lambda: subprocess.run(command, env=env, check=True, capture_output=True)


def main() -> None:
    load_rulebook()  # warm caches (pycountry, YAML) so every figure below is comparable
    text, label = visa_table_text()
    rows = text.count("\n") - 1
    feed = advisory_feed()
    with tempfile.TemporaryDirectory() as empty, tempfile.TemporaryDirectory() as folder:
        store = DataStore(Path(folder))
        shipped, visas = paired_medians(
            load_rulebook,
            lambda: import_visas(text, origin="bench.csv", as_of=date(2025, 1, 12), store=store),
            7,
        )
        print(f"load shipped rulebook (the yardstick): {shipped * 1000:8.1f} ms")
        print(f"import visa table, {rows} rows ({label}):")
        print(f"  {visas * 1000:8.1f} ms = {visas / shipped:5.1f}x the shipped load")
        shipped, advisories = paired_medians(
            load_rulebook,
            lambda: import_advisories(feed, origin="bench.xml", store=store, allow_fewer=True),
            9,
        )
        stored = store.read("advisories")[0].entries
        print(f"import advisory feed, {FEED_ITEMS} items -> {stored} countries ({len(feed) // 1024} KiB):")
        print(f"  {advisories * 1000:8.1f} ms = {advisories / shipped:5.1f}x the shipped load")
        shipped, loaded = paired_medians(
            load_rulebook, lambda: load_current_rulebook(data_dir=Path(folder)), 9
        )
        print("load rulebook with both imported (start-up cost):")
        print(
            f"  {loaded * 1000:8.1f} ms = {loaded / shipped:5.1f}x the shipped load "
            f"({shipped * 1000:.1f} ms in the same runs)"
        )
        alone, imported = paired_medians(cli_run(Path(empty)), cli_run(Path(folder)), 5)
        print("`travelprep checklist` in a fresh process:")
        print(
            f"  {alone * 1000:8.1f} ms shipped only, {imported * 1000:.1f} ms with both imported "
            f"= {imported / alone:.2f}x"
        )
        print("(medians of runs timed in alternation with the yardstick)")
