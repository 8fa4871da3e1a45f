"""Research Compliance's visit pages: every visit, filtered and exported, and who is on campus on a day."""

from __future__ import annotations

from datetime import date
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import Response

from travelprep.trips.form_choices import CountryChoices
from travelprep.visits import service as visit_service
from travelprep.visits.auth import VisitStaff
from travelprep.visits.repository import VisitFilter
from travelprep.web.csv_responses import csv_download
from travelprep.web.deps import ChoicesDep, SessionDep, SessionFactoryDep, TodayDep
from travelprep.web.paging import next_page_link
from travelprep.web.query_filters import FilterForm, day_or_today, filter_day
from travelprep.web.rendering import render

router = APIRouter()


class VisitFilterForm(FilterForm[VisitFilter]):
    """The visit list's filter fields as typed, the filter they make, and what was wrong with them."""

    @classmethod
    def read(cls, request: Request, choices: CountryChoices, today: date) -> VisitFilterForm:
        """Read the query string; bad dates become messages. Visits not yet over by default."""
        query = request.query_params
        values = {k: query.get(k, "").strip()[:100] for k in ("country", "start", "end", "hit")}
        if "start" not in query:
            values["start"] = today.isoformat()
        errors: dict[str, str] = {}

        where = VisitFilter(
            country=choices.code_for(values["country"]) if values["country"] else None,
            screening_hit={"yes": True, "no": False}.get(values["hit"]),
            start=filter_day(values, "start", errors),
            end=filter_day(values, "end", errors),
        )
        return cls(values, where, errors)


@router.get("/staff/visits", include_in_schema=False)
async def visit_list(
    request: Request, user: VisitStaff, session: SessionDep, choices: ChoicesDep, today: TodayDep
) -> Response:
    """Every host's visits, by visitor country, affiliation hit and dates, a page at a time."""
    filters = VisitFilterForm.read(request, choices, today)
    after = request.query_params.get("after", "")
    page = await session.run_sync(lambda db: visit_service.visit_page(db, where=filters.where, after=after))
    export = urlencode(filters.values)
    context = {
        "filters": filters,
        "page": page,
        "visits": page.rows,
        "export_query": export,
        "next_link": next_page_link(request, page.next_cursor),
    }
    return render(request, "visits/staff_visits.html", context, 400 if filters.errors else 200)


@router.get("/staff/visits.csv", include_in_schema=False)
async def visit_list_csv(
    request: Request, user: VisitStaff, sessions: SessionFactoryDep, choices: ChoicesDep, today: TodayDep
) -> Response:
    """Every visit the filter matches as CSV, streamed however many, safe to open in a spreadsheet."""
    filters = VisitFilterForm.read(request, choices, today)
    return csv_download(visit_service.visits_csv(sessions, where=filters.where), "travelprep-visits.csv")


@router.get("/staff/on-campus", include_in_schema=False)
async def who_is_visiting(
    request: Request, user: VisitStaff, session: SessionDep, today: TodayDep, choices: ChoicesDep
) -> Response:
    """Every visitor on campus on a day (from a country, if given): the mirror of /staff/abroad."""
    typed_country = request.query_params.get("country", "").strip()[:100]
    typed_day = request.query_params.get("day", "").strip()[:20]
    day, error = day_or_today(typed_day, today)
    country = choices.code_for(typed_country) if typed_country else None
    after = request.query_params.get("after", "")
    page = await session.run_sync(
        lambda db: visit_service.present_page(db, day=day, country=country, after=after)
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
    }
    return render(request, "visits/staff_on_campus.html", context, 400 if error else 200)
