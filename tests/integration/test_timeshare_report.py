"""The time-share report and the project time chart on a small history computed by hand, on
SQLite and PostgreSQL.

A week's hours go to months pro rata of its working days: week 2025-W40 runs from Monday
29 September to Friday 3 October, so 2/5 of its hours count in September, 3/5 in October."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from domain.calendar import Month
from domain.ports import PersonDetails
from domain.principal import SYSTEM
from domain.timesheet import LineInput
from domain.values import Role
from governance_rules.run_share import RunShareCeiling
from infrastructure.bootstrap import Jalon
from projections.queries.timeshare import project_time_chart, time_share_report
from tests.support import Activity, Group, seed_activity

D = Decimal


def person(jalon: Jalon, login: str, establishment: str) -> Any:
    return jalon.people.register(
        SYSTEM, details=PersonDetails(login, f"Person {login}", f"{login}@example.org"),
        establishment=establishment, roles=[Role.STAFF], reason="test",
    ).id  # fmt: skip


def week(
    jalon: Jalon,
    who: Any,
    week: str,
    lines: list[LineInput],
    *,
    decide: bool = True,
    submit: bool = True,
) -> None:
    sheets = jalon.timesheets
    sheets.record(SYSTEM, who, week, lines)
    if submit:
        sheets.submit(SYSTEM, who, week)
    if decide:
        sheets.validate(SYSTEM, who, week)


@pytest.fixture
def history(jalon: Jalon, group: Group) -> Activity:
    """staff (team MCO-DPI, GHT): W15 R 10 h + P 30 h; W40 R 20 h + P 10 h; W41 R 30 h +
    P 7.5 h, all validated; W42 R 10 h + P 2 h still a draft. dev (team PROJETS, CHRU): W41
    P 37.5 h validated. solo (no team, CH-TOUL): W41 R 5 h submitted. P is planned 10 h in
    September, 40 h in October, 20 h in November."""
    activity = seed_activity(group, people=jalon.people, projects=jalon.projects, teams=jalon.teams)
    run, build = activity.run, activity.build
    dev, solo = person(jalon, "dev", "CHRU"), person(jalon, "solo", "CH-TOUL")
    assert group.manager.person_id is not None
    jalon.teams.form(group.pmo, code="PROJETS", name="Pôle projets", establishment="CHRU",
                     lead_id=group.manager.person_id)  # fmt: skip
    jalon.teams.assign(group.pmo, dev, team="PROJETS", since=date(2025, 1, 1), reason="test")
    staff = group.staff.person_id
    week(jalon, staff, "2025-W15", [LineInput(run, "10"), LineInput(build, "30")])
    week(jalon, staff, "2025-W40", [LineInput(run, "20"), LineInput(build, "10")])
    week(jalon, staff, "2025-W41", [LineInput(run, "30"), LineInput(build, "7.5")])
    week(
        jalon,
        staff,
        "2025-W42",
        [LineInput(run, "10"), LineInput(build, "2")],
        submit=False,
        decide=False,
    )
    week(jalon, dev, "2025-W41", [LineInput(build, "37.5")])
    week(jalon, solo, "2025-W41", [LineInput(run, "5")], decide=False)
    last = jalon.effort_plans.plan(
        group.manager, build, months={"2025-09": 10, "2025-10": 40, "2025-11": 20}, reason="plan"
    )
    assert jalon.wait_for(last.position)
    return activity


def report(jalon: Jalon, by: str = "team", threshold: str = "0.70") -> dict[str, Any]:
    with jalon.database.reading() as cursor:
        return time_share_report(
            cursor, first=Month(2025, 9), last=Month(2025, 10), by=by,  # type: ignore[arg-type]
            ceiling=RunShareCeiling(D(threshold)),
        )  # fmt: skip


def cells(row: dict[str, Any]) -> list[tuple[Any, ...]]:
    return [
        (c["month"], c["run_hours"], c["build_hours"], c["run_share"], c["unvalidated_hours"],
         c["above_threshold"])
        for c in row["months"]
    ]  # fmt: skip


def rows_by_name(result: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {row["name"]: row for row in result["rows"]}


def test_run_and_build_per_team_and_month(jalon: Jalon, history: Activity) -> None:
    result = report(jalon)
    rows = rows_by_name(result)
    assert list(rows) == ["MCO Dossier patient", "Pôle projets", "(no team)"]
    # September: 2/5 of W40. October: 3/5 of W40 and all of W41 (validated); W42 a draft.
    assert cells(rows["MCO Dossier patient"]) == [
        ("2025-09", D("8.00"), D("4.00"), D("66.7"), D("0.00"), False),
        ("2025-10", D("42.00"), D("13.50"), D("75.7"), D("12.00"), True),  # 42 / 55.5
    ]
    assert cells(rows["Pôle projets"]) == [
        ("2025-09", D("0.00"), D("0.00"), None, D("0.00"), False),
        ("2025-10", D("0.00"), D("37.50"), D("0.0"), D("0.00"), False),
    ]
    assert cells(rows["(no team)"])[1] == ("2025-10", D("0.00"), D("0.00"), None, D("5.00"), False)
    assert rows["MCO Dossier patient"]["total"] == {
        "run_hours": D("50.00"), "build_hours": D("17.50"), "validated_hours": D("67.50"),
        "run_share": D("74.1"), "unvalidated_hours": D("12.00"),
    }  # fmt: skip
    assert cells(result["group"]) == [
        ("2025-09", D("8.00"), D("4.00"), D("66.7"), D("0.00"), False),
        ("2025-10", D("42.00"), D("51.00"), D("45.2"), D("17.00"), False),  # 42 / 93
    ]
    assert result["unvalidated"] == {
        "hours": D("17.00"),
        "by_state": {"draft": D("12.00"), "submitted": D("5.00")},
    }


def test_teams_above_the_threshold_are_flagged(jalon: Jalon, history: Activity) -> None:
    [alert] = report(jalon)["alerts"]
    assert (alert["code"], alert["month"], alert["run_share"], alert["threshold"]) == (
        "MCO-DPI", "2025-10", D("75.7"), D("70.0"),
    )  # fmt: skip
    assert report(jalon, threshold="0.80")["alerts"] == []
    assert [a["month"] for a in report(jalon, threshold="0.60")["alerts"]] == ["2025-09", "2025-10"]


def test_the_trend_compares_the_last_six_months_with_the_six_before(
    jalon: Jalon, history: Activity
) -> None:
    trend = rows_by_name(report(jalon))["MCO Dossier patient"]["trend"]
    assert [m["month"] for m in trend["months"]] == [
        "2024-11", "2024-12", "2025-01", "2025-02", "2025-03", "2025-04", "2025-05", "2025-06",
        "2025-07", "2025-08", "2025-09", "2025-10",
    ]  # fmt: skip
    assert trend["months"][5]["run_share"] == D("25.0")  # April: 10 / 40
    assert trend["run_share_12_months"] == D("55.8")  # 60 / 107.5
    assert trend["change_points"] == D("49.1")  # 50 / 67.5 - 10 / 40, in points


def test_by_establishment_follows_the_teams_establishment(jalon: Jalon, history: Activity) -> None:
    rows = {row["code"]: row for row in report(jalon, by="establishment")["rows"]}
    assert set(rows) == {"GHT", "CHRU", "CH-TOUL"}
    assert cells(rows["GHT"])[1][:4] == ("2025-10", D("42.00"), D("13.50"), D("75.7"))
    assert cells(rows["CHRU"])[1][:4] == ("2025-10", D("0.00"), D("37.50"), D("0.0"))
    assert rows["CH-TOUL"]["total"]["unvalidated_hours"] == D("5.00")
    assert not any(c["above_threshold"] for row in rows.values() for c in row["months"])


def test_a_move_to_another_team_reattributes_the_weeks_from_its_date(
    jalon: Jalon, group: Group, history: Activity
) -> None:
    assert group.staff.person_id is not None
    moved = jalon.teams.assign(
        group.pmo, group.staff.person_id, team="PROJETS", since=date(2025, 10, 6), reason="mobilité"
    )  # the Monday of W41, recorded after the weeks themselves
    assert jalon.wait_for(moved.position)
    rows = rows_by_name(report(jalon))
    assert cells(rows["MCO Dossier patient"]) == [
        ("2025-09", D("8.00"), D("4.00"), D("66.7"), D("0.00"), False),
        ("2025-10", D("12.00"), D("6.00"), D("66.7"), D("0.00"), False),
    ]
    assert cells(rows["Pôle projets"])[1] == (
        "2025-10",
        D("30.00"),
        D("45.00"),
        D("40.0"),
        D("12.00"),
        False,
    )


def test_the_project_time_chart_shows_spent_against_planned(
    jalon: Jalon, history: Activity
) -> None:
    with jalon.database.reading() as cursor:
        chart = project_time_chart(cursor, str(history.build), first=Month(2025, 9))
        whole = project_time_chart(cursor, str(history.build))
    assert [
        (m["month"], m["spent_hours"], m["planned_hours"], m["unvalidated_hours"],
         m["cumulative_spent_hours"], m["cumulative_planned_hours"])
        for m in chart["months"]
    ] == [
        ("2025-09", D("4.00"), D("10.00"), D("0.00"), D("34.00"), D("10.00")),
        ("2025-10", D("51.00"), D("40.00"), D("2.00"), D("85.00"), D("50.00")),
        ("2025-11", D("0.00"), D("20.00"), D("0.00"), D("85.00"), D("70.00")),
    ]  # fmt: skip
    assert (chart["spent_hours"], chart["planned_hours"], chart["unvalidated_hours"]) == (
        D("55.00"), D("70.00"), D("2.00"),
    )  # fmt: skip
    assert whole["months"][0]["month"] == "2025-04"
    assert whole["spent_hours"] == D("85.00")


def test_a_rebuilt_view_gives_the_same_report(jalon: Jalon, history: Activity) -> None:
    before = report(jalon)
    jalon.runner.rebuild(["timeshare"])
    assert report(jalon) == before


def test_the_monthly_totals_always_add_up_to_the_facts(
    jalon: Jalon, group: Group, history: Activity
) -> None:
    assert group.staff.person_id is not None
    staff = group.staff.person_id
    jalon.timesheets.record(SYSTEM, staff, "2025-W42", [LineInput(history.run, "12")])
    jalon.timesheets.submit(SYSTEM, staff, "2025-W42")
    jalon.timesheets.reject(SYSTEM, staff, "2025-W42", reason="incomplet")
    jalon.teams.assign(group.pmo, staff, team="PROJETS", since=date(2025, 10, 13), reason="x")
    last = jalon.teams.release(
        group.pmo, staff, team="PROJETS", until=date(2025, 10, 20), reason="x"
    )
    assert jalon.wait_for(last.position)
    columns = "COALESCE(team_id, ''), establishment, month, kind, state"
    with jalon.database.reading() as cursor:
        facts = cursor.execute(
            f"SELECT {columns}, SUM(minutes) AS m FROM time_facts GROUP BY {columns}"
        ).fetchall()
        totals = cursor.execute(
            "SELECT team_id, establishment, month, kind, state, minutes AS m "
            "FROM time_share_months WHERE minutes <> 0"
        ).fetchall()
    assert sorted(tuple(r.values()) for r in facts) == sorted(tuple(r.values()) for r in totals)
    assert len(totals) >= 6
