"""The one place where failures become HTTP statuses."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from domain.errors import (
    Conflict,
    DomainError,
    Forbidden,
    InvalidCommand,
    NotFound,
    StaleVersion,
    TooManyAttempts,
    Unauthenticated,
)
from infrastructure.database import DatabaseUnavailable

STATUS_BY_ERROR: list[tuple[type[DomainError], int]] = [
    (Unauthenticated, 401),
    (Forbidden, 403),
    (NotFound, 404),
    (StaleVersion, 409),
    (Conflict, 409),
    (InvalidCommand, 422),
    (TooManyAttempts, 429),
]


def status_for(error: DomainError) -> int:
    for error_type, status in STATUS_BY_ERROR:
        if isinstance(error, error_type):
            return status
    return 400


def _domain_error(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, DomainError)
    status = status_for(error)
    body: dict[str, object] = {"detail": error.message}
    if error.field:
        body["field"] = error.field
    if isinstance(error, StaleVersion):
        body["current_version"] = error.current_version
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else {}
    if isinstance(error, TooManyAttempts):
        headers["Retry-After"] = str(error.retry_after)
    return JSONResponse(body, status_code=status, headers=headers)


def _field_name(location: tuple[int | str, ...]) -> str:
    """`("body", "weather", "cost")` → `weather.cost`; `("query", "limit")` → `limit`."""
    parts = [str(p) for p in location]
    if len(parts) > 1 and parts[0] in ("body", "query", "path", "header"):
        parts = parts[1:]
    return ".".join(parts)


def _invalid_request(request: Request, error: Exception) -> JSONResponse:
    """Unknown, missing or ill-typed fields: 422 naming each field (never echoing the
    input, which may be a password)."""
    assert isinstance(error, RequestValidationError)
    errors = [{"field": _field_name(e["loc"]), "message": e["msg"]} for e in error.errors()]
    first = errors[0] if errors else {"field": "body", "message": "invalid request"}
    return JSONResponse(
        {
            "detail": f"{first['field']}: {first['message']}",
            "field": first["field"],
            "errors": errors,
        },
        status_code=422,
    )


def _unavailable(request: Request, error: Exception) -> JSONResponse:
    return JSONResponse(
        {"detail": "the database is unavailable; try again shortly"},
        status_code=503,
        headers={"Retry-After": "5"},
    )


def _http_error(request: Request, error: Exception) -> JSONResponse:
    """Starlette's and FastAPI's own refusals (unknown path, method, unreadable body), as
    ErrorOut; a body that is not JSON in UTF-8 is invalid input like any other (422)."""
    assert isinstance(error, HTTPException)
    if error.status_code == 400:
        return JSONResponse(
            {"detail": "body: not a JSON document in UTF-8", "field": "body"}, status_code=422
        )
    return JSONResponse(
        {"detail": str(error.detail)}, status_code=error.status_code, headers=error.headers
    )


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(DomainError, _domain_error)
    app.add_exception_handler(RequestValidationError, _invalid_request)
    app.add_exception_handler(DatabaseUnavailable, _unavailable)
