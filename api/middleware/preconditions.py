"""`If-Match: "<version>"` on update commands: the same optimistic concurrency as the body's
`expected_version` (one mechanism: the header is moved into the body), answered 412 with
`current_version` when the object has moved on."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence

from fastapi.routing import APIRoute
from pydantic import BaseModel
from starlette.routing import Match
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.middleware.asgi import header, read_body, replaying, send_json

FIELD = "expected_version"
IF_MATCH_PATTERN = r'^(W/)?"?[1-9][0-9]{0,8}"?$'
_IF_MATCH = re.compile(IF_MATCH_PATTERN)


def takes_version(route: APIRoute) -> bool:
    """Whether the route's body has an `expected_version` (it is an update command)."""
    model = route.body_field.field_info.annotation if route.body_field else None
    return isinstance(model, type) and issubclass(model, BaseModel) and FIELD in model.model_fields


def _refuse(detail: str) -> dict[str, object]:
    return {"detail": detail, "field": "If-Match"}


class Preconditions:
    def __init__(self, app: ASGIApp, routes: Sequence[APIRoute]) -> None:
        self.app = app
        self.routes = routes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        wanted = header(scope, b"if-match") if scope["type"] == "http" else None
        if wanted is None or wanted.strip() == "*":
            await self.app(scope, receive, send)
            return
        route = next((r for r in self.routes if r.matches(scope)[0] is Match.FULL), None)
        if route is None or not takes_version(route):
            await self.app(scope, receive, send)  # 404, 405, or a read: If-Match means nothing
            return
        if not _IF_MATCH.match(wanted.strip()):
            await send_json(send, 422, _refuse('If-Match must be a version, e.g. "3"'))
            return
        version = int(wanted.strip().removeprefix("W/").strip('"'))
        raw = await read_body(receive)
        try:
            body = json.loads(raw or b"{}")
        except ValueError:
            body = None
        if not isinstance(body, dict):
            await self.app(scope, replaying(raw, receive), send)  # the route refuses it (422)
            return
        if body.get(FIELD) not in (None, version):
            await send_json(send, 422, _refuse(f"If-Match and {FIELD} disagree"))
            return
        rewritten = json.dumps(body | {FIELD: version}).encode()
        scope = dict(scope)
        scope["headers"] = [
            (k, v) for k, v in scope["headers"] if k not in (b"content-length", b"content-type")
        ] + [(b"content-length", str(len(rewritten)).encode()),
             (b"content-type", b"application/json")]  # fmt: skip
        await self.app(scope, replaying(rewritten, receive), _stale_as_412(send))


def _stale_as_412(send: Send) -> Send:
    """A stale version (409 naming `current_version`) is a failed precondition here."""
    start: Message | None = None

    async def answer(message: Message) -> None:
        nonlocal start
        if message["type"] == "http.response.start" and message["status"] == 409:
            start = message  # held until the body says whether it is a stale version
            return
        if start is not None and message["type"] == "http.response.body":
            held, start = start, None
            try:
                stale = "current_version" in json.loads(message["body"])
            except ValueError:
                stale = False
            if stale:
                held = {**held, "status": 412}
            await send(held)
        await send(message)

    return answer
