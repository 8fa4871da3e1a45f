"""`data import advisories`: fetch or read the feed, read it, and store it as one new version."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import httpx

from travelprep.engine import geography
from travelprep.refdata.datastore import DataStore, Version
from travelprep.refdata.importers import ImportRefused
from travelprep.refdata.importers.advisory_feed import FeedReading, parse_items, read_feed
from travelprep.refdata.loading import AdvisoriesPayload

SOURCE = "advisories"
FEED_URL = "https://travel.state.gov/_res/rss/TAsTWs.xml"
MAX_FEED_BYTES = 20 * 1024 * 1024  # the real feed is well under 1 MB; refuse anything absurd
# A feed that covers fewer than this share of the countries with a level today is more likely
# cut short than real: importing it would turn known levels into "unknown".
MIN_SHARE_KEPT = 0.5
TIMEOUT = httpx.Timeout(20.0, connect=10.0)
USER_AGENT = "TravelPrep advisory importer"


@dataclass(frozen=True)
class AdvisoryImport:
    """What an import stored and what it could not use."""

    version: Version
    reading: FeedReading
    changes: list[str]


def fetch_feed(url: str, *, client: httpx.Client | None = None) -> bytes:
    """The feed's bytes over HTTPS, with timeouts; ImportRefused on any failure."""
    if not url.startswith("https://"):
        raise ImportRefused(url, None, "--url must be an https:// address")
    own = client is None
    client = client or httpx.Client(
        timeout=TIMEOUT, follow_redirects=True, headers={"User-Agent": USER_AGENT}
    )
    try:
        response = client.get(url)
    except httpx.HTTPError as error:
        raise ImportRefused(url, None, f"could not fetch the feed: {error}") from None
    finally:
        if own:
            client.close()
    if response.url.scheme != "https":
        raise ImportRefused(url, None, f"redirected to a non-HTTPS address {response.url}")
    if response.status_code != 200:
        raise ImportRefused(url, None, f"the server answered HTTP {response.status_code}")
    if len(response.content) > MAX_FEED_BYTES:
        raise ImportRefused(url, None, f"the feed is larger than {MAX_FEED_BYTES} bytes")
    return response.content


def read_feed_file(path: Path) -> bytes:
    """A saved copy of the feed; ImportRefused when it cannot be read."""
    try:
        if path.stat().st_size > MAX_FEED_BYTES:
            raise ImportRefused(path, None, f"larger than {MAX_FEED_BYTES} bytes; not an advisory feed")
        return path.read_bytes()
    except OSError as error:
        raise ImportRefused(path, None, f"cannot read the file: {error.strerror}") from None


def import_advisories(
    data: bytes,
    *,
    origin: str,
    store: DataStore,
    source_url: str = FEED_URL,
    previous: Mapping[str, int] | None = None,
    allow_fewer: bool = False,
) -> AdvisoryImport:
    """Read the feed and store it as the current advisories; the store is untouched on error."""
    reading = read_feed(parse_items(data, origin), origin)
    previous = previous or {}
    if not allow_fewer and len(reading.levels) < MIN_SHARE_KEPT * len(previous):
        raise ImportRefused(
            origin,
            None,
            f"the feed gives levels for {len(reading.levels)} "
            f"countries, against {len(previous)} in force; it looks "
            f"cut short (pass --allow-fewer if it is complete)",
        )
    payload = {
        "source": source_url,
        "levels": {
            code: {"level": e.level, "date": e.date.isoformat(), "link": e.link, "title": e.title}
            for code, e in sorted(reading.levels.items())
        },
    }
    AdvisoriesPayload.model_validate(payload)  # what loading accepts, checked before writing
    version = store.write(
        SOURCE, as_of=reading.as_of.isoformat(), entries=len(reading.levels), origin=origin, payload=payload
    )
    new = {code: entry.level for code, entry in reading.levels.items()}
    return AdvisoryImport(version, reading, level_changes(previous, new))


def level_changes(before: Mapping[str, int], after: Mapping[str, int]) -> list[str]:
    """Plain lines for each country whose level changed or appeared, and one for those dropped."""
    lines = []
    for code in sorted(set(after), key=geography.country_name):
        old, new = before.get(code), after[code]
        if old != new:
            change = f"now Level {new}" if old is None else f"Level {old} -> {new}"
            lines.append(f"{geography.country_name(code)} ({code}): {change}")
    dropped = sorted(set(before) - set(after))
    if dropped:
        lines.append(f"not in this feed, so now unknown ({len(dropped)}): {', '.join(dropped)}")
    return lines
