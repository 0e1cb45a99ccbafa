"""A command's answer goes out as the route built it (api/routing.py): status code, body,
headers and the OpenAPI document are those the route declares."""

from __future__ import annotations

import pytest

from api.app import ROUTERS, create_app
from api.routing import JalonRoute
from infrastructure.bootstrap import Jalon
from tests.e2e.conftest import Api
from tests.e2e.test_projects_api import GREEN, new_project
from tests.support import Group


def test_every_api_route_is_a_jalon_route() -> None:
    routes = [r for router in ROUTERS for r in router.routes]
    assert routes and all(isinstance(r, JalonRoute) for r in routes)


def test_the_document_keeps_the_answer_model(jalon: Jalon) -> None:
    paths = create_app(jalon, background_projections=False).openapi()["paths"]
    created = paths["/api/v1/projects/{project_id}/status-reports"]["post"]["responses"]["201"]
    assert created["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/CommandOut"
    }
    reassessed = paths["/api/v1/projects/{project_id}/risks/{risk_id}/reassess"]["post"]
    assert "$ref" in reassessed["responses"]["200"]["content"]["application/json"]["schema"]


def test_answers_keep_status_body_and_pending_header(
    api: Api, group: Group, jalon: Jalon, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = new_project(api, group)
    report = {"month": "2025-02", "weather": GREEN, "comment": "ok"}
    answered = api.post(f"/api/v1/projects/{project}/status-reports", "manager", report)
    assert answered.status_code == 201
    body = answered.json()
    assert body["id"] == project and body["version"] == 2 and body["position"] > 0
    assert "X-Jalon-Views-Pending" not in answered.headers
    assert answered.headers["content-type"] == "application/json"

    monkeypatch.setattr(jalon.runner, "wait_for", lambda *_, **__: False)  # views lagging
    again = api.post(f"/api/v1/projects/{project}/status-reports", "manager", report)
    assert again.status_code == 201
    assert again.headers["X-Jalon-Views-Pending"] == str(again.json()["position"])
