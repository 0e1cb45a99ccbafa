"""The demo group: realistic, complete, deterministic."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime

from demo.loader import build_history
from domain.values import Role
from infrastructure.bootstrap import Jalon, bootstrap
from infrastructure.settings import Settings
from tests.integration.helpers import view_rows

NOW = datetime(2026, 11, 15, 12, 0, tzinfo=UTC)


def test_the_demo_group_is_realistic(jalon: Jalon) -> None:
    cast = build_history(jalon, seed=7, now=NOW)
    jalon.runner.catch_up()
    projects = view_rows(jalon, "portfolio_projects", "code")
    kinds = Counter(p["kind"] for p in projects)
    assert 120 <= len(projects) <= 140
    assert kinds["run"] == 20
    assert len({p["establishment"] for p in projects}) == 12  # 11 establishments and the group
    assert {r for p in cast.people for r in p.roles} == set(Role)
    months = {r["month"] for r in view_rows(jalon, "project_status_reports", "position")}
    assert min(months) <= "2023-11" and max(months) == "2026-10"
    assert any(
        p["next_milestone_slippage_days"] and p["next_milestone_slippage_days"] > 30
        for p in projects
    )
    assert any(p["forecast_cents"] > p["envelope_cents"] * 1.1 for p in projects)
    assert any(p["weather_cost"] == "red" for p in projects)
    assert sum(p["open_risks"] for p in projects) > 100
    _the_life_cycles_are_realistic(jalon, projects)


def _the_life_cycles_are_realistic(jalon: Jalon, projects: list[dict[str, object]]) -> None:
    phases = Counter(p["phase"] for p in projects if p["kind"] == "build")
    assert phases["closed"] >= 20 and phases["abandoned"] >= 1
    assert len({"framing", "design", "build", "deployment", "closure"} & set(phases)) >= 4
    decisions = view_rows(jalon, "gate_decisions", "position")
    outcomes = Counter(d["outcome"] for d in decisions)
    assert set(outcomes) == {"approved", "approved_with_conditions", "rejected", "deferred"}
    assert {"suspend", "resume", "abandon"} <= {d["subject"] for d in decisions}
    labels = [d["rule_set_label"] for d in decisions]
    assert labels == sorted(labels)  # v1 until the revision, v2 after
    assert len({(d["rule_set_label"], d["rule_set_hash"]) for d in decisions}) == 2
    conditions = view_rows(jalon, "gate_conditions", "condition_id")
    assert any(c["lifted_at"] for c in conditions)
    assert any(r["status"] == "scheduled" for r in view_rows(jalon, "gate_reviews", "review_id"))
    reports = view_rows(jalon, "project_status_reports", "position")
    for project in projects:
        if project["phase"] in ("closed", "abandoned"):
            last = max((r["reported_at"] for r in reports if r["project_id"] == project["project_id"]),
                       default="")  # fmt: skip
            assert last < str(project["phase_since"])


def test_the_demo_is_deterministic_from_its_seed(jalon: Jalon, tmp_path) -> None:
    build_history(jalon, seed=11, now=NOW)
    jalon.runner.catch_up()
    twin = bootstrap(Settings(database_url=f"sqlite:///{tmp_path / 'twin.db'}"))
    try:
        build_history(twin, seed=11, now=NOW)
        twin.runner.catch_up()
        for table, order in [
            ("portfolio_projects", "code"),
            ("project_milestones", "milestone_id"),
            ("gate_decisions", "position"),
        ]:
            assert view_rows(twin, table, order) == view_rows(jalon, table, order)
    finally:
        twin.close()
