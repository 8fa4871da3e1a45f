"""Schemathesis against the app's own OpenAPI schema: no 5xx, responses match the schema."""

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from tests.support.fixtures import itinerary_data
from tests.support.web import api_token

pytestmark = pytest.mark.web

# Positive-data acceptance is left out on purpose: the schema cannot say that legs must fit
# inside the trip's dates, so some schema-valid itineraries are rightly refused with 422.
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
MAX_EXAMPLES = 25


def test_every_api_operation_conforms_to_its_schema(app):
    headers = {"Authorization": f"Bearer {api_token(app)}"}
    # A real trip, so that generated requests for trip 1 reach the handlers, not only the 404.
    TestClient(app, headers=headers).post("/api/v1/trips", json=itinerary_data())
    schema = schemathesis.openapi.from_asgi("/api/v1/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 8

    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=MAX_EXAMPLES,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def check(case):
            case.call_and_validate(headers=headers, checks=CHECKS)

        check()
