"""Project commands and queries through HTTP: statuses, messages, read-your-writes."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import Api
from tests.support import Group

GREEN = {"quality": "green", "cost": "green", "deadline": "green", "risk": "green"}


def new_project(api: Api, group: Group, code: str = "DPI-01", who: str = "pmo") -> str:
    response = api.post("/api/v1/projects", who, {
        "code": code, "name": "Dossier patient", "establishment": "CHRU", "functional_area": "DPI",
        "kind": "build", "sponsor_id": str(group.member.person_id),
        "manager_id": str(group.manager.person_id), "priority_criteria": ["patient_safety"],
    })  # fmt: skip
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


def test_register_then_read_your_write(api: Api, group: Group) -> None:
    project = new_project(api, group)
    listed = api.get("/api/v1/portfolio", "auditor").json()
    assert [row["code"] for row in listed["items"]] == ["DPI-01"]
    detail = api.get("/api/v1/projects/dpi-01", "staff").json()
    assert detail["id"] == project
    assert detail["manager"]["name"] == "Person manager"
    assert detail["priority_criteria"] == ["patient_safety"]


def test_every_command_is_visible_in_the_next_read(api: Api, group: Group) -> None:
    project = new_project(api, group)
    base = f"/api/v1/projects/{project}"
    assert api.put(f"{base}/budget/2025", "manager", {
        "envelope": "100000.00", "committed": "0", "spent": "0", "forecast": "130000.50", "reason": "initial",
    }).status_code == 200  # fmt: skip
    milestone = api.post(
        f"{base}/milestones", "manager", {"name": "Go-live", "baseline": "2025-06-01"}
    ).json()["id"]
    assert api.post(f"{base}/milestones/{milestone}/reforecast", "manager",
                    {"forecast": "2025-06-21", "reason": "vendor"}).status_code == 200  # fmt: skip
    assert (
        api.post(
            f"{base}/status-reports",
            "manager",
            {"month": "2025-05", "weather": dict(GREEN, cost="red"), "comment": "overrun"},
        ).status_code
        == 201
    )
    risk = api.post(f"{base}/risks", "manager", {"title": "Vendor", "gravity": 4, "probability": 3,
                                                 "owner_id": str(group.manager.person_id)}).json()["id"]  # fmt: skip
    assert api.post(f"{base}/risks/{risk}/reassess", "manager",
                    {"gravity": 2, "probability": 3, "reason": "better"}).status_code == 200  # fmt: skip
    assert (
        api.patch(
            f"{base}/charter", "manager", {"description": "Scope v2", "reason": "COPIL"}
        ).status_code
        == 200
    )
    detail = api.get(base, "auditor").json()
    assert detail["budget"]["forecast"] == "130000.50"
    assert detail["next_milestone"]["slippage_days"] == 20
    assert detail["weather"]["cost"] == "red"
    assert detail["max_criticality"] == 6
    assert detail["description"] == "Scope v2"
    assert detail["version"] == 8


def test_unauthenticated_is_401_and_forbidden_is_403(api: Api, group: Group) -> None:
    project = new_project(api, group)
    assert api.client.get("/api/v1/portfolio").status_code == 401
    bad = api.client.get("/api/v1/portfolio", headers={"Authorization": "Bearer jalon_nope"})
    assert bad.status_code == 401 and bad.headers["www-authenticate"] == "Bearer"
    report = {"month": "2025-01", "weather": GREEN}
    for outsider in ("auditor", "staff", "other_manager", "member"):
        response = api.post(f"/api/v1/projects/{project}/status-reports", outsider, report)
        assert response.status_code == 403, outsider
        assert "may" in response.json()["detail"]


def test_not_found_is_404(api: Api, group: Group) -> None:
    assert api.get("/api/v1/projects/NOPE", "pmo").status_code == 404
    project = new_project(api, group)
    response = api.post(f"/api/v1/projects/{project}/milestones/00000000-0000-4000-8000-000000000000/achieve",
                        "manager", {"achieved_on": "2025-01-01"})  # fmt: skip
    assert response.status_code == 404
    assert "no milestone" in response.json()["detail"]


def test_duplicate_code_and_stale_version_are_409(api: Api, group: Group) -> None:
    project = new_project(api, group)
    duplicate = api.post("/api/v1/projects", "pmo", {
        "code": "dpi-01", "name": "Again", "establishment": "CHRU", "functional_area": "DPI", "kind": "build",
        "sponsor_id": str(group.member.person_id), "manager_id": str(group.manager.person_id),
    })  # fmt: skip
    assert duplicate.status_code == 409 and "already exists" in duplicate.json()["detail"]
    report = {"month": "2025-01", "weather": GREEN, "expected_version": 1}
    assert (
        api.post(f"/api/v1/projects/{project}/status-reports", "manager", report).status_code == 201
    )
    stale = api.post(f"/api/v1/projects/{project}/status-reports", "manager", report)
    assert stale.status_code == 409
    assert stale.json()["current_version"] == 2


@pytest.mark.parametrize(
    ("body", "field"),
    [
        (
            {"envelope": "-5", "committed": "0", "spent": "0", "forecast": "0", "reason": "x"},
            "envelope",
        ),
        (
            {"envelope": 12.5, "committed": "0", "spent": "0", "forecast": "0", "reason": "x"},
            "envelope",
        ),
        (
            {
                "envelope": "1",
                "committed": "0",
                "spent": "0",
                "forecast": "0",
                "reason": "x",
                "phase": "build",
            },
            "phase",
        ),
        ({"envelope": "1", "committed": "0", "spent": "0", "forecast": "0"}, "reason"),
    ],
)
def test_bad_input_is_422_naming_the_field(
    api: Api, group: Group, body: dict[str, object], field: str
) -> None:
    project = new_project(api, group)
    response = api.put(f"/api/v1/projects/{project}/budget/2025", "manager", body)
    assert response.status_code == 422
    assert field in response.text


def test_domain_refusals_are_422_with_field(api: Api, group: Group) -> None:
    response = api.post("/api/v1/projects", "pmo", {
        "code": "X-1", "name": "X", "establishment": "ATLANTIS", "functional_area": "DPI", "kind": "build",
        "sponsor_id": str(group.member.person_id), "manager_id": str(group.manager.person_id),
    })  # fmt: skip
    assert response.status_code == 422
    assert response.json() == {
        "detail": "unknown establishment 'ATLANTIS'",
        "field": "establishment",
    }


def test_portfolio_filters(api: Api, group: Group) -> None:
    new_project(api, group, "A-1")
    project = new_project(api, group, "B-1")
    api.post(f"/api/v1/projects/{project}/status-reports", "pmo",
             {"month": "2025-01", "weather": dict(GREEN, risk="red")})  # fmt: skip
    red = api.get("/api/v1/portfolio", "auditor", params={"weather": "red"}).json()
    assert [r["code"] for r in red["items"]] == ["B-1"]
    assert api.get("/api/v1/portfolio", "auditor", params={"weather": "purple"}).status_code == 422
    assert api.get("/api/v1/portfolio", "auditor", params={"limit": 100000}).status_code == 422
