"""What the demo's escalations must show (called from tests/integration/test_demo.py, which
loads the full demo once)."""

from __future__ import annotations

from datetime import datetime

from domain.calendar import Month
from governance_rules.replay import HistoryEvent, Replayer, recorded_automatic, replay
from infrastructure.bootstrap import Jalon
from projections.history import governance_history
from projections.queries.commitments import commitments_report
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
    assert_replayed_facts_match_the_reports(jalon, history, now)


def assert_replayed_facts_match_the_reports(
    jalon: Jalon, history: list[HistoryEvent], now: datetime
) -> None:
    """Once every event is applied, the replay's validated time per team and month equals the
    time-share view's, and its service verdicts the commitments report's."""
    zone = jalon.settings.zone
    replayer = Replayer(history, zone=zone)
    replayer.close_month(Month.containing(now, zone))  # applies everything stamped before
    facts = replayer.facts
    with jalon.database.reading() as cursor:
        for month in (Month(2024, 6), Month(2025, 11), Month(2026, 9)):
            view = {
                (r["team_id"], r["kind"]): int(r["minutes"])
                for r in cursor.execute(
                    "SELECT team_id, kind, SUM(minutes) AS minutes FROM time_share_months "
                    "WHERE month=%s AND state='validated' AND team_id <> '' "
                    "GROUP BY team_id, kind HAVING SUM(minutes) <> 0",
                    (str(month),),
                ).fetchall()
            }
            replayed = {}
            for t in facts.time.team_months(str(month), facts.teams):
                replayed |= {(t.team, "run"): t.run_minutes, (t.team, "build"): t.build_minutes}
            assert view and {k: v for k, v in replayed.items() if v} == view
            report = commitments_report(cursor, month, zone=zone, now=now)
            verdicts = {(s.service, s.verdict) for _, s in facts.services.month(month, now)}
            assert verdicts == {(r["code"], r["verdict"]) for r in report["services"]}
