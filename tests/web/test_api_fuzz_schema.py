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
from schemathesis import GenerationMode
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from schemathesis.core.failures import FailureGroup

from tests.support.fixtures import itinerary_data
from tests.support.web import api_token

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

# (who, role) pairs; None is a caller with no token at all.
CALLERS = [
    ("anonymous", None),
    ("traveler", "traveler"),
    ("loaner desk", "loaner_staff"),
    ("compliance", "compliance"),
]

# Nothing in /api/v1 is excluded. The .ics calendar feeds (/calendar/...) and the CSV exports are
# streamed pages outside the API schema (include_in_schema=False or not under /api/v1), so
# schemathesis never sees them; they have their own tests under tests/calendar and tests/loaner.


def _seed(app) -> dict[str, dict[str, str]]:
    """Tokens for each caller and one trip, device and loaner request, so that ids 1 reach handlers."""
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
    return headers


def _fuzz(operation, mode: GenerationMode, headers: dict[str, str]) -> None:
    # Without a token a secured operation answers 401 before reading anything: two examples do.
    secured = bool(operation.definition.raw.get("security"))

    @given(case=operation.as_strategy(generation_mode=mode))
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
    headers = _seed(app)
    schema = schemathesis.openapi.from_asgi("/api/v1/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 18

    failures = []
    for who, _role in CALLERS:
        for operation in operations:
            for mode in EXAMPLES:
                if mode is GenerationMode.NEGATIVE and operation.label in NOTHING_TO_BREAK:
                    continue
                try:
                    _fuzz(operation, mode, headers[who])
                except (Exception, FailureGroup) as error:  # every failure is collected, then reported
                    failures.append(f"--- {who}, {operation.label}, {mode.value}:\n{error}")
    assert not failures, "\n\n".join(failures)
