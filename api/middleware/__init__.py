"""Everything every request goes through, in one place (outermost first):

security headers → request context (request id, JSON access log, 500 without internals)
→ CORS (only when configured) → request limits (413, NUL) → If-Match → idempotency → kept
answers → the routes.
"""

from __future__ import annotations

from collections.abc import Mapping

from fastapi import FastAPI
from fastapi.routing import APIRoute
from starlette.middleware.cors import CORSMiddleware

from api.middleware.context import RequestContext
from api.middleware.headers import SecurityHeaders
from api.middleware.idempotency import Idempotency
from api.middleware.kept_answers import KeptAnswers
from api.middleware.limits import RequestLimits
from api.middleware.preconditions import Preconditions
from domain.authorization import Operation
from infrastructure.bootstrap import Jalon


def install_middleware(
    app: FastAPI, jalon: Jalon, routes: list[APIRoute], kept: Mapping[str, Operation]
) -> None:
    """`kept`: the routes whose answers may be kept (api/deps.py's `kept_operations`)."""
    # add_middleware puts each new one outside the previous ones: add innermost first.
    app.add_middleware(KeptAnswers, jalon=jalon, operations=kept)
    app.add_middleware(Idempotency, jalon=jalon, routes=routes)
    app.add_middleware(Preconditions, routes=routes)
    app.add_middleware(RequestLimits, max_body_bytes=jalon.settings.max_body_bytes)
    origins = jalon.settings.cors_origin_list
    if origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=origins,
            allow_methods=["GET", "POST", "PUT", "PATCH"],
            allow_headers=["Authorization", "Content-Type", "Idempotency-Key", "If-Match"],
            expose_headers=["X-Request-ID", "Retry-After", "X-Jalon-Views-Pending"],
        )
    app.add_middleware(RequestContext)
    app.add_middleware(SecurityHeaders)
