"""Each request gets an id (X-Request-ID), one JSON access-log line (request id, actor,
route template, status, latency), and, when something breaks, a JSON 500 that names the
request id and nothing of the internals, while the traceback goes to the log."""

from __future__ import annotations

import logging
import re
import time
import uuid

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.errors import database_unavailable, unavailable_answer
from api.middleware.asgi import header, send_json

ACTOR_KEY = "jalon.actor"
CHECKED_KEY = "jalon.checked"  # the caller, once authenticated, and the read stamp of it
access_log = logging.getLogger("jalon.access")
error_log = logging.getLogger("jalon.error")
_CLIENT_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


def request_id_of(scope: Scope) -> str:
    """The caller's X-Request-ID when it is a sane token, else a new one."""
    given = header(scope, b"x-request-id")
    return given if given and _CLIENT_ID.match(given) else uuid.uuid4().hex


def route_of(scope: Scope) -> str:
    route = scope.get("route")
    return str(getattr(route, "path", "-")) if route is not None else "-"


class RequestContext:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = request_id_of(scope)
        scope["jalon.request_id"] = request_id
        started_at = time.perf_counter()
        status = 500
        response_started = False

        async def tagged(message: Message) -> None:
            nonlocal status, response_started
            if message["type"] == "http.response.start":
                response_started = True
                status = message["status"]
                message["headers"] = [
                    *message.get("headers", []),
                    (b"x-request-id", request_id.encode()),
                ]
            await send(message)

        try:
            await self.app(scope, receive, tagged)
        except Exception as error:
            if database_unavailable(error) and not response_started:  # raised by a middleware
                status, body, headers = unavailable_answer(error)
                await send_json(
                    send, status, body, [*headers.items(), ("X-Request-ID", request_id)]
                )
                return
            error_log.exception(
                "unhandled error",
                extra={"fields": {"request_id": request_id, "route": route_of(scope)}},
            )
            if response_started:
                raise
            await send_json(
                send,
                500,
                {"detail": "internal error; quote this request id", "request_id": request_id},
                [("X-Request-ID", request_id)],
            )
        finally:
            access_log.info(
                "request",
                extra={
                    "fields": {
                        "request_id": request_id,
                        "method": scope["method"],
                        "route": route_of(scope),
                        "status": status,
                        "latency_ms": round((time.perf_counter() - started_at) * 1000, 1),
                        "actor": scope.get(ACTOR_KEY, "-"),
                        "client": scope["client"][0] if scope.get("client") else "-",
                    }
                },
            )
