"""Research Compliance pages: every trip, filtered and exported, and who is abroad on a day."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date

from fastapi import APIRouter, Request
from fastapi.responses import Response

from travelprep.compliance.auth import ComplianceStaff
from travelprep.trips import repository as trips
from travelprep.trips.form_choices import CountryChoices
from travelprep.trips.repository import TripFilter
from travelprep.web.deps import ChoicesDep, SessionDep, TodayDep
from travelprep.web.rendering import render

router = APIRouter()

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


def spreadsheet_safe(value: object) -> str:
    """The cell text, with a leading quote if a spreadsheet would read it as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


@dataclass
class FilterForm:
    """The filter fields as typed, the filter they make, and what was wrong with them."""

    values: dict[str, str]
    where: TripFilter
    errors: dict[str, str]

    @classmethod
    def read(cls, request: Request, choices: CountryChoices) -> FilterForm:
        """Read the query string; bad dates become messages, not errors."""
        query = request.query_params
        values = {k: query.get(k, "").strip() for k in ("country", "start", "end", "risk", "sanctioned")}
        values["cancelled"] = "1" if query.get("cancelled") else ""
        errors: dict[str, str] = {}

        def day(key: str) -> date | None:
            if not values[key]:
                return None
            try:
                return date.fromisoformat(values[key])
            except ValueError:
                errors[key] = "Enter a date as YYYY-MM-DD."
                return None

        def flag(key: str) -> bool | None:
            return {"yes": True, "no": False}.get(values[key])

        country = choices.code_for(values["country"]) if values["country"] else None
        where = TripFilter(
            country=country,
            start=day("start"),
            end=day("end"),
            elevated_risk=flag("risk"),
            sanctioned=flag("sanctioned"),
            include_cancelled=bool(values["cancelled"]),
        )
        return cls(values, where, errors)


@router.get("/staff/trips", include_in_schema=False)
async def trip_list(
    request: Request, user: ComplianceStaff, session: SessionDep, choices: ChoicesDep
) -> Response:
    """Every traveler's trips, filtered by destination, dates and flags."""
    filters = FilterForm.read(request, choices)
    found = await session.run_sync(trips.search, where=filters.where)
    context = {"filters": filters, "trips": found, "query": request.url.query}
    return render(request, "compliance/staff_trips.html", context, 400 if filters.errors else 200)


@router.get("/staff/trips.csv", include_in_schema=False)
async def trip_list_csv(
    request: Request, user: ComplianceStaff, session: SessionDep, choices: ChoicesDep
) -> Response:
    """The filtered list as CSV, safe to open in a spreadsheet."""
    filters = FilterForm.read(request, choices)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for trip in await session.run_sync(trips.search, where=filters.where):
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
    return Response(
        buffer.getvalue(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="travelprep-trips.csv"'},
    )


@router.get("/staff/abroad", include_in_schema=False)
async def who_is_abroad(
    request: Request, user: ComplianceStaff, session: SessionDep, today: TodayDep, choices: ChoicesDep
) -> Response:
    """Everyone in a country (or anywhere abroad) on a day, with contact details."""
    typed_country = request.query_params.get("country", "").strip()
    typed_day = request.query_params.get("day", "").strip()
    error = ""
    try:
        day = date.fromisoformat(typed_day) if typed_day else today
    except ValueError:
        day, error = today, "Enter a date as YYYY-MM-DD."
    country = choices.code_for(typed_country) if typed_country else None
    found = await session.run_sync(trips.abroad_on, day=day, country=country)
    context = {
        "found": found,
        "day": day,
        "typed_day": typed_day or today.isoformat(),
        "typed_country": typed_country,
        "country": country,
        "error": error,
    }
    return render(request, "compliance/staff_abroad.html", context, 400 if error else 200)
