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

from travelprep import geography
from travelprep.datastore import DataStore
from travelprep.importers.advisories import import_advisories
from travelprep.importers.country_tags import tag_table
from travelprep.importers.visas import import_visas
from travelprep.loading import load_current_rulebook
from travelprep.rulebook import load_rulebook

ROOT = Path(__file__).resolve().parents[1]
REAL_VISAS = ROOT.parent / "shared" / "data" / "passport-index-tidy-iso2.csv"
FEED_ITEMS = 220
DUPLICATES = 20
EXAMPLE = ROOT / "examples" / "shanghai-conference.yaml"


def median_seconds(action: Callable[[], object], runs: int) -> float:
    """The median wall time of `runs` calls."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


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
    labels = {1: "Exercise Normal Precautions", 2: "Exercise Increased Caution",
              3: "Reconsider Travel", 4: "Do Not Travel"}
    items = []
    rows = [rows[0] for rows in tag_table().values()][:FEED_ITEMS - DUPLICATES]
    for n in range(FEED_ITEMS):
        row = rows[n % len(rows)]
        level = chance.choice([1, 1, 2, 2, 2, 3, 4])
        day = date(2026, 10, 7) - timedelta(days=chance.randrange(400))
        iso3 = getattr(pycountry.countries.get(alpha_2=row.iso2), "alpha_3", "xkx").lower()
        # The last DUPLICATES items repeat countries in the new link style, as the real feed does.
        link = (f"https://travel.state.gov/en/international-travel/travel-advisories/destination.{iso3}.html"
                if n >= len(rows) else
                f"https://travel.state.gov/content/travel/en/traveladvisories/traveladvisories/"
                f"{row.name.lower().replace(' ', '-')}-travel-advisory.html")
        items.append(f"""<item>
  <title>{row.name} - Level {level}: {labels[level]}</title>
  <link>{link}</link>
  <pubDate>{day.strftime('%a, %d %b %Y')} 00:00:00 -0400</pubDate>
  <description><![CDATA[<p>{labels[level]} in {row.name}.</p>]]></description>
  <category domain="Threat-Level">Level {level}: {labels[level]}</category>
  <category domain="Country-Tag">{row.tag}</category>
  <guid>{link}</guid>
  <dc:identifier>{row.tag},advisory</dc:identifier>
</item>""")
    return ("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
            "<rss version=\"2.0\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><channel>"
            "<title>travel.state.gov: Travel Advisories</title>\n"
            + "\n".join(items) + "\n</channel></rss>\n").encode()


def cli_seconds(data_dir: Path, runs: int) -> float:
    """The median wall time of `travelprep checklist` in a fresh process."""
    command = [sys.executable, "-c", "from travelprep.cli.main import run; run()",
               "checklist", str(EXAMPLE), "--today", "2026-11-21"]
    env = {"TRAVELPREP_DATA_DIR": str(data_dir), "PATH": "/usr/bin:/bin"}
    return median_seconds(lambda: subprocess.run(command, env=env, check=True,
                                                 capture_output=True), runs)


def main() -> None:
    load_rulebook()  # warm caches (pycountry, YAML) so every figure below is comparable
    shipped = median_seconds(load_rulebook, 7)
    print(f"load shipped rulebook:            {shipped * 1000:8.1f} ms (median of 7)")

    text, label = visa_table_text()
    rows = text.count("\n") - 1
    feed = advisory_feed()
    with tempfile.TemporaryDirectory() as empty, tempfile.TemporaryDirectory() as folder:
        store = DataStore(Path(folder))
        visas = median_seconds(lambda: import_visas(text, origin="bench.csv",
                                                    as_of=date(2025, 1, 12), store=store), 5)
        print(f"import visa table ({rows} rows, {label}):")
        print(f"                                  {visas * 1000:8.1f} ms (median of 5), "
              f"{visas / shipped:5.2f}x loading the shipped rulebook")
        advisories = median_seconds(lambda: import_advisories(feed, origin="bench.xml", store=store,
                                                              allow_fewer=True), 7)
        stored = store.read("advisories")[0].entries
        print(f"import advisory feed ({FEED_ITEMS} items -> {stored} countries, "
              f"{len(feed) // 1024} KiB):")
        print(f"                                  {advisories * 1000:8.1f} ms (median of 7), "
              f"{advisories / shipped:5.2f}x loading the shipped rulebook")
        loaded = median_seconds(lambda: load_current_rulebook(data_dir=Path(folder)), 7)
        print(f"load rulebook with both imported: {loaded * 1000:8.1f} ms (median of 7), "
              f"{loaded / shipped:5.2f}x loading the shipped rulebook")
        cli_shipped, cli_imported = cli_seconds(Path(empty), 5), cli_seconds(Path(folder), 5)
        print(f"`travelprep checklist` process:   {cli_shipped * 1000:8.1f} ms shipped only, "
              f"{cli_imported * 1000:.1f} ms with both imported "
              f"({cli_imported / cli_shipped:.2f}x)")
