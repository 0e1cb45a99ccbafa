"""Reading the escalation board: escalations by state, one escalation with its steps."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from infrastructure.database import Cursor, Row
from infrastructure.sqlvalues import timestamp_text
from projections.queries.governance import people_refs

STATES = ("opened", "acknowledged", "action_plan_agreed", "monitoring", "closed", "cancelled")
_SELECT = (
    "SELECT e.*, p.code AS project_code, p.name AS project_name, p.manager_id "
    "FROM escalations e LEFT JOIN portfolio_projects p ON p.project_id = e.project_id"
)


def _row(row: Row, people: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": row["escalation_id"],
        "project": {
            "id": row["project_id"],
            "code": row["project_code"],
            "name": row["project_name"],
        },
        "state": row["state"],
        "origin": row["origin"],
        "reason": row["reason"],
        "rule": row["rule"],
        "rule_set_hash": row["rule_set_hash"],
        "facts": json.loads(row["facts"]),
        "threshold": row["threshold"],
        "checkpoint": row["checkpoint"],
        "opened_at": row["opened_at"],
        "opened_by": row["opened_by"],
        "assistant": people.get(row["assistant_id"]) if row["assistant_id"] else None,
        "actions": [{**a, "owner": people.get(a["owner_id"])} for a in json.loads(row["actions"])],
        "updated_at": row["updated_at"],
        "ended_at": row["ended_at"],
        "version": row["version"],
    }


def _people(cursor: Cursor, rows: list[Row]) -> dict[str, Any]:
    ids = {r["assistant_id"] for r in rows if r["assistant_id"]}
    for r in rows:
        ids |= {a["owner_id"] for a in json.loads(r["actions"])}
    return people_refs(cursor, ids)


def list_escalations(
    cursor: Cursor,
    *,
    state: str | None = None,
    project_id: str | None = None,
    origin: str | None = None,
    limit: int = 100,
    offset: int = 0,
) -> list[dict[str, Any]]:
    where, params = [], []
    for column, value in (("e.state", state), ("e.project_id", project_id), ("e.origin", origin)):
        if value is not None:
            where.append(f"{column}=%s")
            params.append(value)
    sql = _SELECT + (f" WHERE {' AND '.join(where)}" if where else "")
    sql += " ORDER BY e.opened_at DESC, e.position DESC LIMIT %s OFFSET %s"
    rows = cursor.execute(sql, (*params, limit, offset)).fetchall()
    people = _people(cursor, rows)
    return [_row(r, people) for r in rows]


def board(cursor: Cursor) -> dict[str, Any]:
    """How many escalations stand in each state, and the open ones, oldest first."""
    counts = dict.fromkeys(STATES, 0)
    for r in cursor.execute(
        "SELECT state, COUNT(*) AS n FROM escalations GROUP BY state"
    ).fetchall():
        counts[r["state"]] = int(r["n"])
    rows = cursor.execute(
        _SELECT + " WHERE e.state NOT IN ('closed', 'cancelled') ORDER BY e.opened_at, e.position"
    ).fetchall()
    people = _people(cursor, rows)
    columns: dict[str, list[dict[str, Any]]] = {s: [] for s in STATES[:4]}
    for r in rows:
        columns[r["state"]].append(_row(r, people))
    return {"counts": counts, "open": columns}


def get_escalation(cursor: Cursor, escalation_id: str) -> dict[str, Any] | None:
    row = cursor.execute(_SELECT + " WHERE e.escalation_id=%s", (escalation_id,)).fetchone()
    if row is None:
        return None
    result = _row(row, _people(cursor, [row]))
    result["steps"] = [
        {
            "step": s["step"], "state": s["state"], "actor": s["actor"], "reason": s["reason"],
            "at": s["at"], "detail": json.loads(s["detail"]), "position": s["position"],
        }
        for s in cursor.execute(
            "SELECT * FROM escalation_steps WHERE escalation_id=%s ORDER BY position",
            (escalation_id,),
        ).fetchall()
    ]  # fmt: skip
    return result


def open_escalations_by_project(cursor: Cursor, at: datetime | None = None) -> dict[str, int]:
    """How many escalations each project had open at the instant `at` (default: now):
    opened by then and not closed or cancelled by then."""
    if at is None:
        rows = cursor.execute(
            "SELECT project_id, COUNT(*) AS open FROM escalations WHERE ended_at IS NULL "
            "GROUP BY project_id"
        ).fetchall()
    else:
        moment = timestamp_text(at)
        rows = cursor.execute(
            "SELECT project_id, COUNT(*) AS open FROM escalations WHERE opened_at <= %s "
            "AND (ended_at IS NULL OR ended_at > %s) GROUP BY project_id",
            (moment, moment),
        ).fetchall()
    return {str(r["project_id"]): int(r["open"]) for r in rows}
