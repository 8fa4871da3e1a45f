"""What Research Compliance's lists show, read through the repository; nothing here writes."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import date

from sqlalchemy.orm import Session, sessionmaker

from travelprep.compliance import repository as staff_lists
from travelprep.db.paging import Page
from travelprep.trips.repository import TripFilter

# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CSV_COLUMNS = [
    "trip",
    "traveler",
    "email",
    "status",
    "departure",
    "return",
    "countries",
    "elevated_risk",
    "sanctioned",
]
CSV_CHUNK_ROWS = 500  # rows written per chunk sent to the browser


def spreadsheet_safe(value: object) -> str:
    """The cell text, with a leading quote if a spreadsheet would read it as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def trip_page(session: Session, *, where: TripFilter, search: str = "", after: str) -> tuple[Page, dict]:
    """One page of every traveler's trips matching the filter and search, and each trip's regions."""
    page = staff_lists.trip_page(session, where=where, search=search, after=after)
    return page, staff_lists.regions_of(session, trip_ids=[row.id for row in page.rows])


def abroad_page(session: Session, *, day: date, country: str | None, search: str = "", after: str) -> Page:
    """One page of who is in `country` (or anywhere abroad) on `day`, with the total."""
    return staff_lists.abroad_page(session, day=day, country=country, search=search, after=after)


def trips_csv(sessions: sessionmaker[Session], *, where: TripFilter, search: str = "") -> Iterator[str]:
    """Every matching trip as CSV text, in chunks, read in batches on its own session."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    with sessions() as session:
        for n, trip in enumerate(staff_lists.every_trip(session, where=where, search=search), start=1):
            row = [
                trip.id,
                trip.traveler_name,
                trip.traveler_email,
                trip.status,
                trip.departure.isoformat(),
                trip.return_date.isoformat(),
                trip.countries,
                "yes" if trip.elevated_risk else "no",
                "yes" if trip.sanctioned else "no",
            ]
            writer.writerow([spreadsheet_safe(cell) for cell in row])
            if n % CSV_CHUNK_ROWS == 0:
                yield buffer.getvalue()
                buffer.seek(0)
                buffer.truncate()
    yield buffer.getvalue()
