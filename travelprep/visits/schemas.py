"""The JSON API's documentation of the visit format, for clients and the schema fuzzer."""

from __future__ import annotations

from typing import Any

VISIT_BODY = {
    "requestBody": {
        "required": True,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Visit"}}},
    }
}


def document_visit(openapi: dict[str, Any]) -> dict[str, Any]:
    """Add the Visit schema (and the schemas it uses) to the OpenAPI components."""
    from travelprep.engine.visit import Visit

    schema = Visit.model_json_schema(ref_template="#/components/schemas/{model}")
    components = openapi.setdefault("components", {}).setdefault("schemas", {})
    for name, definition in schema.pop("$defs", {}).items():
        components.setdefault(name, definition)
    components["Visit"] = schema
    return openapi
