"""The event feed: pages in global order, plain JSON payloads, no secrets, server-sent
events that follow new events and resume after Last-Event-ID; read by auditors, the PMO and
administrators only."""

from __future__ import annotations

import json
import threading
import time
from decimal import Decimal
from typing import Any

from fastapi.testclient import TestClient

from api.app import create_app
from domain.principal import SYSTEM
from infrastructure.bootstrap import Jalon, bootstrap
from tests.e2e.conftest import Api
from tests.integration.helpers import register
from tests.support import Group

PASSWORD = "correct horse battery staple"


def _all(api: Api, limit: int = 1000) -> list[dict[str, Any]]:
    items, after = [], 0
    while True:
        page = api.get(f"/api/v1/events?after={after}&limit={limit}", "auditor").json()
        items += page["items"]
        if not page["items"]:
            assert page["next_after"] == after == page["head"]
            return items
        after = page["next_after"]


def _floats(value: Any) -> list[float]:
    if isinstance(value, dict):
        return [f for v in value.values() for f in _floats(v)]
    if isinstance(value, list):
        return [f for v in value for f in _floats(v)]
    return [value] if isinstance(value, float) else []


def test_pages_in_global_order_with_plain_payloads(api: Api, jalon: Jalon, group: Group) -> None:
    for who in ("auditor", "pmo", "admin"):
        assert api.get("/api/v1/events?limit=1", who).status_code == 200
    for who in ("manager", "member", "staff"):
        assert api.get("/api/v1/events", who).status_code == 403
    project = register(jalon, group, code="FEED-01").id
    jalon.projects.record_budget(
        group.pmo, project, year=2025, envelope=Decimal("1234.50"), committed="0", spent="0",
        forecast=Decimal("1234.50"), reason="first envelope",
    )  # fmt: skip
    items = _all(api, limit=7)
    positions = [i["position"] for i in items]
    assert positions == sorted(positions) and len(set(positions)) == len(positions)
    assert positions[-1] == jalon.runner.log.head_position()
    [budget] = [i for i in items if i["type"] == "Project.BudgetRecorded"]
    assert budget["object_id"] == str(project)
    assert budget["payload"]["envelope"] == "1234.50"
    assert budget["payload"]["actor"] == str(group.pmo.person_id)
    assert budget["recorded_at"].endswith("Z")
    assert _floats([i["payload"] for i in items]) == []
    assert api.get("/api/v1/events?limit=1001", "auditor").status_code == 422
    assert api.get("/api/v1/events?after=-1", "auditor").status_code == 422


def test_the_feed_holds_no_secret(api: Api, jalon: Jalon, group: Group) -> None:
    assert group.staff.person_id is not None
    jalon.people.set_password(SYSTEM, group.staff.person_id, password=PASSWORD)
    _, token, _ = jalon.people.issue_token(SYSTEM, group.staff.person_id, valid_days=1)
    secret = token.secret  # (the bearer's last "_" may fall inside the secret)
    with jalon.database.reading() as cursor:
        hashes = [r["password_hash"] for r in cursor.execute(
            "SELECT password_hash FROM person_passwords").fetchall()]  # fmt: skip
    feed = json.dumps(_all(api))
    assert "Person.PasswordChanged" in feed and "Person.TokenIssued" in feed
    for forbidden in [PASSWORD, secret, token.bearer, *hashes]:
        assert forbidden not in feed


def _events(text: str) -> list[dict[str, str]]:
    found = []
    for block in text.split("\n\n"):
        fields = dict(
            line.split(": ", 1)
            for line in block.splitlines()
            if ": " in line and not line.startswith(":")
        )
        if "id" in fields:
            found.append(fields)
    return found


def test_the_stream_follows_new_events_and_resumes_after_last_event_id(
    jalon: Jalon, api: Api, group: Group, database_url: str
) -> None:
    head = jalon.runner.log.head_position()
    following = bootstrap(jalon.settings.model_copy(update={"event_stream_seconds": 1.5}))
    try:
        client = TestClient(create_app(following, background_projections=False))
        threading.Timer(0.2, lambda: register(jalon, group, code="FEED-02")).start()
        started = time.monotonic()
        response = client.get(
            f"/api/v1/events/stream?after={head - 2}", headers=api.headers("auditor")
        )
        assert time.monotonic() - started >= 1.4  # it stayed open, waiting for more
    finally:
        following.close()
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/event-stream")
    events = _events(response.text)
    assert [int(e["id"]) for e in events][:2] == [head - 1, head]
    registered = [e for e in events if e["event"] == "Project.Registered"]
    assert len(registered) == 1
    assert json.loads(registered[0]["data"])["position"] > head
    resumed = api.client.get(
        "/api/v1/events/stream", headers={**api.headers("auditor"), "Last-Event-ID": str(head)}
    )
    assert [int(e["id"]) for e in _events(resumed.text)] == [
        int(e["id"]) for e in events if int(e["id"]) > head
    ]
    assert api.get("/api/v1/events/stream", "staff").status_code == 403
