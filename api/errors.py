"""The one place where failures become HTTP statuses."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from domain.errors import (
    Conflict,
    DomainError,
    Forbidden,
    InvalidCommand,
    NotFound,
    StaleVersion,
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
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    return JSONResponse(body, status_code=status, headers=headers)


def _unavailable(request: Request, error: Exception) -> JSONResponse:
    return JSONResponse(
        {"detail": "the database is unavailable; try again shortly"},
        status_code=503,
        headers={"Retry-After": "5"},
    )


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(DomainError, _domain_error)
    app.add_exception_handler(DatabaseUnavailable, _unavailable)
