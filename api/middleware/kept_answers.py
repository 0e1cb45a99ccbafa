"""Kept answers: a read served again without the routes while nothing it depends on changed.

A route marked with `KEPT_ANSWER` (api/deps.py) answers from the views alone, given its query
string and what the caller may see (its visibility, domain/visibility.py), like a shared HTTP
cache in front of it. The first such request goes through the route; its 200 JSON answer is
kept under the read stamp its caller was checked under (api/deps.py: read after the request
arrived, so the answer is at least that recent), the path, the query string and the
visibility. A later request gets the kept bytes when its caller's token is known to hold
(infrastructure/authentication.py), the matrix allows them the route's operation and the
stamp is the same. Anything else (no token, a token not known to hold, a refusal, another
stamp) goes through the routes, which answer it and its errors as usual.

On SQLite a kept answer is served without a query while nothing was committed since the stamp
was last read; on PostgreSQL after one read of the stamp from the event loop, shared by the
requests waiting for it (infrastructure/read_stamps.py). Only GET routes without path
parameters can be marked."""

from __future__ import annotations

from collections.abc import Hashable, Mapping

from starlette.concurrency import run_in_threadpool
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.middleware.asgi import header
from api.middleware.context import ACTOR_KEY, CHECKED_KEY
from api.response_cache import ResponseCache
from domain.authorization import Operation, may
from domain.errors import DomainError
from domain.visibility import visibility
from infrastructure.authentication import Authenticated
from infrastructure.bootstrap import Jalon

_JSON = b"application/json"


class KeptAnswers:
    """`operations`: the marked routes' paths and the operations they allow
    (api/deps.py's `kept_operations`)."""

    def __init__(self, app: ASGIApp, jalon: Jalon, operations: Mapping[str, Operation]) -> None:
        self.app = app
        self.jalon = jalon
        self.operations = dict(operations)
        self.answers = ResponseCache()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        operation = self.operations.get(scope["path"]) if scope["type"] == "http" else None
        if operation is None or scope["method"] != "GET":
            await self.app(scope, receive, send)
            return
        checked = await self._caller(scope)
        if checked is None or not may(checked.principal, operation):
            await self.app(scope, receive, send)  # the route answers 401 or 403
            return
        scope[CHECKED_KEY] = checked  # the route's Allow need not check the token again
        key = (scope["path"], scope["query_string"], visibility(checked.principal, operation))
        body = self.answers.get(checked.stamp, key)
        if body is None:
            await self._through(scope, receive, send, key)
            return
        scope[ACTOR_KEY] = checked.principal.actor  # for the access log
        await send(
            {
                "type": "http.response.start",
                "status": 200,
                "headers": [
                    (b"content-type", _JSON),
                    (b"content-length", str(len(body)).encode()),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})

    async def _caller(self, scope: Scope) -> Authenticated | None:
        scheme, _, bearer = (header(scope, b"authorization") or "").partition(" ")
        if scheme.lower() != "bearer" or not bearer.strip():
            return None
        authenticator = self.jalon.authenticator
        checked = await authenticator.remembered(bearer.strip())
        if checked is not None:
            return checked
        try:
            return await run_in_threadpool(authenticator.check, bearer.strip())
        except DomainError:
            return None  # the route refuses it

    async def _through(self, scope: Scope, receive: Receive, send: Send, key: Hashable) -> None:
        """Let the route answer; keep a complete 200 JSON answer."""
        status = 0
        json_answer = False
        chunks: list[bytes] = []

        async def keeping(message: Message) -> None:
            nonlocal status, json_answer
            if message["type"] == "http.response.start":
                status = message["status"]
                content_type = dict(message.get("headers", [])).get(b"content-type", b"")
                json_answer = content_type.split(b";")[0].strip() == _JSON
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
            await send(message)

        await self.app(scope, receive, keeping)
        checked: Authenticated | None = scope.get(CHECKED_KEY)
        if status == 200 and json_answer and checked is not None:
            self.answers.put(checked.stamp, key, b"".join(chunks))
