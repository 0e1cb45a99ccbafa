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


def test_score_then_rank_and_bad_input(cli: CliRunner) -> None:
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
