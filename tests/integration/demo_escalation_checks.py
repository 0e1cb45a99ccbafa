"""What the demo's escalations must show (called from tests/integration/test_demo.py, which
loads the full demo once)."""

from __future__ import annotations

from datetime import datetime

from domain.calendar import Month
from governance_rules.replay import recorded_automatic, replay
from infrastructure.bootstrap import Jalon
from projections.history import governance_history
from projections.queries.escalations import STATES
from tests.integration.helpers import view_rows

TEAM_RULES = ("mco_commitment_missed", "run_share_above_ceiling")


def assert_demo_escalations(jalon: Jalon, now: datetime) -> None:
    rows = view_rows(jalon, "escalations", "position")
    assert {r["state"] for r in rows} == set(STATES)
    assert {r["origin"] for r in rows} == {"manual", "automatic"}
    rules = {r["rule"] for r in rows if r["rule"]}
    assert len(rules) >= 5
    # the team rules raise on run projects (MCO services missed, run share above the ceiling)
    assert {"mco_commitment_missed", "run_share_above_ceiling"} <= rules
    run_projects = {r["project_id"] for r in view_rows(jalon, "team_run_projects", "project_id")}
    assert {r["project_id"] for r in rows if r["rule"] in TEAM_RULES} <= run_projects
    # the policy finds nothing new after the demo, and the replay reproduces what it raised
    head = jalon.runner.log.head_position()
    assert jalon.escalation_policy.run(now).raised == []
    assert jalon.runner.log.head_position() == head
    history = governance_history(jalon.runner.log)
    zone = jalon.settings.zone
    first = Month.containing(min(e.timestamp for e in history), zone)
    again = replay(history, zone=zone, first=first, last=Month.containing(now, zone).previous())
    assert {c.key for c in again} == {r.key for r in recorded_automatic(history)}
