"""The life cycle through HTTP with real tokens: who may do what, and the statuses."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from uuid import UUID

import pytest

from domain.principal import SYSTEM, Principal
from infrastructure.bootstrap import Jalon
from tests.e2e.conftest import Api
from tests.e2e.test_projects_api import new_project
from tests.support import CHECKSUM, Governance, Group, rule_source, seed_governance, today


@pytest.fixture
def gov(jalon: Jalon, group: Group, api: Api) -> Governance:
    governance = seed_governance(jalon)
    names = ["chair", "member_a", "member_b", "member_c"]
    for name, who in zip(names, governance.everyone, strict=True):
        token(jalon, api, name, who)
    return governance


def token(jalon: Jalon, api: Api, name: str, who: Principal) -> None:
    assert who.person_id is not None
    result, issued, _ = jalon.people.issue_token(SYSTEM, who.person_id, valid_days=1)
    jalon.wait_for(result.position)
    api.tokens[name] = issued.bearer


def requested_gate(api: Api, group: Group, gov: Governance) -> tuple[str, str]:
    """A project with its G1 requested and scheduled before the decision body, meeting open."""
    project = new_project(api, group)
    base = f"/api/v1/projects/{project}"
    checklist = api.get(f"{base}/deliverables", "manager").json()
    assert [(d["kind"], d["submitted"]) for d in checklist["deliverables"]] == [
        ("opportunity_sheet", None)
    ]
    submitted = api.post(f"{base}/deliverables", "manager", {
        "kind": "opportunity_sheet", "title": "Fiche opportunité", "version": "1.0",
        "reference": "ged://fiche", "checksum": CHECKSUM,
    })  # fmt: skip
    assert submitted.status_code == 201, submitted.text
    response = api.post(f"{base}/gate-requests", "manager", {"gate": "G1", "note": "prêt"})
    assert response.status_code == 201, response.text
    review = str(response.json()["id"])
    schedule = {"body_id": str(gov.decision_body), "meeting_date": today().isoformat()}
    assert (
        api.post(f"/api/v1/gate-reviews/{review}/schedule", "manager", schedule).status_code == 403
    )
    assert api.post(f"/api/v1/gate-reviews/{review}/schedule", "pmo", schedule).status_code == 200
    present = {"present": [str(m.person_id) for m in gov.everyone]}
    opened = api.post(f"/api/v1/gate-reviews/{review}/open", "chair", present)
    assert opened.status_code == 200, opened.text
    return project, review


def test_a_gate_through_http_from_request_to_decision(
    api: Api, group: Group, gov: Governance
) -> None:
    project, review = requested_gate(api, group, gov)
    path = f"/api/v1/gate-reviews/{review}"
    queued = api.get(f"/api/v1/gate-reviews?body_id={gov.decision_body}", "auditor").json()
    assert [(q["id"], q["status"]) for q in queued] == [(review, "under_review")]
    assert queued[0]["deliverables"][0]["kind"] == "opportunity_sheet"
    assert api.post(f"{path}/votes", "member_a", {"vote": "approve"}).status_code == 200
    assert api.post(f"{path}/votes", "member", {"vote": "approve"}).status_code == 403
    assert (
        api.post(
            f"{path}/decision", "member_a", {"outcome": "approved", "reason": "go"}
        ).status_code
        == 403
    )
    decided = api.post(f"{path}/decision", "chair", {"outcome": "approved", "reason": "go"})
    assert decided.status_code == 200, decided.text
    again = api.post(f"{path}/decision", "chair", {"outcome": "rejected", "reason": "no"})
    assert again.status_code == 409
    assert "is decided" in again.json()["detail"]
    row = api.get(f"/api/v1/projects/{project}", "staff").json()
    assert (row["phase"], row["gate"]["status"], row["open_conditions"]) == (
        "framing",
        "approved",
        0,
    )
    register = api.get(f"/api/v1/decisions?project_id={project}", "auditor").json()
    [decision] = register["items"]
    assert decision["rule_set"]["label"] == "anap-default v1"
    assert [v["vote"] for v in decision["votes"]] == ["approve"]
    assert len(decision["present"]) == 4 and decision["quorum"] == 3
    detail = api.get(path, "staff").json()
    assert detail["status"] == "decided" and detail["decisions"][0]["id"] == decision["id"]
    assert api.get("/api/v1/gate-reviews", "pmo").json() == []


def test_conditions_are_lifted_through_http(api: Api, group: Group, gov: Governance) -> None:
    project, review = requested_gate(api, group, gov)
    path = f"/api/v1/gate-reviews/{review}"
    api.post(f"{path}/decision", "chair", {"outcome": "approved_with_conditions", "reason": "go",
                                           "conditions": ["hire a tester"]})  # fmt: skip
    [condition] = api.get(f"/api/v1/projects/{project}/conditions", "auditor").json()
    lift = f"{path}/conditions/{condition['id']}/lift"
    assert api.post(lift, "manager", {"reason": "done"}).status_code == 403
    assert api.post(lift, "member_b", {"reason": "tester hired"}).status_code == 200
    assert api.post(lift, "pmo", {"reason": "again"}).status_code == 409
    assert api.get(f"/api/v1/projects/{project}/conditions", "auditor").json() == []


def test_a_refused_move_names_the_phase_and_what_is_missing(
    api: Api, group: Group, gov: Governance
) -> None:
    project = new_project(api, group)
    response = api.post(f"/api/v1/projects/{project}/gate-requests", "manager", {"gate": "G1"})
    assert response.status_code == 409
    assert response.json()["detail"] == (
        "project DPI-01 is in opportunity: cannot pass gate: "
        "missing the required deliverables opportunity_sheet"
    )
    suspend = {"action": "suspend", "reason": "budget freeze"}
    assert (
        api.post(f"/api/v1/projects/{project}/lifecycle-requests", "auditor", suspend).status_code
        == 403
    )
    assert (
        api.post(f"/api/v1/projects/{project}/lifecycle-requests", "pmo", suspend).status_code
        == 201
    )
    mass = api.post(f"/api/v1/projects/{project}/gate-requests", "manager",
                    {"gate": "G1", "phase": "closed"})  # fmt: skip
    assert mass.status_code == 422 and "phase" in mass.text


def test_rule_sets_are_adopted_by_administrators_only(
    api: Api, group: Group, gov: Governance
) -> None:
    body = {"source": rule_source(2), "reason": "revision"}
    assert api.post("/api/v1/rule-sets", "pmo", body).status_code == 403
    assert api.post("/api/v1/rule-sets", "auditor", body).status_code == 403
    broken = api.post("/api/v1/rule-sets", "admin", {
        "source": rule_source(2).replace("decision_mode: chair", "decision_mode: vote"), "reason": "x"
    })  # fmt: skip
    assert broken.status_code == 422
    assert "bodies.decision.decision_mode" in broken.json()["detail"]
    assert api.post("/api/v1/rule-sets", "admin", body).status_code == 201
    assert api.post("/api/v1/rule-sets", "admin", body).status_code == 409
    current = api.get("/api/v1/rule-sets/in-force", "staff").json()
    assert current["label"] == "anap-default v2"
    old = api.get("/api/v1/rule-sets/in-force?at=2000-01-01T00:00:00Z", "staff")
    assert old.status_code == 404
    assert [a["version"] for a in api.get("/api/v1/rule-sets", "auditor").json()] == [1, 2]
    diagrams = api.get("/api/v1/lifecycle/diagrams", "staff").json()
    assert "suspended --> abandoned" in diagrams["project"]


def test_bodies_are_managed_by_the_pmo(api: Api, group: Group, gov: Governance) -> None:
    created = api.post("/api/v1/bodies", "pmo", {"code": "COPIL-IMG", "name": "COPIL Imagerie",
                                                 "kind": "copil", "reason": "programme"})  # fmt: skip
    assert created.status_code == 201
    body = created.json()["id"]
    assert api.post("/api/v1/bodies", "manager", {"code": "X", "name": "X", "kind": "copil",
                                                  "reason": "x"}).status_code == 403  # fmt: skip
    staff = {"person_id": str(group.staff.person_id), "reason": "x"}
    refused = api.post(f"/api/v1/bodies/{body}/members", "pmo", staff)
    assert refused.status_code == 422 and "committee_member" in refused.json()["detail"]
    member = {"person_id": str(group.member.person_id), "reason": "appointed"}
    assert api.post(f"/api/v1/bodies/{body}/members", "pmo", member).status_code == 201
    assert api.post(f"/api/v1/bodies/{body}/chair", "pmo", member).status_code == 200
    shown = api.get("/api/v1/bodies/copil-img", "staff").json()
    assert (shown["chair"]["name"], shown["quorum"], shown["decision_mode"]) == (
        "Person member",
        2,
        "majority",
    )
    assert UUID(shown["id"]) == UUID(body)


def test_two_decisions_at_once_through_http_one_wins(
    api: Api, group: Group, gov: Governance
) -> None:
    _, review = requested_gate(api, group, gov)
    barrier = threading.Barrier(2)

    def decide(outcome: str) -> int:
        barrier.wait()
        path = f"/api/v1/gate-reviews/{review}/decision"
        return int(api.post(path, "chair", {"outcome": outcome, "reason": outcome}).status_code)

    with ThreadPoolExecutor(2) as pool:
        statuses = sorted(pool.map(decide, ["approved", "rejected"]))
    assert statuses == [200, 409]
    register = api.get(f"/api/v1/decisions?body_id={gov.decision_body}", "auditor").json()
    assert register["total"] == 1
