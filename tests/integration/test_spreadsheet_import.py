"""Importing workbooks on SQLite and PostgreSQL: all or nothing, idempotent, files from
LibreOffice and Excel, and the export → import round trip."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from api.spreadsheets.exports import portfolio_workbook
from domain.principal import SYSTEM
from domain.services.imports import ImportReport
from infrastructure.bootstrap import Jalon, bootstrap
from infrastructure.settings import Settings
from infrastructure.spreadsheet import read_xlsx
from projections.queries.exports import import_rows
from projections.queries.portfolio import PortfolioFilter, find_project, list_portfolio
from tests.spreadsheets import excel_style, valid_sheets, xlsx
from tests.support import Group, seed_group

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
