"""The one place where failures become HTTP statuses."""

from __future__ import annotations

import sqlite3

import eventsourcing.persistence
import psycopg
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


# The database cannot serve now (server down or restarting, connection lost, pool
# exhausted, SQLite locked or its disk full): 503, whether our SQL layer or the event store's
# library saw it, in a route or in a middleware (api/middleware/context.py asks here).
UNAVAILABLE: tuple[type[Exception], ...] = (
    DatabaseUnavailable,
    eventsourcing.persistence.OperationalError,
    eventsourcing.persistence.InterfaceError,
    psycopg.OperationalError,
    sqlite3.OperationalError,
)
_SQLITE_UNAVAILABLE = ("locked", "busy", "disk", "full", "unable to open", "i/o")


def database_unavailable(error: BaseException) -> bool:
    if not isinstance(error, UNAVAILABLE):
        return False
    if isinstance(error, DatabaseUnavailable | psycopg.OperationalError):
        return True
    if isinstance(error.__cause__, psycopg.Error):
        return True
    # SQLite says "operational error" for mistakes in SQL too: those stay 500.
    message = str(error).lower()
    return any(word in message for word in _SQLITE_UNAVAILABLE)


def unavailable_answer(error: BaseException) -> tuple[int, dict[str, object], dict[str, str]]:
    """Status, body and headers of the answer when the database cannot serve."""
    if "full" in str(error).lower():
        detail = "the database has no space left; try again once space is freed"
    else:
        detail = "the database is unavailable; try again shortly"
    return 503, {"detail": detail}, {"Retry-After": "5"}


def _unavailable(request: Request, error: Exception) -> JSONResponse:
    if not database_unavailable(error):
        raise error  # a programming error: the request context answers 500
    status, body, headers = unavailable_answer(error)
    return JSONResponse(body, status_code=status, headers=headers)


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
    for error_type in UNAVAILABLE:
        app.add_exception_handler(error_type, _unavailable)
