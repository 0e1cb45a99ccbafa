"""The OpenAPI document tells the whole truth: every error a route can answer, with its
body (ErrorOut), and the Idempotency-Key header of POST commands. Derived from each route's
declarations, so that new routes are described the same way without anyone thinking of it."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.routing import APIRoute

from api.deps import Allow, operation_of
from api.middleware.idempotency import HEADER, KEY_PATTERN, replayable
from api.middleware.preconditions import IF_MATCH_PATTERN, takes_version
from api.schemas.common import ErrorOut

WHY = {
    401: "no valid bearer token",
    403: "the caller's roles do not allow this on this object",
    404: "no such object",
    409: "the object's state refuses it, its version is stale, or the same Idempotency-Key "
    "is still running",
    412: "If-Match names a version the object is no longer at (see current_version)",
    413: "the request body is too large",
    422: "invalid input: the field at fault is named",
    503: "the database is unavailable for a moment",
}


def statuses_of(route: APIRoute, method: str) -> set[int]:
    statuses = {503}
    if isinstance(operation_of(route), Allow):
        statuses |= {401, 403}
    if route.dependant.path_params:
        statuses.add(404)
    if method != "GET":
        statuses |= {409, 413, 422}
    if route.dependant.path_params or route.dependant.query_params or route.body_field:
        statuses.add(422)
    if takes_version(route):
        statuses.add(412)
    statuses |= {int(code) for code in route.responses if str(code).isdigit() and int(code) >= 400}
    return statuses


def _error(status: int) -> dict[str, Any]:
    return {
        "description": WHY[status],
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}},
    }


def _idempotency_header() -> dict[str, Any]:
    return {
        "name": HEADER,
        "in": "header",
        "required": False,
        "description": "retrying with the same key (same caller, same request) replays the "
        "first answer and records nothing new",
        "schema": {"type": "string", "pattern": KEY_PATTERN, "maxLength": 255},
    }


def _if_match_header() -> dict[str, Any]:
    return {
        "name": "If-Match",
        "in": "header",
        "required": False,
        "description": 'the version the command expects the object at, e.g. "3" (as '
        "expected_version; 412 when it has moved on)",
        "schema": {"type": "string", "pattern": IF_MATCH_PATTERN},
    }


def describe(document: dict[str, Any], routes: list[APIRoute]) -> None:
    schemas = document.setdefault("components", {}).setdefault("schemas", {})
    error_schema = ErrorOut.model_json_schema(ref_template="#/components/schemas/{model}")
    schemas.update(error_schema.pop("$defs", {}))
    schemas["ErrorOut"] = error_schema
    for route in routes:
        for method in route.methods or ():
            operation = document["paths"][route.path_format][method.lower()]
            responses = operation.setdefault("responses", {})
            for status in sorted(statuses_of(route, method)):
                if status == 422 or str(status) not in responses:
                    responses[str(status)] = _error(status)
            if method == "POST" and isinstance(operation_of(route), Allow) and replayable(route):
                operation.setdefault("parameters", []).append(_idempotency_header())
            if takes_version(route):
                operation.setdefault("parameters", []).append(_if_match_header())
    for unused in ("HTTPValidationError", "ValidationError"):
        schemas.pop(unused, None)


def install_openapi(app: FastAPI, routes: list[APIRoute]) -> None:
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            describe(generate(), routes)
        return app.openapi_schema  # type: ignore[return-value]

    app.openapi = openapi  # type: ignore[method-assign]
