"""The Monthly Commitment Review for October 2025 on a small hand-built history (SQLite and
PostgreSQL), and its workbook opened back cell by cell."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime
from decimal import Decimal
from uuid import UUID

from openpyxl import load_workbook

from api.spreadsheets.monthly_review import review_workbook
from domain.calendar import Month
from domain.clock import recording_at
from domain.principal import SYSTEM
from domain.services.mco_services import commitments_of
from domain.timesheet import LineInput
from infrastructure.bootstrap import Jalon
from projections.queries.monthly_review import review
from tests.integration.helpers import GREEN, register
from tests.support import Group, seed_activity


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def build(jalon: Jalon, group: Group) -> None:
    activity = seed_activity(group, people=jalon.people, projects=jalon.projects, teams=jalon.teams)
    a = activity.build  # DPI-01
    projects, pmo, manager = jalon.projects, group.pmo, group.manager
    with recording_at(at("2025-08-05T09:00")):
        b = register(jalon, group, "INF-02").id
        projects.record_budget(
            pmo,
            a,
            year=2025,
            envelope="100000",
            committed="50000",
            spent="40000",
            forecast="112000",
            reason="plan",
        )
        pilot = projects.add_milestone(pmo, a, name="Pilot", baseline=date(2025, 10, 10)).id
        golive = projects.add_milestone(pmo, a, name="Go-live", baseline=date(2025, 10, 20)).id
        design = projects.add_milestone(pmo, b, name="Design", baseline=date(2025, 10, 15)).id
        projects.add_milestone(pmo, b, name="Later", baseline=date(2025, 11, 3))
    with recording_at(at("2025-10-03T15:00")):
        projects.report_status(manager, a, month="2025-09", weather=GREEN, comment="-")
        projects.report_status(
            manager, b, month="2025-09", weather={**GREEN, "cost": "yellow"}, comment="-"
        )
    with recording_at(at("2025-10-09T10:00")):
        projects.achieve_milestone(pmo, a, pilot, achieved_on=date(2025, 10, 8))
        projects.reforecast_milestone(pmo, a, golive, forecast=date(2025, 12, 1), reason="vendor")
    with recording_at(at("2025-09-10T10:00")):
        progressing = jalon.escalations.open(pmo, project_id=b, reason="late design").id
        cancelled = jalon.escalations.open(pmo, project_id=a, reason="budget").id
    with recording_at(at("2025-10-12T10:00")):
        jalon.escalations.open(pmo, project_id=a, reason="forecast over")
        jalon.escalations.acknowledge(group.manager, progressing, reason="seen")
    with recording_at(at("2025-10-20T10:00")):
        jalon.escalations.cancel(pmo, cancelled, reason="duplicate")
    with recording_at(at("2025-11-04T15:00")):
        projects.report_status(
            manager, a, month="2025-10", weather={**GREEN, "cost": "red"}, comment="-"
        )
        projects.report_status(manager, b, month="2025-10", weather=GREEN, comment="-")
    person = group.staff.person_id
    assert person is not None and design
    jalon.timesheets.record(
        SYSTEM, person, "2025-W41", [LineInput(activity.run, "30"), LineInput(a, "7.5")]
    )
    jalon.timesheets.submit(SYSTEM, person, "2025-W41")
    jalon.timesheets.validate(SYSTEM, person, "2025-W41")
    jalon.mco_services.register(SYSTEM, code="DPI", name="Dossier patient", team="MCO-DPI",
                                commitments=commitments_of("99.5", 4), effective_from="2025-01")  # fmt: skip
    jalon.mco_services.record_availability(SYSTEM, "DPI", month="2025-09", availability="99.0")
    jalon.mco_services.record_availability(SYSTEM, "DPI", month="2025-10", availability="99.9")
    jalon.runner.catch_up()


def october(jalon: Jalon) -> dict[str, object]:
    with jalon.database.reading() as cursor:
        return review(
            cursor, Month.parse("2025-10"), zone=jalon.settings.zone, now=at("2026-01-10T00:00")
        )


def test_monthly_review_figures(jalon: Jalon, group: Group) -> None:
    build(jalon, group)
    found = october(jalon)
    projects = {p["code"]: p for p in found["projects"]}  # type: ignore[attr-defined]
    a, b = projects["DPI-01"], projects["INF-02"]
    assert a["weather"]["cost"] == "red" and a["previous_weather"]["cost"] == "green"
    assert a["trend"] == "worse" and b["trend"] == "better"
    assert (a["envelope"], a["forecast"], a["variance"], a["variance_percent"]) == (
        Decimal("100000.00"), Decimal("112000.00"), Decimal("12000.00"), Decimal("12.0"),
    )  # fmt: skip
    assert [(m["project"], m["name"], m["status"]) for m in found["milestones"]] == [  # type: ignore[attr-defined]
        ("DPI-01", "Pilot", "met"), ("INF-02", "Design", "missed"), ("DPI-01", "Go-live", "slipped"),
    ]  # fmt: skip
    escalations = found["escalations"]
    assert {k: [e["reason"] for e in v] for k, v in escalations.items()} == {  # type: ignore[attr-defined]
        "opened": ["forecast over"], "progressing": ["late design"], "closed": ["budget"],
    }  # fmt: skip
    assert [(s["code"], s["verdict"]) for s in found["services"]] == [("DPI", "met")]  # type: ignore[attr-defined]
    [team] = found["teams"]  # type: ignore[misc]
    # W41 (6-12 Oct) wholly in October: 30 h run, 7.5 h build → 80 % > 70 %
    assert (team["team"], team["run_hours"], team["build_hours"], team["above_threshold"]) == (
        "MCO-DPI", Decimal("30.00"), Decimal("7.50"), True,
    )  # fmt: skip
    changes = {(c["kind"], c["subject"]): (c["before"], c["after"]) for c in found["changes"]}  # type: ignore[attr-defined]
    assert changes[("weather", "DPI-01 cost")] == ("green", "red")
    assert changes[("weather", "INF-02 cost")] == ("yellow", "green")
    assert changes[("service", "DPI")] == ("missed", "met")
    assert changes[("run_share", "MCO-DPI")] == ("below", "above")
    assert found["summary"]["milestones"] == {"met": 1, "slipped": 1, "missed": 1, "due": 0}  # type: ignore[index]


def test_a_later_change_does_not_alter_a_past_review(jalon: Jalon, group: Group) -> None:
    """Budgets and milestones are read as they stood at the month's end: November's new
    forecast and the late achievements leave October's review as it was."""
    build(jalon, group)
    before = october(jalon)
    dpi = next(p for p in before["projects"] if p["code"] == "DPI-01")  # type: ignore[attr-defined]
    with jalon.database.reading() as cursor:
        milestones = {
            r["name"]: (r["project_id"], r["milestone_id"])
            for r in cursor.execute("SELECT * FROM project_milestones").fetchall()
        }
    with recording_at(at("2025-11-06T10:00")):
        jalon.projects.record_budget(
            group.pmo, dpi_id(jalon), year=2025, envelope="100000", committed="60000",
            spent="55000", forecast="130000", reason="vendor overrun",
        )  # fmt: skip
        for name, achieved in (("Design", date(2025, 11, 5)), ("Go-live", date(2025, 11, 6))):
            project_id, milestone_id = milestones[name]
            jalon.projects.achieve_milestone(
                group.pmo, UUID(project_id), UUID(milestone_id), achieved_on=achieved
            )
    jalon.runner.catch_up()
    assert october(jalon) == before
    with jalon.database.reading() as cursor:
        november = review(
            cursor, Month.parse("2025-11"), zone=jalon.settings.zone, now=at("2026-01-10T00:00")
        )
    now_dpi = next(p for p in november["projects"] if p["code"] == "DPI-01")
    assert (dpi["forecast"], now_dpi["forecast"]) == (Decimal("112000.00"), Decimal("130000.00"))
    assert now_dpi["spent"] == Decimal("55000.00")
    # read today, October's Design would be "slipped" (achieved in November): as at the end
    # of October it was not achieved, hence missed
    assert [m["status"] for m in before["milestones"]] == ["met", "missed", "slipped"]  # type: ignore[attr-defined]


def dpi_id(jalon: Jalon) -> UUID:
    with jalon.database.reading() as cursor:
        return UUID(cursor.scalar("SELECT project_id FROM portfolio_projects WHERE code='DPI-01'"))


def test_the_workbook_opened_back(jalon: Jalon, group: Group) -> None:
    build(jalon, group)
    book = load_workbook(io.BytesIO(review_workbook(october(jalon), "en")))
    assert book.sheetnames == [
        "summary",
        "projects",
        "milestones",
        "gate decisions",
        "escalations",
        "MCO services",
        "run-build share",
        "changes",
    ]
    projects = book["projects"]
    assert projects.freeze_panes == "A2"
    header = [c.value for c in projects[1]]
    row = next(r for r in projects.iter_rows(min_row=2, values_only=True) if r[0] == "DPI-01")
    assert row[header.index("cost")] == "red" and row[header.index("previous_cost")] == "green"
    assert row[header.index("forecast")] == 112000 and row[header.index("variance_percent")] == 12
    forecast_cell = projects.cell(
        row=[c.value for c in projects["A"]].index("DPI-01") + 1,
        column=header.index("forecast") + 1,
    )
    assert forecast_cell.number_format == '#,##0.00 "€"'
    colours = {
        r.formula[0]: r.dxf.fill.bgColor.rgb
        for rules in projects.conditional_formatting
        for r in rules.rules
    }
    assert colours['"red"'].endswith("FFC7CE") and colours['"green"'].endswith("C6EFCE")
    milestones = book["milestones"]
    assert milestones["C2"].value == datetime(2025, 10, 10) and milestones["G2"].value == "met"
    teams = book["run-build share"]
    assert teams["C2"].value == 30 and teams["F2"].value is True
    assert book["summary"]["B2"].value == "2025-10"
    assert book["summary"]["B3"].value == sum(1 for _ in projects.iter_rows(min_row=2))
    assert (
        load_workbook(io.BytesIO(review_workbook(october(jalon), "fr"))).sheetnames[1] == "projets"
    )
