"""Teams with their lead, run projects and members (names from the directory)."""

from __future__ import annotations

from datetime import date
from typing import Any

from infrastructure.database import Cursor
from projections.queries.names import person_ref

_LEAD = (
    "SELECT t.*, lp.number AS lead_number, ld.display_name AS lead_name, "
    "(SELECT COUNT(*) FROM team_memberships m WHERE m.team_id = t.team_id "
    "AND m.since <= %s AND (m.until IS NULL OR m.until > %s)) AS members "
    "FROM teams t LEFT JOIN people lp ON lp.person_id = t.lead_id "
    "LEFT JOIN person_directory ld ON ld.person_id = t.lead_id AND ld.erased_at IS NULL "
)


def _team_row(cursor: Cursor, row: Any) -> dict[str, Any]:
    projects = cursor.execute(
        "SELECT p.project_id, p.code, p.name FROM team_run_projects r "
        "JOIN portfolio_projects p ON p.project_id = r.project_id WHERE r.team_id = %s "
        "ORDER BY p.code",
        (row["team_id"],),
    ).fetchall()
    return {
        "id": row["team_id"],
        "code": row["code"],
        "name": row["name"],
        "establishment": row["establishment"],
        "lead": person_ref(row["lead_id"], row["lead_name"], row["lead_number"]),
        "members": row["members"],
        "run_projects": [
            {"id": p["project_id"], "code": p["code"], "name": p["name"]} for p in projects
        ],
    }


def list_teams(cursor: Cursor, today: date) -> list[dict[str, Any]]:
    day = today.isoformat()
    rows = cursor.execute(f"{_LEAD} ORDER BY t.code", (day, day)).fetchall()
    return [_team_row(cursor, r) for r in rows]


def team_detail(cursor: Cursor, code: str, today: date) -> dict[str, Any] | None:
    day = today.isoformat()
    row = cursor.execute(f"{_LEAD} WHERE t.code = %s", (day, day, code.upper())).fetchone()
    if row is None:
        return None
    team = _team_row(cursor, row)
    team["memberships"] = [
        {
            "person": person_ref(m["person_id"], m["display_name"], m["number"]),
            "since": m["since"],
            "until": m["until"],
        }
        for m in cursor.execute(
            "SELECT m.*, p.number, d.display_name FROM team_memberships m "
            "LEFT JOIN people p ON p.person_id = m.person_id "
            "LEFT JOIN person_directory d ON d.person_id = m.person_id AND d.erased_at IS NULL "
            "WHERE m.team_id = %s ORDER BY m.until IS NOT NULL, m.since, p.number",
            (row["team_id"],),
        ).fetchall()
    ]
    return team
