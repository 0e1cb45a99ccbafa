"""The Monthly Commitment Review (revue mensuelle des engagements) for one month, from the
views: projects' weather and its change since the previous month, budget vs plan,
milestones due in the month, gate decisions of the month, escalations opened / progressing /
closed, MCO services met / missed, run/build share per team, and what changed since the
previous month's review.

Weather, decisions, escalations, services and time are read for the month itself; projects'
phases and budgets, and the milestones due in the month, as they stood at the month's end
(from the rows' history), so a later change does not alter a past month's review."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from domain.calendar import Month
from governance_rules.escalation_rules import Thresholds
from governance_rules.run_share import RunShareCeiling
from infrastructure.database import Cursor
from infrastructure.sqlvalues import euros, timestamp_text
from projections.milestone_history import MILESTONE_HISTORY
from projections.portfolio import HISTORY
from projections.queries.commitments import commitments_report
from projections.queries.rulesets import rule_set_in_force
from projections.queries.timeshare import time_share_report

DIMENSIONS = ("quality", "cost", "deadline", "risk")
WEATHER_ORDER = ("green", "yellow", "orange", "red")
HUNDRED = Decimal(100)


def _bounds(month: Month, zone: ZoneInfo) -> tuple[str, str, datetime]:
    start = datetime.combine(month.first_day, time(0), tzinfo=zone)
    end = datetime.combine(month.next().first_day, time(0), tzinfo=zone)
    return timestamp_text(start), timestamp_text(end), end


def _weather(cursor: Cursor, month: Month) -> dict[str, dict[str, str]]:
    rows = cursor.execute(
        "SELECT project_id, quality, cost, deadline, risk FROM project_status_reports "
        "WHERE month=%s AND superseded=0 ORDER BY position",
        (str(month),),
    ).fetchall()
    return {r["project_id"]: {d: r[d] for d in DIMENSIONS} for r in rows}


def _trend(before: dict[str, str] | None, now: dict[str, str] | None) -> str:
    if before is None or now is None:
        return "new" if before is None and now is not None else "none"
    worst_before = max(WEATHER_ORDER.index(before[d]) for d in DIMENSIONS)
    worst_now = max(WEATHER_ORDER.index(now[d]) for d in DIMENSIONS)
    return "worse" if worst_now > worst_before else "better" if worst_now < worst_before else "same"


def _last_instant(end_instant: datetime) -> str:
    """The month's last instant (the rows' history is read "as of" an instant, inclusive)."""
    return timestamp_text(end_instant - timedelta(microseconds=1))


def _projects(cursor: Cursor, month: Month, as_of: str) -> list[dict[str, Any]]:
    """The projects registered by the month's end, their phase and budget then."""
    now, before = _weather(cursor, month), _weather(cursor, month.previous())
    rows = cursor.execute(
        "SELECT project_id, code, name, establishment, kind, phase, envelope_cents, "  # noqa: S608
        f"forecast_cents, spent_cents, committed_cents FROM {HISTORY.as_of_source(cursor.dialect)} p "
        "ORDER BY code",
        (as_of,),
    ).fetchall()
    projects = []
    for r in rows:
        envelope, forecast = euros(r["envelope_cents"]), euros(r["forecast_cents"])
        variance = forecast - envelope
        weather, previous = now.get(r["project_id"]), before.get(r["project_id"])
        if weather is None and r["phase"] in ("closed", "abandoned"):
            continue  # ended before the month: nothing to review
        projects.append({
            "code": r["code"], "name": r["name"], "establishment": r["establishment"],
            "kind": r["kind"], "phase": r["phase"], "weather": weather,
            "previous_weather": previous, "trend": _trend(previous, weather),
            "envelope": envelope, "committed": euros(r["committed_cents"]),
            "spent": euros(r["spent_cents"]), "forecast": forecast, "variance": variance,
            "variance_percent": (variance * HUNDRED / envelope).quantize(Decimal("0.1")) if envelope else None,
        })  # fmt: skip
    return projects


def _milestones(cursor: Cursor, month: Month, today: str, as_of: str) -> list[dict[str, Any]]:
    """Milestones whose baseline falls in the month, as they stood at its end: met (achieved
    by the baseline), slipped (achieved later, or re-forecast after the month), missed (not
    achieved, month over)."""
    rows = cursor.execute(
        "SELECT m.*, p.code FROM "  # noqa: S608
        f"{MILESTONE_HISTORY.as_of_source(cursor.dialect)} m JOIN portfolio_projects p "
        "ON p.project_id = m.project_id WHERE m.baseline >= %s AND m.baseline <= %s "
        "ORDER BY m.baseline, p.code, m.name",
        (as_of, month.first_day.isoformat(), month.last_day.isoformat()),
    ).fetchall()
    result = []
    for r in rows:
        if r["achieved_on"] is not None:
            status = "met" if r["achieved_on"] <= r["baseline"] else "slipped"
        elif r["forecast"] > month.last_day.isoformat():
            status = "slipped"
        elif today > month.last_day.isoformat():
            status = "missed"
        else:
            status = "due"
        result.append({
            "project": r["code"], "name": r["name"], "baseline": r["baseline"],
            "forecast": r["forecast"], "achieved_on": r["achieved_on"],
            "slippage_days": r["slippage_days"], "status": status,
        })  # fmt: skip
    return result


def _decisions(cursor: Cursor, start: str, end: str) -> list[dict[str, Any]]:
    rows = cursor.execute(
        "SELECT d.decided_at, d.subject, d.outcome, d.reason, d.rule_set_label, p.code, "
        "b.code AS body FROM gate_decisions d "
        "LEFT JOIN portfolio_projects p ON p.project_id = d.project_id "
        "LEFT JOIN governance_bodies b ON b.body_id = d.body_id "
        "WHERE d.decided_at >= %s AND d.decided_at < %s ORDER BY d.decided_at, d.position",
        (start, end),
    ).fetchall()
    return [
        {"decided_at": r["decided_at"], "project": r["code"], "subject": r["subject"],
         "outcome": r["outcome"], "body": r["body"], "reason": r["reason"],
         "rule_set": r["rule_set_label"]}
        for r in rows
    ]  # fmt: skip


def _escalations(cursor: Cursor, start: str, end: str) -> dict[str, list[dict[str, Any]]]:
    rows = cursor.execute(
        "SELECT e.escalation_id, e.state, e.origin, e.rule, e.reason, e.opened_at, e.ended_at, "
        "p.code, (SELECT COUNT(*) FROM escalation_steps s WHERE s.escalation_id = e.escalation_id "
        "AND s.at >= %s AND s.at < %s) AS steps FROM escalations e "
        "LEFT JOIN portfolio_projects p ON p.project_id = e.project_id "
        "WHERE e.opened_at < %s AND (e.ended_at IS NULL OR e.ended_at >= %s) "
        "ORDER BY e.opened_at, e.position",
        (start, end, end, start),
    ).fetchall()
    sections: dict[str, list[dict[str, Any]]] = {"opened": [], "progressing": [], "closed": []}
    for r in rows:
        row = {
            "id": r["escalation_id"], "project": r["code"], "state": r["state"],
            "origin": r["origin"], "rule": r["rule"], "reason": r["reason"],
            "opened_at": r["opened_at"], "ended_at": r["ended_at"],
        }  # fmt: skip
        if r["ended_at"] is not None and r["ended_at"] < end:
            sections["closed"].append(row)
        elif r["opened_at"] >= start:
            sections["opened"].append(row)
        else:
            sections["progressing"].append(row)  # open through the month
    return sections


def _run_share(
    cursor: Cursor, month: Month, end_instant: datetime
) -> tuple[list[dict[str, Any]], Decimal]:
    adopted = rule_set_in_force(cursor, end_instant)
    ceiling = Thresholds.of(adopted.rules if adopted else None).run_share_ceiling
    report = time_share_report(
        cursor, first=month, last=month, by="team", ceiling=RunShareCeiling(ceiling)
    )
    teams = [
        {"team": r.get("code") or "", "name": r["name"], **{k: r["months"][0][k] for k in (
            "run_hours", "build_hours", "run_share", "above_threshold")}}
        for r in report["rows"]
        if r["key"] is not None
    ]  # fmt: skip
    return teams, ceiling


def review(
    cursor: Cursor, month: Month, *, zone: ZoneInfo, now: datetime, compare: bool = True
) -> dict[str, Any]:
    start, end, end_instant = _bounds(month, zone)
    today = now.astimezone(zone).date().isoformat()
    as_of = _last_instant(end_instant)
    services = commitments_report(cursor, month, zone=zone, now=now)
    teams, ceiling = _run_share(cursor, month, end_instant)
    result: dict[str, Any] = {
        "month": str(month),
        "projects": _projects(cursor, month, as_of),
        "milestones": _milestones(cursor, month, today, as_of),
        "decisions": _decisions(cursor, start, end),
        "escalations": _escalations(cursor, start, end),
        "services": [
            {
                "code": s["code"],
                "name": s["name"],
                "team": s["team"]["code"],
                "availability_target": s["availability_target"],
                "availability": s["availability"],
                "p1_over_limit": s["p1_over_limit"],
                "verdict": s["verdict"],
            }
            for s in services["services"]
        ],
        "run_share_ceiling": ceiling,
        "teams": teams,
    }
    result["summary"] = {
        "projects": len(result["projects"]),
        "red_projects": sum(1 for p in result["projects"] if p["weather"] and "red" in p["weather"].values()),
        "over_envelope": sum(1 for p in result["projects"] if p["variance"] > 0),
        "milestones": {s: sum(1 for m in result["milestones"] if m["status"] == s) for s in ("met", "slipped", "missed", "due")},
        "decisions": len(result["decisions"]),
        "escalations": {k: len(v) for k, v in result["escalations"].items()},
        "services": services["summary"],
        "teams_above_ceiling": sum(1 for t in teams if t["above_threshold"]),
    }  # fmt: skip
    if compare:
        result["changes"] = changes_since(
            review(cursor, month.previous(), zone=zone, now=now, compare=False), result
        )
    return result


def changes_since(previous: dict[str, Any], current: dict[str, Any]) -> list[dict[str, Any]]:
    """What changed since the previous month's review: weather per project and dimension,
    services' verdicts, teams crossing the run-share ceiling, and the summary's counts."""
    changes: list[dict[str, Any]] = []
    before = {p["code"]: p["weather"] for p in previous["projects"]}
    for p in current["projects"]:
        old, new = before.get(p["code"]), p["weather"]
        if old is None or new is None:
            continue
        for d in DIMENSIONS:
            if old[d] != new[d]:
                changes.append(
                    {
                        "kind": "weather",
                        "subject": f"{p['code']} {d}",
                        "before": old[d],
                        "after": new[d],
                    }
                )
    verdicts = {s["code"]: s["verdict"] for s in previous["services"]}
    for s in current["services"]:
        if s["code"] in verdicts and verdicts[s["code"]] != s["verdict"]:
            changes.append(
                {
                    "kind": "service",
                    "subject": s["code"],
                    "before": verdicts[s["code"]],
                    "after": s["verdict"],
                }
            )
    above = {t["team"]: t["above_threshold"] for t in previous["teams"]}
    for t in current["teams"]:
        was_above = above.get(t["team"], False)  # no time last month: not above
        if was_above != t["above_threshold"]:
            changes.append({"kind": "run_share", "subject": t["team"],
                            "before": "above" if was_above else "below",
                            "after": "above" if t["above_threshold"] else "below"})  # fmt: skip
    for key in ("red_projects", "over_envelope", "decisions", "teams_above_ceiling"):
        if previous["summary"][key] != current["summary"][key]:
            changes.append(
                {
                    "kind": "count",
                    "subject": key,
                    "before": str(previous["summary"][key]),
                    "after": str(current["summary"][key]),
                }
            )
    return changes
