"""Priority scores and the ranked portfolio over HTTP (both backends): hand-computed scores,
re-ranking under a new rule set while the ranking under the old one stays reproducible, and
who may score."""

from __future__ import annotations

from datetime import UTC, datetime

from domain.principal import SYSTEM
from governance_rules.loading import SHIPPED
from infrastructure.bootstrap import Jalon
from tests.e2e.conftest import Api
from tests.support import Group, project_registration

A = {
    "strategic_alignment": 5, "regulatory_obligation": 0, "patient_safety": 3,
    "expected_value": 4, "risk": 2, "cost": 1,
}  # fmt: skip
B = {
    "strategic_alignment": 1, "regulatory_obligation": 5, "patient_safety": 4,
    "expected_value": 2, "risk": 3, "cost": 3,
}  # fmt: skip


def adopt(jalon: Jalon, version: int) -> str:
    source = (SHIPPED / f"anap-priority-v{version}.yaml").read_text(encoding="utf-8")
    jalon.wait_for(jalon.rulesets.adopt(SYSTEM, source=source, reason="priorities").position)
    return jalon.rulesets.in_force().content_hash


def ranked(api: Api, **params: str) -> list[tuple[str, str]]:
    response = api.get("/api/v1/portfolio/ranking", "auditor", params=params)
    assert response.status_code == 200, response.text
    return [(r["code"], r["score"]["total"]) for r in response.json()["items"]]


def test_scores_rank_and_re_rank_reproducibly(jalon: Jalon, group: Group, api: Api) -> None:
    v1 = adopt(jalon, 1)
    ids = {}
    for code in ("DPI-A", "DPI-B", "DPI-C"):
        ids[code] = jalon.projects.register(group.pmo, project_registration(group, code)).id
    for code, scores in (("DPI-A", A), ("DPI-B", B)):
        body = {"scores": scores, "reason": "opportunity sheet"}
        response = api.put(f"/api/v1/projects/{ids[code]}/scores", "pmo", body)
        assert response.status_code == 200, response.text
    assert ranked(api) == [("DPI-A", "63.00"), ("DPI-B", "55.00"), ("DPI-C", "0.00")]
    detail = api.get("/api/v1/projects/DPI-A/scores", "staff").json()
    assert detail["score"]["complete"] is True
    assert [p["points"] for p in detail["score"]["breakdown"]] == [
        "25.00", "0.00", "12.00", "12.00", "6.00", "8.00",
    ]  # fmt: skip
    assert detail["history"][0]["reason"] == "opportunity sheet"
    assert detail["history"][0]["scored_by"] == str(group.pmo.person_id)
    assert detail["rule_set"]["content_hash"] == v1

    before_rescoring = datetime.now(UTC).isoformat()
    rescore = {"scores": {"risk": 5}, "reason": "vendor risk"}
    assert api.put(f"/api/v1/projects/{ids['DPI-A']}/scores", "pmo", rescore).status_code == 200
    assert ranked(api)[0] == ("DPI-A", "57.00")  # risk 5: 0 of its 10 points

    v2 = adopt(jalon, 2)
    assert ranked(api)[:2] == [("DPI-B", "68.00"), ("DPI-A", "44.00")]
    # the old rule set still ranks the same scores its way, and past instants stay as they were
    assert ranked(api, ruleset="anap-priority-v1")[:2] == [("DPI-A", "57.00"), ("DPI-B", "55.00")]
    assert ranked(api, ruleset=v1[:12], at=before_rescoring)[:2] == [
        ("DPI-A", "63.00"), ("DPI-B", "55.00"),
    ]  # fmt: skip
    assert ranked(api, ruleset=v2, at=before_rescoring)[:2] == [
        ("DPI-B", "68.00"), ("DPI-A", "50.00"),
    ]  # fmt: skip
    row = api.get("/api/v1/portfolio/ranking", "member").json()["items"][0]
    assert {"establishment", "phase", "envelope", "planned_hours"} <= set(row)


def test_who_may_score_and_refusals(jalon: Jalon, group: Group, api: Api) -> None:
    project = jalon.projects.register(group.pmo, project_registration(group)).id
    path = f"/api/v1/projects/{project}/scores"
    body = {"scores": {"risk": 2}, "reason": "r"}
    assert api.put(path, "pmo", body).status_code == 409  # no rule set with criteria
    adopt(jalon, 1)
    for who in ("manager", "member", "auditor", "staff"):
        assert api.put(path, who, body).status_code == 403, who
    bad = api.put(path, "pmo", {"scores": {"risk": 6}, "reason": "r"})
    assert bad.status_code == 422
    assert bad.json()["field"] == "scores.risk"
    assert api.put(path, "pmo", {"scores": {"risk": 2}, "reason": "r", "x": 1}).status_code == 422
    assert api.get("/api/v1/portfolio/ranking?ruleset=nope", "pmo").status_code == 422
    assert api.get("/api/v1/projects/NOPE-1/scores", "pmo").status_code == 404
    assert api.put(path, "admin", body).status_code == 200
