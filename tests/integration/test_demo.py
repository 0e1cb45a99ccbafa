"""The demo group: realistic, complete, deterministic."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime

from demo.arbitration import CANDIDATES
from demo.loader import DEMO_PASSWORD, TOKEN_HOLDERS, build_history, set_demo_passwords
from demo.world import Cast
from domain.calendar import Month
from domain.values import Role
from governance_rules.run_share import RunShareCeiling
from infrastructure.bootstrap import Jalon, bootstrap
from infrastructure.settings import Settings
from projections.queries.commitments import commitments_report
from projections.queries.timeshare import time_share_report
from tests.integration.demo_erasure_checks import assert_erasure_leaves_no_trace
from tests.integration.demo_escalation_checks import assert_demo_escalations  # issue 6
from tests.integration.helpers import view_rows

NOW = datetime(2026, 11, 15, 12, 0, tzinfo=UTC)  # a Sunday


def test_the_demo_group_is_realistic(tmp_path) -> None:
    """The full group, on SQLite (the demo's backend); the determinism test below loads a
    smaller group on both backends."""
    jalon = bootstrap(Settings(database_url=f"sqlite:///{tmp_path / 'demo.db'}"))
    try:
        cast = build_history(jalon, seed=7, now=NOW)
        jalon.runner.catch_up()
        _assert_realistic_portfolio(jalon, cast)
        _assert_realistic_activity(jalon, len(cast.with_role(Role.STAFF)))
        set_demo_passwords(jalon, cast)
        for role in TOKEN_HOLDERS:
            signed_in = jalon.sign_in.sign_in(cast.first(role).login, DEMO_PASSWORD, client="t")
            assert role in signed_in.principal.roles
        assert_demo_escalations(jalon, NOW)  # issue 6
    finally:
        jalon.close()


def _assert_realistic_portfolio(jalon: Jalon, cast: Cast) -> None:
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


def _assert_realistic_activity(jalon: Jalon, staff: int) -> None:
    assert 290 <= staff <= 310
    teams = view_rows(jalon, "teams", "code")
    assert len(teams) == 23 and len(view_rows(jalon, "team_run_projects", "project_id")) == 20
    with jalon.database.reading() as cursor:
        states = {
            r["state"]: r["n"]
            for r in cursor.execute(
                "SELECT state, COUNT(*) AS n FROM timesheets GROUP BY state"
            ).fetchall()
        }
        people_with_sheets = cursor.scalar("SELECT COUNT(DISTINCT person_id) FROM timesheets")
        first_week = cursor.scalar("SELECT MIN(week) FROM timesheets")
        rejected = cursor.scalar(
            "SELECT COUNT(*) FROM timesheets WHERE rejection_reason IS NOT NULL"
        )
        imported = cursor.scalar("SELECT COUNT(*) FROM timesheets WHERE imported=1")
        planned = cursor.scalar("SELECT COUNT(DISTINCT project_id) FROM effort_plans")
        year = time_share_report(
            cursor,
            first=Month(2025, 11),
            last=Month(2026, 10),
            by="team",
            ceiling=RunShareCeiling(),
        )
        reviews = [
            commitments_report(cursor, Month(2025, 11).plus(i), zone=jalon.settings.zone, now=NOW)
            for i in range(12)
        ]
    assert states.keys() >= {"draft", "submitted", "validated"}
    assert states["validated"] > 40_000 and 200 <= states["submitted"] + states["draft"] <= 600
    assert people_with_sheets == staff and first_week <= "2023-W45"
    assert rejected > 0 and 30_000 < imported < states["validated"]
    assert planned == 112 + len(CANDIDATES)  # issue 7: the candidates are planned too
    assert year["alerts"] and year["rows"][0]["months"][0]["validated_hours"] > 0
    assert year["group"]["total"]["run_share"] is not None
    assert all(len(review["services"]) == 25 for review in reviews)
    missed = sum(review["summary"]["missed"] for review in reviews)
    assert 5 <= missed <= 80  # some months in breach, most met


def test_the_demo_is_deterministic_from_its_seed(jalon: Jalon, tmp_path) -> None:
    cast = build_history(jalon, seed=11, now=NOW, it_staff=20)
    jalon.runner.catch_up()
    twin = bootstrap(Settings(database_url=f"sqlite:///{tmp_path / 'twin.db'}"))
    try:
        build_history(twin, seed=11, now=NOW, it_staff=20)
        twin.runner.catch_up()
        for table, order in [
            ("portfolio_projects", "code"),
            ("project_milestones", "milestone_id"),
            ("gate_decisions", "position"),
            ("team_memberships", "person_id, since"),
            ("timesheets", "sheet_id"),
            ("time_facts", "sheet_id, project_id, month"),
            ("mco_availability", "service_id, month"),
            ("mco_incidents", "incident_id"),
        ]:
            assert view_rows(twin, table, order) == view_rows(jalon, table, order)
    finally:
        twin.close()
    assert_erasure_leaves_no_trace(jalon, cast)  # issue 11, on this history
