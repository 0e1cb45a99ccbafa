"""`Idempotency-Key` on POST commands: the first request with a key runs and its answer is
stored; a retry by the same caller with the same key and the same request gets that answer
again (`Idempotency-Replayed: true`) and records nothing; the same key with another request
is 422; a retry while the first still runs is 409 (Retry-After)."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from datetime import UTC, datetime

from anyio import to_thread
from starlette.routing import BaseRoute, Match
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.middleware.asgi import header, read_body, replaying, send_json
from domain.errors import DomainError
from infrastructure.bootstrap import Jalon
from infrastructure.idempotency import StoredResponse

HEADER = "Idempotency-Key"
KEY_PATTERN = r"^[\x21-\x7e]{1,255}$"
_KEY = re.compile(KEY_PATTERN)
NOT_REPLAYABLE = "x-jalon-not-replayable"  # openapi_extra of routes whose answer is a secret


def _now() -> datetime:
    return datetime.now(UTC)


def replayable(route: object) -> bool:
    extra = getattr(route, "openapi_extra", None) or {}
    return not extra.get(NOT_REPLAYABLE, False)


class Idempotency:
    def __init__(self, app: ASGIApp, jalon: Jalon, routes: Sequence[BaseRoute]) -> None:
        self.app = app
        self.jalon = jalon
        self.routes = routes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        key = header(scope, b"idempotency-key") if scope["type"] == "http" else None
        if key is None or scope["method"] != "POST":
            await self.app(scope, receive, send)
            return
        if not _KEY.match(key):
            await send_json(
                send,
                422,
                {"detail": f"{HEADER} must be 1 to 255 visible ASCII characters", "field": HEADER},
            )
            return
        route = self._route(scope)
        if route is not None and not replayable(route):
            await send_json(
                send,
                422,
                {
                    "detail": f"this command's answer is a secret shown once: it cannot be "
                    f"replayed, send it without {HEADER}",
                    "field": HEADER,
                },
            )
            return
        caller = await to_thread.run_sync(self._caller, scope)
        if caller is None or route is None:  # the app answers 401 / 404 itself
            await self.app(scope, receive, send)
            return
        body = await read_body(receive)
        fingerprint = hashlib.sha256(
            b"\n".join([scope["path"].encode(), scope.get("query_string", b""), body])
        ).hexdigest()
        store = self.jalon.idempotency
        earlier = await to_thread.run_sync(store.claim, caller, key, fingerprint, _now())
        if earlier is not None:
            await self._answer_retry(send, earlier.fingerprint == fingerprint, earlier.response)
            return
        await self._run_first(scope, replaying(body, receive), send, caller, key)

    def _route(self, scope: Scope) -> BaseRoute | None:
        return next((r for r in self.routes if r.matches(scope)[0] is Match.FULL), None)

    def _caller(self, scope: Scope) -> str | None:
        authorization = header(scope, b"authorization") or ""
        scheme, _, bearer = authorization.partition(" ")
        if scheme.lower() != "bearer":
            return None
        try:
            principal = self.jalon.authenticator.authenticate(bearer.strip())
        except DomainError:
            return None
        return principal.actor

    async def _answer_retry(
        self, send: Send, same_request: bool, response: StoredResponse | None
    ) -> None:
        if not same_request:
            await send_json(
                send,
                422,
                {
                    "detail": f"this {HEADER} was used for a different request: "
                    "use a new key for a new request",
                    "field": HEADER,
                },
            )
        elif response is None:
            await send_json(
                send,
                409,
                {"detail": f"a request with this {HEADER} is still running; retry shortly"},
                [("Retry-After", "1")],
            )
        else:
            body = response.body.encode()
            headers = [(k.encode("latin-1"), v.encode("latin-1")) for k, v in response.headers]
            headers += [
                (b"content-length", str(len(body)).encode()),
                (b"idempotency-replayed", b"true"),
            ]
            await send(
                {"type": "http.response.start", "status": response.status, "headers": headers}
            )
            await send({"type": "http.response.body", "body": body})

    async def _run_first(
        self, scope: Scope, receive: Receive, send: Send, caller: str, key: str
    ) -> None:
        store = self.jalon.idempotency
        start: Message | None = None
        chunks: list[bytes] = []
        finished = False

        async def capturing(message: Message) -> None:
            nonlocal start, finished
            if message["type"] == "http.response.start":
                start = message
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
                if not message.get("more_body", False) and start is not None:
                    # Stored before the client gets it: a dropped connection loses nothing.
                    finished = await to_thread.run_sync(self._keep, caller, key, start, chunks)
            await send(message)

        try:
            await self.app(scope, receive, capturing)
        finally:
            if not finished:
                await to_thread.run_sync(store.release, caller, key)

    def _keep(self, caller: str, key: str, start: Message, chunks: list[bytes]) -> bool:
        """Store a final answer; a server error (5xx) is not final: the key is released."""
        status = int(start["status"])
        try:
            body = b"".join(chunks).decode()
        except UnicodeDecodeError:
            return False
        if status >= 500:
            return False
        headers = [
            (k.decode("latin-1"), v.decode("latin-1"))
            for k, v in start.get("headers", [])
            if k.lower() not in (b"content-length", b"date", b"server")
        ]
        self.jalon.idempotency.complete(caller, key, StoredResponse(status, headers, body), _now())
        return True
