"""Time sheets over HTTP with real tokens: staff see their own sheets, managers validate their
projects' lines, team leads their team's sheets, the PMO sees all."""

from __future__ import annotations

from tests.e2e.conftest import Api
from tests.support import Activity, Group

WEEK = "2025-W41"


def sheet_path(group: Group, week: str = WEEK) -> str:
    return f"/api/v1/timesheets/{group.staff.person_id}/{week}"


def lines(activity: Activity, run: str = "30", build: str = "7.5") -> dict[str, object]:
    return {"lines": [
        {"project_id": str(activity.run), "hours": run, "activity": "support"},
        {"project_id": str(activity.build), "hours": build},
    ]}  # fmt: skip


def submitted(api: Api, group: Group, activity: Activity) -> str:
    path = sheet_path(group)
    assert api.put(path, "staff", lines(activity)).status_code == 200
    assert api.post(f"{path}/submit", "staff", {}).status_code == 200
    return path


def test_staff_record_their_own_week_and_see_only_their_own_sheets(
    api: Api, group: Group, activity: Activity
) -> None:
    recorded = api.put(sheet_path(group), "staff", lines(activity))
    assert recorded.status_code == 200, recorded.text
    assert recorded.json()["warnings"] == []
    long_week = api.put(sheet_path(group, "2025-W42"), "staff", lines(activity, run="45"))
    assert long_week.json()["warnings"] == ["52.5 h recorded, above the weekly ceiling of 48 h"]
    lead_sheet = f"/api/v1/timesheets/{activity.lead.person_id}/{WEEK}"
    assert api.put(lead_sheet, "staff", lines(activity)).status_code == 403
    assert api.put(lead_sheet, "lead", lines(activity)).status_code == 200
    mine = api.get("/api/v1/timesheets", "staff").json()
    assert {s["person"]["name"] for s in mine["items"]} == {"Person staff"}
    assert mine["total"] == 2
    assert api.get(lead_sheet, "staff").status_code == 403
    assert (
        api.get(f"/api/v1/timesheets/{group.staff.person_id}/2020-W01", "staff").status_code == 404
    )
    detail = api.get(sheet_path(group), "staff").json()
    assert [(line["project"]["code"], line["hours"]) for line in detail["lines"]] == [
        ("MCO-01", "30.00"), ("DPI-01", "7.50"),
    ]  # fmt: skip
    assert (detail["state"], detail["total_hours"], detail["on_behalf"]) == (
        "draft",
        "37.50",
        False,
    )


def test_managers_validate_their_projects_lines_and_the_run_manager_the_rest(
    api: Api, group: Group, activity: Activity
) -> None:
    path = submitted(api, group, activity)
    waiting = api.get("/api/v1/timesheets?awaiting_my_decision=true", "manager").json()
    assert [s["week"] for s in waiting["items"]] == [WEEK]
    forbidden = api.post(f"{path}/validate", "manager", {"projects": [str(activity.run)]})
    assert forbidden.status_code == 403
    assert api.post(f"{path}/validate", "manager", {}).status_code == 200
    detail = api.get(path, "manager").json()
    decisions = {line["project"]["code"]: line["decision"] for line in detail["lines"]}
    assert decisions["DPI-01"]["decision"] == "approved"
    assert decisions["DPI-01"]["by"]["name"] == "Person manager"
    assert decisions["MCO-01"] is None and detail["state"] == "submitted"
    assert api.get("/api/v1/timesheets?awaiting_my_decision=true", "manager").json()["total"] == 0
    assert api.post(f"{path}/validate", "staff", {}).status_code == 403
    assert api.post(f"{path}/validate", "other_manager", {}).status_code == 200
    assert api.get(path, "staff").json()["state"] == "validated"


def test_the_team_lead_rejects_then_validates_the_corrected_sheet(
    api: Api, group: Group, activity: Activity
) -> None:
    path = submitted(api, group, activity)
    assert api.get("/api/v1/timesheets", "lead").json()["total"] == 1  # their team's sheets
    refused = api.post(f"{path}/reject", "lead", {"reason": "astreinte oubliée"})
    assert refused.status_code == 200, refused.text
    rejected = api.get(path, "staff").json()
    assert (rejected["state"], rejected["rejection_reason"]) == ("rejected", "astreinte oubliée")
    assert api.put(path, "staff", lines(activity, run="36")).status_code == 200
    assert api.post(f"{path}/submit", "staff", {}).status_code == 200
    stale = api.post(f"{path}/validate", "lead", {"expected_version": 2})
    assert (stale.status_code, stale.json()["current_version"]) == (409, 5)
    assert api.post(f"{path}/validate", "lead", {"expected_version": 5}).status_code == 200
    assert api.get(path, "lead").json()["state"] == "validated"


def test_the_pmo_sees_all_enters_for_others_and_auditors_only_read(
    api: Api, group: Group, activity: Activity
) -> None:
    assert api.put(sheet_path(group), "pmo", lines(activity)).status_code == 200
    listed = api.get("/api/v1/timesheets", "pmo").json()["items"]
    assert [(s["on_behalf"], s["entered_by"]["name"]) for s in listed] == [(True, "Person pmo")]
    assert api.get("/api/v1/timesheets", "auditor").json()["total"] == 1
    assert api.put(sheet_path(group), "auditor", lines(activity)).status_code == 403
    assert api.get("/api/v1/timesheets", "member").status_code == 403


def test_invalid_lines_answer_422_naming_the_field(
    api: Api, group: Group, activity: Activity
) -> None:
    negative = api.put(sheet_path(group), "staff", lines(activity, build="-2"))
    assert negative.status_code == 422
    assert negative.json() == {
        "detail": "lines[1].hours cannot be negative (got -2)",
        "field": "lines[1].hours",
    }
    assert api.put(sheet_path(group, "2025-41"), "staff", lines(activity)).status_code == 422
    extra = {**lines(activity), "state": "validated"}
    assert api.put(sheet_path(group), "staff", extra).status_code == 422
    assert api.get("/api/v1/timesheets", "staff").json()["total"] == 0
