"""What every request goes through: size limits, bounded inputs, no mass assignment,
security headers, no CORS unless configured, JSON errors without internals, access logs."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.jsonlog import JsonFormatter
from infrastructure.bootstrap import Jalon, bootstrap
from tests.e2e.conftest import Api
from tests.e2e.test_projects_api import new_project
from tests.support import Group


def test_bodies_above_the_limit_are_413_declared_or_streamed(api: Api, jalon: Jalon) -> None:
    limit = jalon.settings.max_body_bytes
    declared = api.client.post(
        "/api/v1/establishments", headers=api.headers("admin"), content=b"{" + b" " * limit + b"}"
    )
    assert declared.status_code == 413 and str(limit) in declared.json()["detail"]

    def chunks() -> Iterator[bytes]:  # no Content-Length: counted as it streams in
        yield b'{"code": "X", "name": "'
        for _ in range(limit // 1000 + 1):
            yield b"n" * 1000
        yield b'"}'

    streamed = api.client.post(
        "/api/v1/establishments", headers=api.headers("admin"), content=chunks()
    )
    assert streamed.status_code == 413


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("/api/v1/portfolio", {"limit": 501}),
        ("/api/v1/portfolio", {"offset": -1}),
        ("/api/v1/people", {"limit": 0}),
        ("/api/v1/portfolio", {"search": "x" * 101}),
        ("/api/v1/projects/" + "x" * 65, {}),
        ("/api/v1/portfolio", {"search": "a\x00b"}),
    ],
)
def test_page_sizes_and_query_strings_are_bounded(
    api: Api, path: str, params: dict[str, object]
) -> None:
    assert api.get(path, "pmo", params=params).status_code == 422


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"phase": "build"}, "phase"),
        ({"actor": "someone-else"}, "actor"),
        ({"approver_id": "00000000-0000-4000-8000-000000000000"}, "approver_id"),
        ({"version": 1}, "version"),
    ],
)
def test_a_project_manager_cannot_set_what_the_payload_does_not_offer(
    api: Api, group: Group, extra: dict[str, object], field: str
) -> None:
    project = new_project(api, group)
    body = {"month": "2025-01", "comment": "ok",
            "weather": {"quality": "green", "cost": "green", "deadline": "green", "risk": "green"}}  # fmt: skip
    response = api.post(f"/api/v1/projects/{project}/status-reports", "manager", body | extra)
    assert response.status_code == 422
    assert response.json()["field"] == field
    assert api.get(f"/api/v1/projects/{project}", "manager").json()["phase"] == "opportunity"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"name": "x" * 201, "baseline": "2025-01-01"}, "name"),
        ({"name": "M", "baseline": "1999-12-31"}, "baseline"),
        ({"name": "M", "baseline": "2025-02-30"}, "baseline"),
        ({"name": "M", "baseline": "2025-01-01", "expected_version": 0}, "expected_version"),
        ({"name": "M\x00", "baseline": "2025-01-01"}, "body"),
    ],
)
def test_strings_dates_and_numbers_are_bounded(
    api: Api, group: Group, body: dict[str, object], field: str
) -> None:
    project = new_project(api, group)
    response = api.post(f"/api/v1/projects/{project}/milestones", "manager", body)
    assert response.status_code == 422, response.text
    assert response.json()["field"] == field


def test_money_is_a_decimal_string_never_a_float(api: Api, group: Group) -> None:
    project = new_project(api, group)
    base = {"committed": "0", "spent": "0", "forecast": "0", "reason": "r"}
    for envelope in (1000.5, "1e6", "12.345", "-1", "NaN", "1" * 14):
        response = api.put(f"/api/v1/projects/{project}/budget/2025", "manager",
                           base | {"envelope": envelope})  # fmt: skip
        assert response.status_code == 422 and response.json()["field"] == "envelope", envelope
    assert api.put(f"/api/v1/projects/{project}/budget/1999", "manager",
                   base | {"envelope": "1"}).status_code == 422  # fmt: skip


def test_true_and_false_are_not_numbers(api: Api, group: Group) -> None:
    project = new_project(api, group)
    for body, field in (
        ({"title": "T", "gravity": True, "probability": 2,
          "owner_id": str(group.member.person_id)}, "gravity"),
        ({"valid_days": False}, "valid_days"),
    ):  # fmt: skip
        path = (
            f"/api/v1/projects/{project}/risks"
            if field == "gravity"
            else f"/api/v1/people/{group.manager.person_id}/tokens"
        )
        response = api.post(path, "admin" if field == "valid_days" else "manager", body)
        assert response.status_code == 422 and response.json()["field"] == field, response.text


def test_answers_carry_security_headers_and_no_cors(api: Api) -> None:
    response = api.client.get(
        "/api/v1/health", headers={"Origin": "https://evil.example", "X-Request-ID": "abc-12345"}
    )
    headers = response.headers
    assert "script-src 'self'" in headers["Content-Security-Policy"]
    assert "'unsafe-inline'" not in headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["Cache-Control"] == "no-store"
    assert headers["X-Request-ID"] == "abc-12345"
    assert "access-control-allow-origin" not in headers
    preflight = api.client.options(
        "/api/v1/portfolio",
        headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "GET"},
    )
    assert "access-control-allow-origin" not in preflight.headers


def test_cors_answers_only_the_configured_origins(jalon: Jalon) -> None:
    settings = jalon.settings.model_copy(update={"cors_origins": "https://pmo.chru.example"})
    other = bootstrap(settings)
    try:
        client = TestClient(create_app(other, background_projections=False))
        ask = {"Access-Control-Request-Method": "POST"}
        allowed = client.options("/api/v1/portfolio",
                                 headers={"Origin": "https://pmo.chru.example"} | ask)  # fmt: skip
        refused = client.options("/api/v1/portfolio",
                                 headers={"Origin": "https://evil.example"} | ask)  # fmt: skip
        assert allowed.headers["access-control-allow-origin"] == "https://pmo.chru.example"
        assert "access-control-allow-origin" not in refused.headers
    finally:
        other.close()


def test_a_failure_answers_json_without_internals_and_logs_the_traceback(
    jalon: Jalon, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken() -> int:
        raise RuntimeError("secret internals: table tracking is corrupt")

    monkeypatch.setattr(jalon.runner, "position", broken)
    client = TestClient(create_app(jalon, background_projections=False))
    with caplog.at_level(logging.INFO, logger="jalon"):
        response = client.get("/api/v1/health")
    assert response.status_code == 500
    assert response.headers["content-type"] == "application/json"
    body = response.json()
    assert "internals" not in response.text and "Traceback" not in response.text
    assert body["request_id"] == response.headers["X-Request-ID"]
    error = next(r for r in caplog.records if r.name == "jalon.error")
    line = json.loads(JsonFormatter().format(error))
    assert line["request_id"] == body["request_id"]
    assert "secret internals" in line["traceback"]


def test_each_request_writes_one_json_access_line(
    api: Api, group: Group, caplog: pytest.LogCaptureFixture
) -> None:
    project = new_project(api, group)
    with caplog.at_level(logging.INFO, logger="jalon.access"):
        response = api.get(f"/api/v1/projects/{project}", "auditor")
    [record] = [r for r in caplog.records if r.name == "jalon.access"]
    line = json.loads(JsonFormatter().format(record))
    assert line["route"] == "/api/v1/projects/{project}"
    assert line["status"] == 200 and line["method"] == "GET"
    assert line["actor"] == str(group.auditor.person_id)
    assert line["request_id"] == response.headers["X-Request-ID"]
    assert isinstance(line["latency_ms"], float)
    assert api.tokens["auditor"].split("_", 2)[2] not in json.dumps(line)
