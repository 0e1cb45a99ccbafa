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
        ]:
            assert view_rows(twin, table, order) == view_rows(jalon, table, order)
    finally:
        twin.close()
