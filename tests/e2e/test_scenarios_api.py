"""Capacity and scenarios over HTTP (both backends), on a small hand-computed example.

Team MCO-DPI: two people (130 h each under anap-priority v1: 260 h a month). Its run load:
30 h recorded in October 2025, 100 h planned on its run project for November, and in
December (nothing recorded or planned) the mean of its recorded months, 30 h. So what run
leaves for projects: 230, 160, 230 h. Candidate DPI-01 (opportunity phase) plans 150 h in
October and 200 h in November on an envelope of 120,000 € for 2025: 51,428.57 € and
68,571.43 € (in proportion to the hours)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from domain.principal import SYSTEM
from domain.timesheet import LineInput
from governance_rules.loading import SHIPPED
from infrastructure.bootstrap import Jalon
from tests.e2e.conftest import Api
from tests.support import Activity, Governance, Group, g1_meeting, seed_governance

WINDOW = {"from": "2025-10", "to": "2025-12"}


@pytest.fixture
def setting(jalon: Jalon, group: Group, api: Api, activity: Activity) -> Governance:
    gov = seed_governance(jalon)
    source = (SHIPPED / "anap-priority-v1.yaml").read_text(encoding="utf-8")
    jalon.rulesets.adopt(SYSTEM, source=source, reason="priorities")
    assert activity.lead.person_id is not None and group.staff.person_id is not None
    jalon.teams.assign(SYSTEM, activity.lead.person_id, team="MCO-DPI", since=date(2024, 1, 1),
                       reason="test")  # fmt: skip
    person = group.staff.person_id
    lines = [LineInput(activity.run, "30"), LineInput(activity.build, "7.5")]
    jalon.timesheets.record(SYSTEM, person, "2025-W41", lines)  # type: ignore[arg-type]
    jalon.timesheets.submit(SYSTEM, person, "2025-W41")  # type: ignore[arg-type]
    jalon.timesheets.validate(SYSTEM, person, "2025-W41")  # type: ignore[arg-type]
    plans = jalon.effort_plans
    plans.plan(SYSTEM, activity.run, months={"2025-11": "100"}, reason="run plan")
    plans.plan(SYSTEM, activity.build, months={"2025-10": "150", "2025-11": "200"}, reason="p")
    jalon.projects.record_budget(SYSTEM, activity.build, year=2025, envelope="120000",
                                 committed="0", spent="0", forecast="120000", reason="b")  # fmt: skip
    for who, person_id in (("chair", gov.chair.person_id), ("seated", gov.members[0].person_id)):
        assert person_id is not None
        _, token, _ = jalon.people.issue_token(SYSTEM, person_id, valid_days=1)
        api.tokens[who] = token.bearer
    jalon.runner.catch_up()
    return gov


def _team(body: dict[str, Any]) -> list[tuple[str, ...]]:
    [team] = [t for t in body["teams"] if t["code"] == "MCO-DPI"]
    return [
        (m["month"], m["capacity"], m["run_load"], m["available"], m["build_load"], m["overloaded"])
        for m in team["months"]
    ]


def check_capacity(api: Api) -> None:
    response = api.get("/api/v1/capacity", "staff", params=WINDOW)
    assert response.status_code == 200, response.text
    body = response.json()
    assert _team(body) == [
        ("2025-10", "260.00", "30.00", "230.00", "0.00", False),
        ("2025-11", "260.00", "100.00", "160.00", "0.00", False),
        ("2025-12", "260.00", "30.00", "230.00", "0.00", False),
    ]
    [plan] = [p for p in body["projects"] if p["code"] == "DPI-01"]
    assert plan["team"] == "MCO-DPI"  # who booked build hours on it
    assert [(m["month"], m["hours"], m["budget"]) for m in plan["months"]] == [
        ("2025-10", "150.00", "51428.57"),
        ("2025-11", "200.00", "68571.43"),
    ]
    assert (
        api.get("/api/v1/capacity", "pmo", params={"from": "2025-10", "to": "2025-09"}).status_code
        == 422
    )


def _evaluate(api: Api, code: str) -> dict[str, Any]:
    response = api.get(f"/api/v1/scenarios/{code}/evaluation", "auditor", params=WINDOW)
    assert response.status_code == 200, response.text
    return response.json()


def test_capacity_then_two_scenarios_without_touching_live_projects(
    setting: Governance, api: Api, activity: Activity
) -> None:
    check_capacity(api)
    capacity_before = api.get("/api/v1/capacity", "pmo", params=WINDOW).json()
    for code, shift in (("S-NOW", 0), ("S-LATER", 1)):
        body = {"code": code, "name": code, "envelopes": {"2025": "100000"}, "reason": "arbitrage"}
        assert api.post("/api/v1/scenarios", "pmo", body).status_code == 201
        choice = {"project_id": str(activity.build), "selected": True, "shift_months": shift,
                  "reason": "candidate"}  # fmt: skip
        response = api.post(f"/api/v1/scenarios/{code}/choices", "pmo", choice)
        assert response.status_code == 200, response.text
    now = _evaluate(api, "S-NOW")
    assert [(o["team"], o["month"], o["free"]) for o in now["overloaded"]] == [
        ("MCO-DPI", "2025-11", "-40.00")
    ]
    assert [(b["month"], b["spend"], b["year_to_date"], b["over"]) for b in now["budget"]] == [
        ("2025-10", "51428.57", "51428.57", False),
        ("2025-11", "68571.43", "120000.00", True),
        ("2025-12", "0.00", "120000.00", True),
    ]
    later = _evaluate(api, "S-LATER")
    assert later["overloaded"] == []
    assert [r[4] for r in _team(later)] == ["0.00", "150.00", "200.00"]
    assert later["months_over_budget"] == ["2025-12"]
    # live views unchanged: capacity, the project's phase and plan
    assert api.get("/api/v1/capacity", "pmo", params=WINDOW).json() == capacity_before
    assert api.get(f"/api/v1/projects/{activity.build}", "pmo").json()["phase"] == "opportunity"
    listed = api.get("/api/v1/scenarios", "staff").json()
    assert [(s["code"], s["state"], s["selected"]) for s in listed] == [
        ("S-LATER", "draft", 1), ("S-NOW", "draft", 1),
    ]  # fmt: skip


def test_only_the_pmo_builds_and_only_the_chair_arbitrates(
    jalon: Jalon, setting: Governance, group: Group, api: Api, activity: Activity
) -> None:
    gov = setting
    body = {"code": "S1", "name": "Plan 2026", "reason": "r"}
    for who in ("admin", "manager", "member", "chair", "auditor", "staff"):
        assert api.post("/api/v1/scenarios", who, body).status_code == 403, who
    assert api.post("/api/v1/scenarios", "pmo", body).status_code == 201
    choice = {"project_id": str(activity.build), "selected": True, "reason": "r"}
    assert api.post("/api/v1/scenarios/S1/choices", "pmo", choice).status_code == 200
    copil = {"body_id": str(gov.copil), "reason": "r"}
    refused = api.post("/api/v1/scenarios/S1/presentation", "pmo", copil)
    assert (refused.status_code, refused.json()["field"]) == (422, "body_id")
    present = {"body_id": str(gov.decision_body), "reason": "ID of December"}
    assert api.post("/api/v1/scenarios/S1/presentation", "pmo", present).status_code == 200
    assert api.post("/api/v1/scenarios/S1/choices", "pmo", choice).status_code == 409
    amend = {"outcome": "amend", "reason": "shift DPI-01 by a month"}
    for who in ("pmo", "admin", "seated", "member"):
        assert api.post("/api/v1/scenarios/S1/arbitration", who, amend).status_code == 403, who
    assert api.post("/api/v1/scenarios/S1/arbitration", "chair", amend).status_code == 200
    choice["shift_months"] = 1
    assert api.post("/api/v1/scenarios/S1/choices", "pmo", choice).status_code == 200
    assert api.post("/api/v1/scenarios/S1/presentation", "pmo", present).status_code == 200
    accept = {"outcome": "accept", "reason": "within budget and capacity"}
    refused = api.post("/api/v1/scenarios/S1/arbitration", "chair", accept)
    assert refused.status_code == 409 and "DPI-01" in refused.json()["detail"]
    # the G1 review on the body's agenda: accepting records the go through the gate rules
    g1_meeting(jalon, group, gov, activity.build)
    jalon.runner.catch_up()
    response = api.post("/api/v1/scenarios/S1/arbitration", "chair", accept)
    assert response.status_code == 200, response.text
    assert api.get(f"/api/v1/projects/{activity.build}", "pmo").json()["phase"] == "framing"
    detail = api.get("/api/v1/scenarios/S1", "auditor").json()
    assert detail["state"] == "accepted"
    assert [(a["outcome"], a["go"], a["no_go"]) for a in detail["arbitrations"]] == [
        ("amend", [], []),
        ("accept", [str(activity.build)], []),
    ]
    decisions = api.get("/api/v1/decisions", "auditor", params={"project_id": str(activity.build)})
    [decision] = decisions.json()["items"]
    assert decision["outcome"] == "approved" and "scenario S1" in decision["reason"]
    assert api.post("/api/v1/scenarios/S1/arbitration", "chair", accept).status_code == 409
