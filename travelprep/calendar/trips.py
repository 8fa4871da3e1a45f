"""What a calendar is built from: one `TripCalendar` per trip, and the feed's cheap fingerprint."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import timedelta
from urllib.parse import urlsplit

from travelprep.engine import geography
from travelprep.engine.checklist import Checklist
from travelprep.engine.itinerary import Itinerary

DEFAULT_REMINDER_DAYS = (30, 14, 7, 1)
DEFAULT_REFRESH = timedelta(hours=12)
# Bump when the calendar's layout changes, so every feed's ETag changes with it.
LAYOUT_VERSION = "1"

_KEY = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")


@dataclass(frozen=True, slots=True)
class TripCalendar:
    """One trip as a calendar shows it.

    `key` is stable for the life of the trip (e.g. "trip-42"): every UID derives from it.
    `sequence` goes up whenever the caller changes anything the events show (itinerary,
    cancellation); `done_items` holds the ids of items done or not applicable.
    """

    key: str
    checklist: Checklist
    title: str
    url: str | None = None
    sequence: int = 0
    cancelled: bool = False
    done_items: frozenset[str] = field(default_factory=frozenset)
    reminder_days: tuple[int, ...] = DEFAULT_REMINDER_DAYS

    def __post_init__(self) -> None:
        if not _KEY.match(self.key):
            raise ValueError(f"trip key {self.key!r}: use letters, digits, '.', '_' or '-' (at most 100)")
        if self.sequence < 0:
            raise ValueError(f"sequence {self.sequence} is negative; it starts at 0 and only goes up")
        if any(days <= 0 for days in self.reminder_days):
            raise ValueError(f"reminder days {self.reminder_days}: each must be 1 or more days ahead")
        if self.url is not None:
            check_page_url(self.url)
        # Accept any iterable of ids from callers, but keep the frozen, hashable form.
        object.__setattr__(self, "done_items", frozenset(self.done_items))
        object.__setattr__(self, "reminder_days", tuple(sorted(set(self.reminder_days), reverse=True)))


def check_page_url(url: str) -> str:
    """An http(s) URL without spaces or control characters, or ValueError."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc or any(c <= " " or c == "\x7f" for c in url):
        raise ValueError(f"trip page URL {url[:80]!r}: expected an http(s) URL without spaces")
    return url


def unsaved_trip_key(itinerary: Itinerary) -> str:
    """A key for an itinerary not yet saved: the same file always gives the same UIDs."""
    canonical = json.dumps(itinerary.to_data(), sort_keys=True, separators=(",", ":"))
    return "draft-" + hashlib.blake2b(canonical.encode(), digest_size=8).hexdigest()


def trip_title(itinerary: Itinerary) -> str:
    """'Trip to Shanghai, Hong Kong': each leg's city, or its country when no city is given."""
    places: list[str] = []
    for leg in itinerary.legs:
        place = leg.city or geography.place_name(leg.country, leg.region)
        if place not in places:
            places.append(place)
    return "Trip to " + ", ".join(places)


def feed_etag(
    trips: Iterable[TripCalendar], *, name: str, domain: str, refresh: timedelta = DEFAULT_REFRESH
) -> str:
    """A weak ETag for `build_calendar(trips, ...)` with the same arguments, without building it.

    It covers what changes the events: keys, sequences, cancellations, done items, titles,
    URLs, reminder days, each dated item's id, due date and late-advice flag, and the policy
    version. Edits to an item's text alone do not show: the caller bumps `sequence` for those.
    Weak, because DTSTAMP differs between two builds of the same feed.
    """
    digest = hashlib.blake2b(digest_size=16)
    digest.update(f"{LAYOUT_VERSION}\x1f{name}\x1f{domain}\x1f{refresh.total_seconds()}".encode())
    for trip in trips:
        checklist = trip.checklist
        dated = [
            f"{item.id}={item.due}{'!' if item.late_advice else ''}"
            for item in checklist.items
            if item.due is not None
        ]
        digest.update(
            "\x1e".join(
                (
                    trip.key,
                    str(trip.sequence),
                    "C" if trip.cancelled else "A",
                    trip.title,
                    trip.url or "",
                    ",".join(sorted(trip.done_items)),
                    ",".join(map(str, trip.reminder_days)),
                    checklist.data.policy,
                    str(checklist.trip.departure),
                    str(checklist.trip.return_),
                    ",".join(dated),
                )
            ).encode()
        )
    return f'W/"{digest.hexdigest()}"'


def content_fingerprint(trip: TripCalendar, domain: str) -> str:
    """A digest of everything a trip's events show, so serialized events can be reused safely."""
    checklist = trip.checklist
    fields = [
        LAYOUT_VERSION,
        domain,
        trip.key,
        str(trip.sequence),
        str(trip.cancelled),
        trip.title,
        trip.url or "",
        ",".join(sorted(trip.done_items)),
        ",".join(map(str, trip.reminder_days)),
        str(checklist.trip.departure),
        str(checklist.trip.return_),
        *(d.name for d in checklist.destinations),
    ]
    for item in checklist.items:
        if item.due is None:
            continue
        contact = item.contact
        fields += [
            item.id,
            str(item.due),
            item.category,
            item.title,
            item.body,
            item.late_advice or "",
            *item.reasons,
            *(f"{link.title}\x1d{link.url}" for link in item.links),
            contact.name,
            contact.email,
            str(contact.url),
        ]
    return hashlib.blake2b("\x1e".join(fields).encode(), digest_size=16).hexdigest()
