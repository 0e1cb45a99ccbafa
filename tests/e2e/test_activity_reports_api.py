"""Teams, effort plans, MCO services and the reports over HTTP, with the roles' limits."""

from __future__ import annotations

from infrastructure.bootstrap import Jalon
from tests.e2e.conftest import Api
from tests.support import Activity, Group, rule_source


def test_the_pmo_forms_teams_and_everyone_reads_them(
    api: Api, group: Group, activity: Activity
) -> None:
    team = {"code": "projets", "name": "Pôle projets", "establishment": "CHRU",
            "lead_id": str(group.manager.person_id)}  # fmt: skip
    assert api.post("/api/v1/teams", "manager", team).status_code == 403
    assert api.post("/api/v1/teams", "pmo", team).status_code == 201
    move = {"person_id": str(group.staff.person_id), "since": "2025-10-06", "reason": "mobilité"}
    assert api.post("/api/v1/teams/PROJETS/members", "pmo", move).status_code == 200
    teams = {t["code"]: t for t in api.get("/api/v1/teams", "staff").json()}
    assert teams["MCO-DPI"]["run_projects"][0]["code"] == "MCO-01"
    assert teams["MCO-DPI"]["lead"]["name"] == "Person lead"
    detail = api.get("/api/v1/teams/mco-dpi", "auditor").json()
    assert [(m["person"]["name"], m["since"], m["until"]) for m in detail["memberships"]] == [
        ("Person staff", "2024-01-01", "2025-10-06"),
    ]
    assert api.get("/api/v1/teams/NOPE", "pmo").status_code == 404


def test_time_share_and_time_chart_count_validated_time_only(
    api: Api, jalon: Jalon, group: Group, activity: Activity
) -> None:
    path = f"/api/v1/timesheets/{group.staff.person_id}"
    week = {"lines": [{"project_id": str(activity.run), "hours": "30"},
                      {"project_id": str(activity.build), "hours": "10"}]}  # fmt: skip
    for name in ("2025-W41", "2025-W42"):
        assert api.put(f"{path}/{name}", "staff", week).status_code == 200
        assert api.post(f"{path}/{name}/submit", "staff", {}).status_code == 200
    assert api.post(f"{path}/2025-W41/validate", "lead", {}).status_code == 200
    plan = {"months": {"2025-10": "40", "2025-11": 20}, "reason": "plan de charge"}
    assert (
        api.put(f"/api/v1/projects/{activity.build}/effort-plan", "other_manager", plan).status_code
        == 403
    )
    assert (
        api.put(f"/api/v1/projects/{activity.build}/effort-plan", "manager", plan).status_code
        == 200
    )
    report = api.get("/api/v1/reports/time-share?from=2025-10&to=2025-10", "member").json()
    [row] = report["rows"]
    assert (row["code"], row["months"][0]["run_hours"], row["months"][0]["run_share"]) == (
        "MCO-DPI",
        "30.00",
        "75.0",
    )
    assert row["months"][0]["unvalidated_hours"] == "40.00"
    assert report["unvalidated"] == {"hours": "40.00", "by_state": {"submitted": "40.00"}}
    assert [a["code"] for a in report["alerts"]] == ["MCO-DPI"]
    relaxed = api.get(
        "/api/v1/reports/time-share?from=2025-10&to=2025-10&run_share_threshold=0.8", "pmo"
    )
    assert relaxed.json()["alerts"] == [] and relaxed.json()["run_share_threshold"] == "80.0"
    # Without a threshold in the query, the rule set in force says it.
    lenient = (
        rule_source(1)
        .replace("version: 1", "version: 9")
        .replace("run_share_ceiling_percent: 70", "run_share_ceiling_percent: 76")
    )
    assert "run_share_ceiling_percent: 76" in lenient
    jalon.wait_for(jalon.rulesets.adopt(group.admin, source=lenient, reason="MCO-heavy").position)
    in_force = api.get("/api/v1/reports/time-share?from=2025-10&to=2025-10", "pmo").json()
    assert in_force["alerts"] == [] and in_force["run_share_threshold"] == "76.0"
    by_site = api.get("/api/v1/reports/time-share?from=2025-10&to=2025-10&by=establishment", "pmo")
    assert [r["code"] for r in by_site.json()["rows"]] == ["GHT"]
    assert api.get("/api/v1/reports/time-share?from=2025-12&to=2025-10", "pmo").status_code == 422
    assert api.get("/api/v1/reports/time-share?by=person", "pmo").status_code == 422
    chart = api.get("/api/v1/projects/DPI-01/time-chart", "staff").json()
    assert [(m["month"], m["spent_hours"], m["planned_hours"], m["unvalidated_hours"]) for m in chart["months"]] == [
        ("2025-10", "10.00", "40.00", "10.00"), ("2025-11", "0.00", "20.00", "0.00"),
    ]  # fmt: skip
    assert api.get("/api/v1/projects/NOPE/time-chart", "pmo").status_code == 404


def test_mco_commitments_are_set_by_the_pmo_and_measured_by_the_team(
    api: Api, group: Group, activity: Activity
) -> None:
    service = {"code": "DPI", "name": "Dossier patient", "team": "MCO-DPI",
               "availability_target": "99.5", "p1_resolution_hours": 4, "effective_from": "2025-01"}  # fmt: skip
    assert api.post("/api/v1/mco-services", "lead", service).status_code == 403
    assert api.post("/api/v1/mco-services", "pmo", service).status_code == 201
    measure = {"month": "2025-10", "planned_minutes": 120, "unplanned_minutes": 400}
    assert api.post("/api/v1/mco-services/DPI/availability", "staff", measure).status_code == 403
    assert api.post("/api/v1/mco-services/DPI/availability", "lead", measure).status_code == 201
    incident = {"priority": 1, "opened_at": "2025-10-03T08:00:00+02:00",
                "resolved_at": "2025-10-03T10:30:00+02:00", "summary": "panne"}  # fmt: skip
    assert api.post("/api/v1/mco-services/DPI/incidents", "lead", incident).status_code == 201
    naive = {**incident, "opened_at": "2025-10-03T08:00:00"}
    assert api.post("/api/v1/mco-services/DPI/incidents", "lead", naive).status_code == 422
    float_target = {**service, "code": "LAB", "availability_target": 99.5}
    assert api.post("/api/v1/mco-services", "pmo", float_target).status_code == 422
    review = api.get("/api/v1/reports/commitments?month=2025-10", "staff").json()
    [dpi] = review["services"]
    # (44700 - 120 - 400) / (44700 - 120) = 99.1027...
    assert (dpi["availability"], dpi["p1_incidents"], dpi["verdict"]) == ("99.103", 1, "missed")
    assert review["summary"] == {"met": 0, "missed": 1, "not_measured": 0}
    [listed] = api.get("/api/v1/mco-services", "auditor").json()
    assert (listed["team"]["code"], listed["availability_target"]) == ("MCO-DPI", "99.500")
