"""The MCO commitments review for one month: per service, availability achieved vs target,
priority-1 incidents over the resolution limit, met / missed."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from domain.calendar import Month
from domain.commitments import Commitments, assess, availability_from_minutes
from infrastructure.database import Cursor
from infrastructure.sqlvalues import parse_timestamp, timestamp_text
from projections.commitments import PERCENT_SCALE

_THREE_PLACES = Decimal("0.001")


def _percent(thousandths: int) -> Decimal:
    return (Decimal(thousandths) / PERCENT_SCALE).quantize(_THREE_PLACES)


def _month_bounds(month: Month, zone: ZoneInfo) -> tuple[str, str]:
    start = datetime.combine(month.first_day, datetime.min.time(), tzinfo=zone)
    end = datetime.combine(month.next().first_day, datetime.min.time(), tzinfo=zone)
    return timestamp_text(start), timestamp_text(end)


def _in_force(cursor: Cursor, month: Month) -> dict[str, Commitments]:
    """Each service's commitments in force in the month (the latest effective by then)."""
    commitments: dict[str, Commitments] = {}
    for row in cursor.execute(
        "SELECT service_id, target_mpct, p1_resolution_minutes FROM mco_commitments "
        "WHERE effective_from <= %s ORDER BY service_id, effective_from",
        (str(month),),
    ).fetchall():
        commitments[row["service_id"]] = Commitments(
            _percent(row["target_mpct"]), row["p1_resolution_minutes"]
        )
    return commitments


def _incidents(
    cursor: Cursor, month: Month, zone: ZoneInfo, now: datetime
) -> dict[str, dict[str, Any]]:
    """Incidents opened in the month: counts, and how long each priority-1 took (or has
    taken so far, when still open), in minutes."""
    start, end = _month_bounds(month, zone)
    incidents: dict[str, dict[str, Any]] = {}
    for row in cursor.execute(
        "SELECT service_id, priority, opened_at, resolved_at FROM mco_incidents "
        "WHERE opened_at >= %s AND opened_at < %s",
        (start, end),
    ).fetchall():
        entry = incidents.setdefault(row["service_id"], {"total": 0, "open": 0, "p1": []})
        entry["total"] += 1
        entry["open"] += row["resolved_at"] is None
        if row["priority"] == 1:
            closed = parse_timestamp(row["resolved_at"]) if row["resolved_at"] else now
            taken = closed - parse_timestamp(row["opened_at"])
            entry["p1"].append(int(taken.total_seconds() // 60))
    return incidents


def commitments_report(
    cursor: Cursor, month: Month, *, zone: ZoneInfo, now: datetime
) -> dict[str, Any]:
    in_force = _in_force(cursor, month)
    incidents = _incidents(cursor, month, zone, now)
    measured = {
        r["service_id"]: r
        for r in cursor.execute(
            "SELECT * FROM mco_availability WHERE month=%s", (str(month),)
        ).fetchall()
    }
    services = cursor.execute(
        "SELECT s.service_id, s.code, s.name, t.code AS team_code, t.name AS team_name "
        "FROM mco_services s JOIN teams t ON t.team_id = s.team_id ORDER BY s.code"
    ).fetchall()
    rows = []
    for service in services:
        commitments = in_force.get(service["service_id"])
        if commitments is None:
            continue  # no commitment in force yet that month
        measure = measured.get(service["service_id"])
        counts = incidents.get(service["service_id"], {"total": 0, "open": 0, "p1": []})
        availability = _availability(measure)
        verdict = assess(commitments, availability, counts["p1"])
        rows.append({
            "code": service["code"],
            "name": service["name"],
            "team": {"code": service["team_code"], "name": service["team_name"]},
            "availability_target": commitments.availability_target,
            "p1_resolution_hours": Decimal(commitments.p1_resolution_minutes) / 60,
            "availability": None if availability is None else availability.quantize(_THREE_PLACES),
            "planned_minutes": measure["planned_minutes"] if measure else None,
            "unplanned_minutes": measure["unplanned_minutes"] if measure else None,
            "availability_met": verdict.availability_met,
            "incidents": counts["total"],
            "open_incidents": counts["open"],
            "p1_incidents": verdict.p1_incidents,
            "p1_over_limit": verdict.p1_over_limit,
            "verdict": verdict.verdict.value,
        })  # fmt: skip
    summary = {
        v: sum(1 for r in rows if r["verdict"] == v) for v in ("met", "missed", "not_measured")
    }
    return {"month": str(month), "services": rows, "summary": summary}


def _availability(measure: Any) -> Decimal | None:
    if measure is None:
        return None
    if measure["availability_mpct"] is not None:
        return Decimal(measure["availability_mpct"]) / PERCENT_SCALE
    return availability_from_minutes(
        measure["month_minutes"], measure["planned_minutes"], measure["unplanned_minutes"]
    )


def list_services(cursor: Cursor) -> list[dict[str, Any]]:
    """Every MCO service with the team keeping it and its latest commitments."""
    latest: dict[str, Any] = {}
    for row in cursor.execute(
        "SELECT * FROM mco_commitments ORDER BY service_id, effective_from"
    ).fetchall():
        latest[row["service_id"]] = row
    return [
        {
            "id": s["service_id"],
            "code": s["code"],
            "name": s["name"],
            "team": {"code": s["team_code"], "name": s["team_name"]},
            "availability_target": _percent(latest[s["service_id"]]["target_mpct"]),
            "p1_resolution_hours": Decimal(latest[s["service_id"]]["p1_resolution_minutes"]) / 60,
            "effective_from": latest[s["service_id"]]["effective_from"],
            "version": s["version"],
        }
        for s in cursor.execute(
            "SELECT s.*, t.code AS team_code, t.name AS team_name FROM mco_services s "
            "JOIN teams t ON t.team_id = s.team_id ORDER BY s.code"
        ).fetchall()
    ]
