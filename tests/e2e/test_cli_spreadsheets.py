"""`jalon template xlsx`, `jalon import xlsx` and `jalon export`: files in, files out."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import openpyxl
from typer.testing import CliRunner

from domain.clock import recording_at
from infrastructure.bootstrap import bootstrap
from infrastructure.settings import Settings
from tests.e2e.test_cli import cli, invoke  # noqa: F401 - the fixture
from tests.spreadsheets import time_entries, valid_sheets, xlsx
from tests.support import project_registration, seed_group


def test_template_import_and_exports_from_the_command_line(
    cli: CliRunner,  # noqa: F811
    database_url: str,
    tmp_path: Path,
) -> None:
    jalon = bootstrap(Settings(database_url=database_url))
    group = seed_group(jalon.reference, jalon.people)
    with recording_at(datetime(2024, 1, 2, tzinfo=UTC)):  # before the weeks of time entries
        jalon.projects.register(group.pmo, project_registration(group, "OLD-01"))
    jalon.close()
    template = tmp_path / "template.xlsx"
    assert invoke(cli, "template", "xlsx", "-o", str(template), "--lang", "en")[0] == 0
    assert openpyxl.load_workbook(template).sheetnames[1:] == [
        "projects", "budgets", "milestones", "weather", "time_entries",
    ]  # fmt: skip
    bad = valid_sheets()
    bad["weather"].append(["DPI-01", "2025-13", "green", "green", "green", "green"])
    (tmp_path / "bad.xlsx").write_bytes(xlsx(bad))
    code, out = invoke(cli, "import", "xlsx", str(tmp_path / "bad.xlsx"))
    assert code == 2
    assert "bad.xlsx: weather row 4 column B (month):" in out
    assert "1 problem(s) in bad.xlsx: nothing was imported" in out
    (tmp_path / "good.xlsx").write_bytes(xlsx(valid_sheets()))
    code, out = invoke(cli, "import", "xlsx", str(tmp_path / "good.xlsx"))
    assert code == 0 and "projects registered: 1" in out
    code, out = invoke(cli, "import", "xlsx", str(tmp_path / "good.xlsx"))
    assert code == 0 and "nothing new" in out
    week = time_entries(
        ["staff", "2025-W40", "OLD-01", 45, ""], ["staff", "2025-W40", "OLD-01", 5, "x"]
    )
    (tmp_path / "time.xlsx").write_bytes(xlsx(week))
    code, out = invoke(cli, "import", "xlsx", str(tmp_path / "time.xlsx"))
    assert code == 0 and "time sheets submitted: 1" in out
    assert "time.xlsx: warning: time_entries row 2: 50 h recorded, above the weekly" in out
    code, out = invoke(cli, "import", "xlsx", str(tmp_path / "time.xlsx"))
    assert code == 0 and "nothing new" in out
    (tmp_path / "notes.txt").write_text("hello")
    code, out = invoke(cli, "import", "xlsx", str(tmp_path / "notes.txt"))
    assert code == 2 and "not an Excel workbook" in out
    exported = tmp_path / "portfolio.xlsx"
    assert invoke(cli, "export", "portfolio", "-o", str(exported))[0] == 0
    assert openpyxl.load_workbook(exported)["portefeuille"]["A2"].value == "DPI-01"
    code, out = invoke(cli, "import", "xlsx", str(exported))
    assert code == 0 and "nothing new" in out
    decisions = tmp_path / "decisions.xlsx"
    assert invoke(cli, "export", "decisions", "--project", "dpi-01", "-o", str(decisions))[0] == 0
    assert openpyxl.load_workbook(decisions).sheetnames == ["décisions"]
