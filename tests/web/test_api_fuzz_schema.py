"""Schemathesis fuzzes every /api/v1 operation in-process, as each kind of caller, deterministically.

Each operation gets schema-valid and schema-breaking requests (a small, fixed budget, derandomized,
no example database) from an anonymous caller, a traveler, loaner desk staff and compliance staff.
Any 5xx fails, as does any answer whose status code is not documented for the operation, whose
content type is not the documented one, or whose body or headers do not match the documented schema.
"""

from __future__ import annotations

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from schemathesis.core.failures import FailureGroup

from tests.support.fixtures import TODAY, itinerary_data
from tests.support.web import api_token
from travelprep.web.signin_guard import SignInGuard

pytestmark = pytest.mark.web

# Positive-data acceptance is left out on purpose: the schema cannot say that legs must fit inside
# the trip's dates or that a trip id must exist, so some schema-valid requests are rightly refused.
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
]

# Examples per operation and generation mode; small, so the whole test stays well under 60 s.
EXAMPLES = {GenerationMode.POSITIVE: 8, GenerationMode.NEGATIVE: 4}

# Operations with no parameters and no body: no request to them can break the schema.
NOTHING_TO_BREAK = {"GET /api/v1/ping"}

# Operations whose body is an itinerary.
TAKES_AN_ITINERARY = {"POST /api/v1/checklists", "POST /api/v1/trips", "PUT /api/v1/trips/{trip_id}"}

# (who, role) pairs; None is a caller with no token at all.
CALLERS = [
    ("anonymous", None),
    ("traveler", "traveler"),
    ("loaner desk", "loaner_staff"),
    ("compliance", "compliance"),
]

# Nothing in the schema is excluded. The streamed .ics feeds (/trips/{id}/calendar.ics,
# /calendar/{token}.ics, /loaner/calendar*.ics), the CSV exports and the HTML pages are declared
# include_in_schema=False: they answer calendars, CSV or HTML, not documented JSON, so there is no
# response schema to check them against. Their own tests are under tests/calendar, tests/loaner, tests/web.


def _seed(app) -> tuple[dict[str, dict[str, str]], dict[str, object]]:
    """Tokens for each caller, and the ids of a seeded trip, checklist item and loaner request."""
    headers = {
        who: ({"Authorization": f"Bearer {api_token(app, f'{role}@example.edu', role)}"} if role else {})
        for who, role in CALLERS
    }
    traveler = TestClient(app, headers=headers["traveler"])
    desk = TestClient(app, headers=headers["loaner desk"])
    trip = traveler.post(
        "/api/v1/trips",
        json=itinerary_data(traveler={**itinerary_data()["traveler"], "email": "traveler@example.edu"}),
    )
    assert trip.status_code == 201, trip.text
    device = desk.post("/api/v1/devices", json={"asset_tag": "LT-1", "kind": "laptop", "model": "X1"})
    assert device.status_code == 201, device.text
    loan = traveler.post("/api/v1/loaner-requests", json={"trip_id": trip.json()["id"], "kinds": ["laptop"]})
    assert loan.status_code == 201, loan.text
    ids = {
        "trip_id": trip.json()["id"],
        "item_id": trip.json()["checklist"]["items"][0]["id"],
        "request_id": loan.json()["id"],
    }
    return headers, ids


def _aim(case, ids: dict[str, object]):
    """The case sent to the seeded trip, item and request, so that it gets past the 404.

    An itinerary body becomes a valid one: the schema cannot say that legs fit inside the trip's
    dates, so generated itineraries are nearly all refused with 422 before reaching the engine.
    """
    if case.operation.label in TAKES_AN_ITINERARY:
        case.body = itinerary_data()
    if case.query and "today" in case.query:  # documented only as a short string
        case.query = {**case.query, "today": TODAY.isoformat()}
    if case.path_parameters:
        case.path_parameters = {name: ids.get(name, value) for name, value in case.path_parameters.items()}
    if case.headers and "if-match" in case.headers:
        case.headers = {**case.headers, "if-match": '"v1"'}
    return case


def _fuzz(operation, mode: GenerationMode, headers: dict[str, str], ids: dict[str, object]) -> None:
    # Without a token a secured operation answers 401 before reading anything: two examples do.
    secured = bool(operation.definition.raw.get("security"))

    cases = operation.as_strategy(generation_mode=mode)
    if mode is GenerationMode.POSITIVE:
        # Half the schema-valid cases go to the seeded records; the rest mostly meet a 404.
        cases = st.tuples(cases, st.booleans()).map(lambda pair: _aim(pair[0], ids) if pair[1] else pair[0])

    @given(case=cases)
    @settings(
        max_examples=EXAMPLES[mode] if headers or not secured else 2,
        deadline=None,
        derandomize=True,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    def check(case):
        case.call_and_validate(headers=headers, checks=CHECKS)

    check()


def test_every_api_operation_conforms_to_its_schema_for_every_caller(app):
    headers, ids = _seed(app)
    # The anonymous .ics upload allows a few a minute per address; here it must parse every example.
    app.state.upload_guard.per_minute = 10_000
    # Random bearer tokens are failed sign-ins: after ten, every caller from the test client's
    # address would get 429 (documented) and the signed-in callers would reach no handler.
    app.state.signin_guard = SignInGuard(10_000, 300, open_db=app.state.open_db)
    schema = schemathesis.openapi.from_asgi("/api/v1/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    # with the visits API, its screening decisions (GET, POST) and POST /trips/{id}/changes/dismiss
    assert len(operations) == 24

    failures = []
    for who, _role in CALLERS:
        for operation in operations:
            for mode in EXAMPLES:
                if mode is GenerationMode.NEGATIVE and operation.label in NOTHING_TO_BREAK:
                    continue
                try:
                    _fuzz(operation, mode, headers[who], ids)
                except (Exception, FailureGroup) as error:  # every failure is collected, then reported
                    failures.append(f"--- {who}, {operation.label}, {mode.value}:\n{error}")
    assert not failures, "\n\n".join(failures)
