"""Itinerary import from an .ics upload: pre-fill the new-trip form, or answer the draft as JSON.

Nothing is saved here: the page shows the form filled from the draft, and the traveler saves
it as any other new trip. Uploads are read with a hard cap, so a huge or endless body costs at
most the limit, and parsed in a child process with memory and time limits (web/upload_guard.py),
so the server keeps answering meanwhile; the anonymous API takes a few uploads a minute per address.
Every failure is a 4xx with a message, never a 500.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.datastructures import UploadFile
from starlette.formparsers import MultiPartException, MultiPartParser

from travelprep.accounts.auth import CurrentUser
from travelprep.calendar.ics_events import TIME_BUDGET
from travelprep.calendar.ics_import import IcsDraft, UnreadableIcs, draft_itinerary_from_ics
from travelprep.calendar.ics_screening import refuse_oversized
from travelprep.errors import TravelPrepError
from travelprep.trips.form import ItineraryForm, Submission
from travelprep.trips.schemas import IcsDraftOut
from travelprep.web.client_address import client_address
from travelprep.web.deps import ChoicesDep, SettingsDep, UploadGuardDep
from travelprep.web.rendering import render
from travelprep.web.upload_guard import ParseRefused, ParseTooBig, UploadGuard

router = APIRouter()
MULTIPART_OVERHEAD = 64 * 1024  # boundaries, part headers and the other (small) fields


class UploadTooLarge(TravelPrepError):
    """The file is too large."""

    status_code = 413


class BadUpload(TravelPrepError):
    """The upload could not be read."""

    status_code = 400


class NoTripInCalendar(TravelPrepError):
    """Not a calendar with a trip in it."""

    status_code = 422


def _too_large(limit: int) -> UploadTooLarge:
    return UploadTooLarge(
        f"The file is larger than {limit // 1000:,} kB, too large for a trip's calendar. "
        "Export only the trip's events and try again."
    )


async def read_capped(request: Request, cap: int, limit: int) -> bytes:
    """The request body, refusing (413) more than `cap` bytes without reading further."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > cap:
        raise _too_large(limit)
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > cap:
            raise _too_large(limit)
        chunks.append(chunk)
    return b"".join(chunks)


async def _uploaded_file(request: Request, limit: int) -> bytes:
    body = await read_capped(request, limit + MULTIPART_OVERHEAD, limit)

    async def one_chunk():
        yield body

    try:
        form = await MultiPartParser(request.headers, one_chunk(), max_files=1, max_fields=20).parse()
    except (MultiPartException, ValueError, KeyError):
        raise BadUpload(
            "The upload could not be read: choose an .ics file and send the form again."
        ) from None
    upload = form.get("calendar")
    if not isinstance(upload, UploadFile):
        raise BadUpload("Choose a calendar file (.ics) to upload.")
    data = await upload.read(limit + 1)
    if len(data) > limit:
        raise _too_large(limit)
    return data


async def _draft_off_the_loop(guard: UploadGuard, data: bytes, limit: int) -> IcsDraft:
    """The draft, read in a limited child process; UnreadableIcs when too slow, 413 when too big."""
    if not data.strip():
        raise UnreadableIcs("The file is empty. Export the trip from your calendar as an .ics file.")
    refuse_oversized(data, limit)  # the worst refused at once, without a thread
    try:
        read = partial(draft_itinerary_from_ics, max_bytes=limit)
        # The budget counts reading the events; parsing and, once per process, building the
        # place tables come on top.
        return await guard.parse(read, data, timeout=2 * TIME_BUDGET)
    except ParseRefused:
        raise UnreadableIcs(
            "Reading the calendar took longer than a trip's calendar can. Export only the trip's events."
        ) from None
    except ParseTooBig:
        raise UploadTooLarge(
            "Reading the calendar needed more memory than a trip's calendar can. "
            "Export only the trip's events and try again."
        ) from None


@router.post("/trips/new/from-ics", include_in_schema=False)
async def prefill_from_ics(
    request: Request, user: CurrentUser, settings: SettingsDep, choices: ChoicesDep, guard: UploadGuardDep
) -> Response:
    """The new-trip form filled from an uploaded calendar, for review; nothing is saved."""
    limit = settings.ics_upload_max_bytes
    profile = user.profile or {"name": user.name, "email": user.email}
    context: dict[str, Any] = {"trip": None, "form_action": "/trips/new", "submit_label": "Save trip"}
    try:
        draft = await _draft_off_the_loop(guard, await _uploaded_file(request, limit), limit)
    except (UploadTooLarge, BadUpload) as error:
        status, message = error.status_code, error.message
    except UnreadableIcs as error:
        status, message = 422, str(error)
    else:
        form = ItineraryForm.from_itinerary({"traveler": profile} | draft.itinerary, choices)
        context |= {
            "submission": Submission(form, "import"),
            "ics_warnings": draft.warnings,
            "ics_imported": True,
        }
        return render(request, "trips/trip_form.html", context)
    form = ItineraryForm.from_profile(profile, choices)
    context |= {"submission": Submission(form, "new"), "ics_error": message}
    return render(request, "trips/trip_form.html", context, status)


@router.post(
    "/api/v1/itineraries/from-ics",
    tags=["api"],
    response_model=IcsDraftOut,
    responses={
        200: {"description": "The draft itinerary (departure, return, legs) and what to check"},
        413: {"description": "The file is over the size limit"},
        422: {"description": "Not a calendar with a trip in it, or too complex to read"},
        429: {"description": "Too many uploads from this address this minute"},
    },
    openapi_extra={
        "requestBody": {"required": True, "content": {"text/calendar": {"schema": {"type": "string"}}}}
    },
)
async def draft_from_ics(request: Request, settings: SettingsDep, guard: UploadGuardDep) -> IcsDraftOut:
    """A calendar file (the raw body) in, a draft itinerary out; stateless, nothing saved."""
    # 429 past the limit; behind a trusted proxy, per client rather than per proxy.
    guard.admit(client_address(request, settings.trusted_proxies) or "unknown")
    limit = settings.ics_upload_max_bytes
    body = await read_capped(request, limit, limit)  # UploadTooLarge: 413
    try:
        draft = await _draft_off_the_loop(guard, body, limit)
    except UnreadableIcs as error:
        raise NoTripInCalendar(str(error)) from None
    return IcsDraftOut(itinerary=draft.itinerary, warnings=list(draft.warnings))
