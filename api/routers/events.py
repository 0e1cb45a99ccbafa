"""The event feed for other systems (a data warehouse, another hospital application): every
event in global order, by page or as server-sent events that follow new ones. Read-only, for
the roles the matrix allows (`events.read`). Events hold no secret: token and password hashes
live outside the log."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from typing import Annotated

from fastapi import APIRouter, Depends, Header, Query
from fastapi.responses import StreamingResponse

from api.deps import Allow, JalonDep
from api.routing import JalonRoute
from api.schemas.audit import EventOut, EventPageOut
from domain.authorization import Operation
from domain.principal import Principal
from infrastructure.bootstrap import Jalon
from projections.queries.events import feed_page

router = APIRouter(route_class=JalonRoute, prefix="/api/v1/events", tags=["event feed"])

Reader = Annotated[Principal, Depends(Allow(Operation.EVENTS_READ))]
After = Annotated[int, Query(ge=0, le=2**62, description="the last position already read")]
POLL_SECONDS = 0.5
HEARTBEAT_SECONDS = 15.0
STREAM_BATCH = 500


@router.get("")
def events(
    principal: Reader,
    jalon: JalonDep,
    after: After = 0,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> EventPageOut:
    """Events after `after`, oldest first: position, time, type, object and payload (plain
    JSON: amounts and dates as text). Read the next page with `after=next_after`."""
    with jalon.database.reading() as cursor:
        items, head = feed_page(cursor, jalon.runner.log, after, limit)
    next_after = items[-1]["position"] if items else after
    return EventPageOut(
        items=[EventOut.model_validate(i) for i in items], next_after=next_after, head=head
    )


@router.get(
    "/stream",
    response_class=StreamingResponse,
    responses={200: {"content": {"text/event-stream": {}}, "description": "server-sent events"}},
)
def stream(
    principal: Reader,
    jalon: JalonDep,
    after: Annotated[
        int | None, Query(ge=0, le=2**62, description="default: Last-Event-ID, else 0")
    ] = None,
    last_event_id: Annotated[str | None, Header(max_length=20, pattern=r"^\d+$")] = None,
) -> StreamingResponse:
    """Server-sent events: each event as `id: POSITION`, `event: TYPE`, `data: JSON` (as in
    the paged feed), then new ones as they are recorded. The connection ends after
    JALON_EVENT_STREAM_SECONDS; clients reconnect with Last-Event-ID and miss nothing."""
    start = after if after is not None else int(last_event_id or 0)
    return StreamingResponse(
        _follow(jalon, start),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"},
    )


def _follow(jalon: Jalon, position: int) -> Iterator[str]:
    deadline = time.monotonic() + jalon.settings.event_stream_seconds
    quiet_since = time.monotonic()
    yield f"retry: {int(POLL_SECONDS * 2000)}\n\n"
    while time.monotonic() < deadline:
        with jalon.database.reading() as cursor:
            items, _ = feed_page(cursor, jalon.runner.log, position, STREAM_BATCH)
        for item in items:
            data = json.dumps(item, separators=(",", ":"))
            yield f"id: {item['position']}\nevent: {item['type']}\ndata: {data}\n\n"
            position = item["position"]
        if items:
            quiet_since = time.monotonic()
            continue
        if time.monotonic() - quiet_since >= HEARTBEAT_SECONDS:
            yield ": still here\n\n"
            quiet_since = time.monotonic()
        time.sleep(min(POLL_SECONDS, max(deadline - time.monotonic(), 0)))
