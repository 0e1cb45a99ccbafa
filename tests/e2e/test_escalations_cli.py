"""`jalon escalations ...` and `jalon rules what-if`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from governance_rules.loading import SHIPPED
from infrastructure.bootstrap import Jalon
from tests.e2e.test_cli import invoke
from tests.integration.test_escalation_policy import build_history
from tests.support import Group


@pytest.fixture
def database_url(tmp_path: Path) -> str:
    """The commands are thin over the services and views tested on both backends: SQLite."""
    return f"sqlite:///{tmp_path / 'jalon.db'}"


@pytest.fixture
def cli(
    jalon: Jalon, group: Group, database_url: str, monkeypatch: pytest.MonkeyPatch
) -> CliRunner:
    build_history(jalon, group)
    jalon.runner.catch_up()
    monkeypatch.setenv("JALON_DATABASE_URL", database_url)
    return CliRunner()


def test_policy_board_steps_and_what_if(cli: CliRunner, group: Group) -> None:
    code, out = invoke(cli, "escalations", "policy", "--until", "2025-05")
    assert code == 0, out
    assert "newly raised: 2" in out
    assert "newly raised: 0" in invoke(cli, "escalations", "policy", "--until", "2025-05")[1]
    code, out = invoke(cli, "escalations", "list", "--origin", "automatic", "--format", "json")
    rows = json.loads(out)
    assert {r["rule"] for r in rows} == {"forecast_over_envelope", "missing_monthly_report"}
    assert all(r["threshold"] and len(r["rule_set_hash"]) == 64 for r in rows)
    case = rows[0]["id"]
    assert invoke(cli, "escalations", "acknowledge", case, "--reason", "seen")[0] == 0
    code, out = invoke(
        cli,
        "escalations",
        "plan",
        case,
        "--action",
        "re-plan|manager|2026-01-31",
        "--reason",
        "agreed",
    )
    assert code == 0, out
    assert (
        invoke(cli, "escalations", "assign", case, "--assistant", "pmo", "--reason", "help")[0] == 0
    )
    assert invoke(cli, "escalations", "start-monitoring", case, "--reason", "go")[0] == 0
    assert invoke(cli, "escalations", "close", case, "--reason", "done")[0] == 0
    code, out = invoke(cli, "escalations", "open", "dpi-01", "--reason", "the PMO steps in")
    assert code == 0 and "opened" in out
    code, out = invoke(cli, "escalations", "open", "NOPE", "--reason", "x")
    assert code == 2 and "unknown project" in out
    code, out = invoke(cli, "escalations", "board", "--format", "json")
    counts = {r["state"]: r["escalations"] for r in json.loads(out)}
    assert counts["closed"] == 1 and counts["opened"] == 2
    v3 = str(SHIPPED.parent / "examples" / "anap-stricter.yaml")
    code, out = invoke(
        cli, "rules", "what-if", v3, "--from", "2025-01", "--to", "2025-05", "--format", "json"
    )
    assert code == 0, out
    report = json.loads(out)
    assert report["summary"]["recorded"] == 2 and report["rule_set"]["label"] == "anap-stricter v1"
    code, out = invoke(cli, "rules", "what-if", v3, "--from", "2025-13", "--to", "2025-05")
    assert code == 2 and "from" in out
    code, out = invoke(cli, "escalations", "plan", case, "--action", "no owner", "--reason", "x")
    assert code == 2 and "DESCRIPTION|OWNER_LOGIN|YYYY-MM-DD" in out


@pytest.fixture
def review_cli(
    jalon: Jalon, group: Group, database_url: str, monkeypatch: pytest.MonkeyPatch
) -> CliRunner:
    from tests.integration.test_monthly_review import build as build_october

    build_october(jalon, group)
    monkeypatch.setenv("JALON_DATABASE_URL", database_url)
    return CliRunner()


def test_report_monthly_review(review_cli: CliRunner, tmp_path: object) -> None:
    from openpyxl import load_workbook

    code, out = invoke(
        review_cli, "report", "monthly-review", "--month", "2025-10", "--format", "json"
    )
    assert code == 0, out
    found = json.loads(out)
    dpi = next(p for p in found["projects"] if p["code"] == "DPI-01")
    assert dpi["forecast"] == "112000.00" and dpi["variance_percent"] == "12.0"  # decimal strings
    target = Path(str(tmp_path)) / "review.xlsx"
    code, out = invoke(
        review_cli,
        "report",
        "monthly-review",
        "--month",
        "2025-10",
        "--xlsx",
        str(target),
        "--lang",
        "en",
    )
    assert code == 0, out
    assert load_workbook(target)["milestones"]["G2"].value == "met"
    code, out = invoke(review_cli, "report", "monthly-review", "--month", "2025-13")
    assert code == 2 and "--month" in out
