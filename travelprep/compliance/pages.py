"""Research Compliance pages: every trip, filtered and exported, and who is abroad on a day."""

from __future__ import annotations

from datetime import date
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import Response

from travelprep.compliance import service as staff_lists
from travelprep.compliance.auth import ComplianceStaff
from travelprep.compliance.service import spreadsheet_safe  # noqa: F401 - the loaner inventory CSV uses it
from travelprep.engine.geography import is_country, region_name
from travelprep.trips.form_choices import CountryChoices
from travelprep.trips.repository import TripFilter
from travelprep.web.csv_responses import csv_download
from travelprep.web.deps import ChoicesDep, SessionDep, SessionFactoryDep, TodayDep
from travelprep.web.operations import current_data_status
from travelprep.web.paging import next_page_link, traveler_search
from travelprep.web.query_filters import FilterForm, day_or_today, filter_day
from travelprep.web.rendering import render

router = APIRouter()


def country_filter(typed: str, choices: CountryChoices) -> tuple[str | None, str]:
    """The country code for what was typed, and a message when no country has that name.

    An unknown name still filters (on nothing), so that the list never looks filtered when it is not.
    """
    if not typed:
        return None, ""
    code = choices.code_for(typed)
    if not is_country(code):
        return code, "No country has that name: pick one from the list, or leave the field empty."
    return code, ""


class TripFilterForm(FilterForm[TripFilter]):
    """The trip list's filter fields as typed, the filter they make, and what was wrong with them."""

    @classmethod
    def read(cls, request: Request, choices: CountryChoices, today: date) -> TripFilterForm:
        """Read the query string; bad dates become messages, not errors. Upcoming trips by default."""
        query = request.query_params
        values = {k: query.get(k, "").strip() for k in ("country", "start", "end", "risk", "sanctioned")}
        values["q"] = traveler_search(request)
        if "start" not in query:  # a first visit: trips not yet over; an emptied field shows all
            values["start"] = today.isoformat()
        values["cancelled"] = "1" if query.get("cancelled") else ""
        errors: dict[str, str] = {}

        def flag(key: str) -> bool | None:
            return {"yes": True, "no": False}.get(values[key])

        country, country_error = country_filter(values["country"], choices)
        if country_error:
            errors["country"] = country_error
        where = TripFilter(
            country=country,
            start=filter_day(values, "start", errors),
            end=filter_day(values, "end", errors),
            elevated_risk=flag("risk"),
            sanctioned=flag("sanctioned"),
            include_cancelled=bool(values["cancelled"]),
        )
        return cls(values, where, errors)


@router.get("/staff/trips", include_in_schema=False)
async def trip_list(
    request: Request, user: ComplianceStaff, session: SessionDep, choices: ChoicesDep, today: TodayDep
) -> Response:
    """Every traveler's trips, filtered by destination, dates and flags, a page at a time."""
    filters = TripFilterForm.read(request, choices, today)
    after = request.query_params.get("after", "")
    search = filters.values["q"]
    page, regions = await session.run_sync(
        staff_lists.trip_page, where=filters.where, search=search, after=after
    )
    export = urlencode(filters.values)  # the filter in force, the default start date included
    context = {
        "filters": filters,
        "page": page,
        "trips": page.rows,
        "regions": regions,
        "region_name": region_name,
        "export_query": export,
        "next_link": next_page_link(request, page.next_cursor),
        "first_link": request.url.path + "?" + export if after else None,
        # Compliance staff land here: a source past its age limit shows at once, not only on /staff/data.
        "stale": [s for s in current_data_status(request, today) if s.stale],
    }
    return render(request, "compliance/staff_trips.html", context, 400 if filters.errors else 200)


@router.get("/staff/trips.csv", include_in_schema=False)
async def trip_list_csv(
    request: Request, user: ComplianceStaff, sessions: SessionFactoryDep, choices: ChoicesDep, today: TodayDep
) -> Response:
    """Every trip the filter matches as CSV, streamed however many, safe to open in a spreadsheet."""
    filters = TripFilterForm.read(request, choices, today)
    rows = staff_lists.trips_csv(sessions, where=filters.where, search=filters.values["q"])
    return csv_download(rows, "travelprep-trips.csv")


@router.get("/staff/abroad", include_in_schema=False)
async def who_is_abroad(
    request: Request, user: ComplianceStaff, session: SessionDep, today: TodayDep, choices: ChoicesDep
) -> Response:
    """Everyone in a country (or anywhere abroad) on a day, with contact details."""
    typed_country = request.query_params.get("country", "").strip()
    typed_day = request.query_params.get("day", "").strip()
    day, error = day_or_today(typed_day, today)
    country, country_error = country_filter(typed_country, choices)
    search = traveler_search(request)
    after = request.query_params.get("after", "")
    page = await session.run_sync(
        staff_lists.abroad_page, day=day, country=country, search=search, after=after
    )
    context = {
        "page": page,
        "found": page.rows,
        "next_link": next_page_link(request, page.next_cursor),
        "day": day,
        "typed_day": typed_day or today.isoformat(),
        "typed_country": typed_country,
        "country": country,
        "error": error,
        "country_error": country_error,
        "search": search,
        "region_name": region_name,
    }
    failed = error or country_error
    return render(request, "compliance/staff_abroad.html", context, 400 if failed else 200)
