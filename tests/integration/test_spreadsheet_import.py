"""Importing workbooks on SQLite and PostgreSQL: all or nothing, idempotent, files from
LibreOffice and Excel, and the export → import round trip."""

from __future__ import annotations

from datetime import date, time
from pathlib import Path
from typing import Any

from api.spreadsheets.exports import portfolio_workbook
from domain.calendar import IsoWeek
from domain.principal import SYSTEM
from domain.services.imports import ImportReport
from infrastructure.bootstrap import Jalon, bootstrap
from infrastructure.settings import Settings
from infrastructure.spreadsheet import read_xlsx
from lifecycle.timesheet import SheetState
from projections.queries.exports import import_rows
from projections.queries.portfolio import PortfolioFilter, find_project, list_portfolio
from tests.spreadsheets import excel_style, time_entries, valid_sheets, xlsx
from tests.support import Activity, Group, seed_activity, seed_group

FIXTURES = Path(__file__).parent.parent / "fixtures"


def run(jalon: Jalon, data: bytes, who: Any = SYSTEM) -> ImportReport:
    report = jalon.imports.run(who, read_xlsx(data), source="test.xlsx")
    jalon.wait_for(jalon.runner.log.head_position())
    return report


def test_a_valid_workbook_records_projects_budgets_milestones_and_weather(
    jalon: Jalon, group: Group
) -> None:
    report = run(jalon, xlsx(valid_sheets()))
    assert report.accepted, report.problems
    assert report.recorded == {
        "projects registered": 1, "budget lines recorded": 1, "milestones added": 2,
        "milestones re-forecast": 1, "milestones achieved": 1, "status reports recorded": 2,
    }  # fmt: skip
    with jalon.database.reading() as cursor:
        row = find_project(cursor, "DPI-01")
    assert row is not None
    assert row["budget"]["envelope"] == 1250000.50
    assert str(row["budget"]["committed"]) == "400000.00"
    assert row["weather"] == {"quality": "green", "cost": "yellow", "deadline": "orange", "risk": "red"}  # fmt: skip
    assert row["latest_report_month"] == "2025-06"
    assert row["next_milestone"]["name"] == "Mise en service"


def test_importing_the_same_file_twice_records_nothing_new(jalon: Jalon, group: Group) -> None:
    data = xlsx(valid_sheets())
    assert run(jalon, data).recorded
    head = jalon.runner.log.head_position()
    again = run(jalon, data)
    assert again.accepted and not again.recorded
    assert jalon.runner.log.head_position() == head


def test_a_file_with_invalid_rows_imports_nothing_and_reports_every_one(
    jalon: Jalon, group: Group
) -> None:
    sheets = valid_sheets()
    sheets["projects"].append(["DPI-02", "Second", "NOWHERE", "DPI", "build", "member", "manager"])
    sheets["budgets"].append(["DPI-01", 2026, "-5", 0, 0, 0])
    sheets["budgets"].append(["DPI-01", 2025, 1, 1, 1, 1])  # the same year twice
    sheets["milestones"].append(["DPI-01", "Recette", "le 3 mars"])
    sheets["weather"].append(["DPI-01", "2025-07", "green", "blue", "red", "red"])
    sheets["weather"].append(["GHOST", "2025-07", "green", "green", "red", "red"])
    head = jalon.runner.log.head_position()
    report = run(jalon, xlsx(sheets))
    assert not report.accepted and not report.recorded
    assert jalon.runner.log.head_position() == head
    found = {(p.sheet, p.row, p.column) for p in report.problems}
    assert found == {
        ("projects", 3, "C (establishment)"),
        ("budgets", 3, "C (envelope)"),
        ("budgets", 4, None),
        ("milestones", 4, "C (baseline)"),
        ("weather", 4, "D (cost)"),
        ("weather", 5, "A (project_code)"),
    }
    reasons = {(p.sheet, p.row): p.reason for p in report.problems}
    assert "negative" in reasons[("budgets", 3)]
    assert "repeats row 2" in reasons[("budgets", 4)]
    assert "no project GHOST" in reasons[("weather", 5)]


def test_a_project_manager_imports_only_the_projects_they_manage(
    jalon: Jalon, group: Group
) -> None:
    sheets = valid_sheets()
    sheets["projects"][1][6] = "other-manager"
    report = run(jalon, xlsx(sheets), group.manager)
    assert not report.accepted
    assert report.problems[0].sheet == "projects"
    assert "projects they manage" in report.problems[0].reason
    assert run(jalon, xlsx(valid_sheets()), group.manager).accepted


def test_a_workbook_written_by_libreoffice_imports(jalon: Jalon, group: Group) -> None:
    report = run(jalon, (FIXTURES / "libreoffice-calc-7.4.xlsx").read_bytes())
    assert report.accepted, report.problems
    assert report.recorded["milestones achieved"] == 1
    assert report.recorded["status reports recorded"] == 2


def test_a_workbook_in_excels_dialect_imports(jalon: Jalon, group: Group) -> None:
    sheets = valid_sheets("XL-01")
    sheets["milestones"] = [
        sheets["milestones"][0],
        ["XL-01", "Cadrage validé", ("date", "2025-01-15"), ("date", "2025-02-01"), None],
    ]
    report = run(jalon, excel_style(sheets))
    assert report.accepted, report.problems
    assert report.recorded["milestones re-forecast"] == 1
    assert run(jalon, excel_style(sheets)).recorded == {}


def _portfolio_export(jalon: Jalon) -> bytes:
    with jalon.database.reading() as cursor:
        rows, _ = list_portfolio(cursor, PortfolioFilter(), limit=1000)
        sheets = import_rows(cursor, [r["id"] for r in rows])
    return portfolio_workbook(rows, sheets, "fr", jalon.settings.zone)


def test_an_exported_portfolio_imports_again_as_the_same_projects(
    jalon: Jalon, group: Group, tmp_path: Path
) -> None:
    assert run(jalon, xlsx(valid_sheets("RT-01"))).accepted
    assert run(jalon, xlsx(valid_sheets("RT-02"))).accepted
    exported = _portfolio_export(jalon)
    assert run(jalon, exported).recorded == {}  # same store: nothing new
    other = bootstrap(Settings(database_url=f"sqlite:///{tmp_path / 'other.db'}"))
    try:
        seed_group(other.reference, other.people)
        assert run(other, exported).accepted
        with jalon.database.reading() as a, other.database.reading() as b:
            ids_a = [r["id"] for r in list_portfolio(a, PortfolioFilter())[0]]
            ids_b = [r["id"] for r in list_portfolio(b, PortfolioFilter())[0]]
            assert ids_a == ids_b  # project ids derive from the codes
            exported_a, exported_b = import_rows(a, ids_a), import_rows(b, ids_b)
        people = {"sponsor_login", "manager_login"}  # same logins, other person ids
        assert exported_a == exported_b
        assert all(p[k] for p in exported_b["projects"] for k in people)
    finally:
        other.close()


# -- time entries ---------------------------------------------------------------------------
def _activity(jalon: Jalon, group: Group) -> Activity:
    """DPI-01 (build, managed by `manager`) and MCO-01 (run), registered in 2024; `staff`
    in the MCO team led by `lead`."""
    return seed_activity(group, people=jalon.people, projects=jalon.projects, teams=jalon.teams)


def _sheets(jalon: Jalon) -> list[tuple[str, str, int, int]]:
    """(week, state, total minutes, entered on behalf) of every sheet, from the views."""
    with jalon.database.reading() as cursor:
        rows = cursor.execute(
            "SELECT week, state, total_minutes, on_behalf FROM timesheets"
        ).fetchall()
    return sorted((r["week"], r["state"], r["total_minutes"], r["on_behalf"]) for r in rows)


def test_time_entries_become_each_weeks_sheet_submitted_for_validation_once(
    jalon: Jalon, group: Group
) -> None:
    activity = _activity(jalon, group)
    staff = group.staff.person_id
    assert staff is not None
    workbook = time_entries(
        ["staff", "2025-W40", "MCO-01", 30, "support"],
        ["staff", "2025-W40", "dpi-01", "7,5", "recette"],
        ["Staff", date(2025, 10, 8), "MCO-01", time(7, 30), None],  # a day of week 41
        ["lead", "2025-W41", "MCO-01", 35, ""],
    )
    report = run(jalon, xlsx(workbook))
    assert report.accepted, report.problems
    assert report.recorded == {"time sheets submitted": 3}
    assert _sheets(jalon) == [
        ("2025-W40", "submitted", 37 * 60 + 30, 1),
        ("2025-W41", "submitted", 7 * 60 + 30, 1),  # staff
        ("2025-W41", "submitted", 35 * 60, 1),  # lead
    ]
    head = jalon.runner.log.head_position()
    again = run(jalon, xlsx(workbook))
    assert again.accepted and again.recorded == {}
    assert jalon.runner.log.head_position() == head
    jalon.timesheets.validate(activity.lead, staff, "2025-W40")  # the team lead, in Jalon
    changed = time_entries(*workbook["time_entries"][1:3], ["staff", "2025-W41", "MCO-01", 8, ""])
    assert run(jalon, xlsx(changed)).recorded == {"time sheets changed and submitted again": 1}
    sheet = jalon.timesheets.load(staff, IsoWeek.parse("2025-W41"))
    assert sheet.state is SheetState.SUBMITTED and sheet.total_minutes == 8 * 60
    refused = time_entries(["staff", "2025-W40", "MCO-01", 31, "support"])
    report = run(jalon, xlsx(refused))
    assert [(p.row, p.reason) for p in report.problems] == [
        (2, "the 2025-W40 sheet is validated: it cannot be changed")
    ]


def test_invalid_time_entries_import_nothing_and_each_is_reported_on_its_row(
    jalon: Jalon, group: Group
) -> None:
    _activity(jalon, group)
    head = jalon.runner.log.head_position()
    report = run(
        jalon,
        xlsx(
            time_entries(
                ["nobody", "2025-W40", "MCO-01", 7, ""],
                ["staff", "2025-W40", "GHOST", 7, ""],
                ["staff", "2025-W41", "MCO-01", "-1", ""],
                ["staff", "2025-W42", "MCO-01", 7.3, ""],
                ["staff", "2025-W43", "MCO-01", "sept", ""],
                ["staff", "2025-W60", "MCO-01", 7, ""],
                ["staff", "2099-W10", "MCO-01", 7, ""],
                ["staff", "2025-W44", "MCO-01", 100, "a"],
                ["staff", "2025-W44", "DPI-01", 70, "b"],
                ["staff", "2025-W45", "MCO-01", 7, "x" * 81],
                ["lead", "2025-W40", "MCO-01", 7, ""],  # a valid week: not imported either
            )
        ),
    )
    assert not report.accepted and not report.recorded
    assert jalon.runner.log.head_position() == head
    found = {(p.row, p.column): p.reason for p in report.problems}
    assert set(found) == {
        (2, "A (person_login)"), (3, "C (project_code)"), (4, "D (hours)"), (5, "D (hours)"),
        (6, "D (hours)"), (7, "B (week)"), (8, "B (week)"), (9, None), (11, "E (activity)"),
    }  # fmt: skip
    assert found[(2, "A (person_login)")] == "no person with login 'nobody'"
    assert "no project GHOST" in found[(3, "C (project_code)")]
    assert found[(4, "D (hours)")] == "hours cannot be negative (got -1)"
    assert found[(5, "D (hours)")] == "hours must be in quarter hours (0.25), got 7.3"
    assert "expected a number of hours" in found[(6, "D (hours)")]
    assert "ISO week" in found[(7, "B (week)")]
    assert found[(8, "B (week)")] == "week 2099-W10 has not started yet"
    assert found[(9, None)] == "the lines add up to 170 h, more than the 168 h of a week"
    assert found[(11, "E (activity)")] == "activity is longer than 80 characters"


def test_time_entries_are_checked_as_their_command_and_warnings_are_reported(
    jalon: Jalon, group: Group
) -> None:
    _activity(jalon, group)
    others = time_entries(["staff", "2025-W40", "DPI-01", 7, ""])
    report = run(jalon, xlsx(others), group.manager)  # a project manager: their own time only
    assert [(p.row, p.column) for p in report.problems] == [(2, "A (person_login)")]
    assert "their own records" in report.problems[0].reason
    own = time_entries(["manager", "2025-W40", "DPI-01", 50, "pilotage"])
    report = run(jalon, xlsx(own), group.manager)
    assert report.recorded == {"time sheets submitted": 1}
    assert [(w.row, w.reason) for w in report.warnings] == [
        (2, "50 h recorded, above the weekly ceiling of 48 h")
    ]
    assert _sheets(jalon) == [("2025-W40", "submitted", 50 * 60, 0)]
