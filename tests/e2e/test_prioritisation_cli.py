"""`jalon scores ...` and `jalon portfolio --rank`."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from domain.principal import SYSTEM
from governance_rules.loading import SHIPPED
from infrastructure.bootstrap import Jalon
from tests.e2e.test_cli import invoke
from tests.support import Group, project_registration


@pytest.fixture
def cli(
    jalon: Jalon, group: Group, database_url: str, monkeypatch: pytest.MonkeyPatch
) -> CliRunner:
    source = (SHIPPED / "anap-priority-v1.yaml").read_text(encoding="utf-8")
    jalon.rulesets.adopt(SYSTEM, source=source, reason="priorities")
    for code in ("DPI-A", "DPI-B"):
        jalon.projects.register(group.pmo, project_registration(group, code))
    jalon.runner.catch_up()
    monkeypatch.setenv("JALON_DATABASE_URL", database_url)
    return CliRunner()


def test_scores_ranking_capacity_scenarios(jalon: Jalon, group: Group, cli: CliRunner) -> None:
    check_capacity_and_scenarios(jalon, group, cli)
    code, out = invoke(cli, "scores", "set", "DPI-B", "patient_safety=5", "cost=0", "--reason", "r")
    assert code == 0, out
    code, out = invoke(cli, "portfolio", "--rank", "--format", "json")
    assert code == 0, out
    rows = json.loads(out)
    assert [(r["rank"], r["code"], r["score"]) for r in rows] == [
        (1, "DPI-B", "30.00"),  # 20 (safety 5/5) + 10 (cost 0: the best)
        (2, "DPI-A", "0.00"),
    ]
    code, out = invoke(cli, "scores", "show", "DPI-B", "--format", "csv")
    assert code == 0 and "total" in out and "30.00" in out
    # bad input: one sentence, exit 2
    assert invoke(cli, "scores", "set", "DPI-A", "risk=9", "--reason", "r")[0] == 2
    assert invoke(cli, "scores", "set", "DPI-A", "risk", "--reason", "r")[0] == 2
    assert invoke(cli, "scores", "set", "NOPE-1", "risk=1", "--reason", "r")[0] == 2
    assert invoke(cli, "portfolio", "--rank", "--ruleset", "zz")[0] == 2


def check_capacity_and_scenarios(jalon: Jalon, group: Group, cli: CliRunner) -> None:
    scenarios = jalon.scenarios
    scenarios.draft(group.pmo, code="S1", name="Plan", envelopes={2026: "1000"}, reason="r")
    jalon.runner.catch_up()
    code, out = invoke(cli, "scenarios", "list", "--format", "json")
    assert code == 0, out
    assert [(s["code"], s["state"]) for s in json.loads(out)] == [("S1", "draft")]
    code, out = invoke(cli, "scenarios", "evaluate", "S1", "--from", "2026-01", "--to", "2026-03",
                       "--format", "json")  # fmt: skip
    assert code == 0, out
    body = json.loads(out)
    assert [(b["month"], b["envelope"], b["over"]) for b in body["budget"]] == [
        ("2026-01", "1000.00", False), ("2026-02", "1000.00", False), ("2026-03", "1000.00", False),
    ]  # fmt: skip
    assert invoke(cli, "capacity", "--from", "2026-01", "--to", "2026-02")[0] == 0
    assert invoke(cli, "scenarios", "evaluate", "NOPE")[0] == 2
    assert invoke(cli, "capacity", "--from", "2026-13")[0] == 2
