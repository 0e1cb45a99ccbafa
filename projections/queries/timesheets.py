"""Time sheets: the list a caller may see (their own, those they validate, or all), and one
sheet with its lines and decisions."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from infrastructure.database import Cursor, Row
from projections.queries.names import person_ref
from projections.queries.timeshare import hours

_PERSON = (
    "LEFT JOIN people {alias}p ON {alias}p.person_id = {column} "
    "LEFT JOIN person_directory {alias}d ON {alias}d.person_id = {column} "
    "AND {alias}d.erased_at IS NULL "
)
_SELECT = (
    "SELECT s.*, op.number AS person_number, od.display_name AS person_name, "  # noqa: S608
    "ep.number AS entered_by_number, ed.display_name AS entered_by_name FROM timesheets s "
    + _PERSON.format(alias="o", column="s.person_id")
    + _PERSON.format(alias="e", column="s.entered_by")
)
# Sheet ids computed once from the caller's teams or projects (indexed), not per sheet.
_LEADS_TEAM_AT_WEEK = (
    "s.sheet_id IN (SELECT t2.sheet_id FROM teams t JOIN team_memberships m "
    "ON m.team_id = t.team_id JOIN timesheets t2 ON t2.person_id = m.person_id "
    "AND t2.week_start >= m.since AND (m.until IS NULL OR t2.week_start < m.until) "
    "WHERE t.lead_id = %s)"
)
_MANAGES_A_LINE = (
    "s.sheet_id IN (SELECT l.sheet_id FROM timesheet_lines l WHERE l.project_id IN "
    "(SELECT p.project_id FROM portfolio_projects p WHERE p.manager_id = %s){extra})"
)
_UNDECIDED = (
    " AND NOT EXISTS (SELECT 1 FROM timesheet_decisions d WHERE d.sheet_id = l.sheet_id "
    "AND d.project_id = l.project_id AND d.decision = 'approved')"
)


@dataclass(frozen=True)
class SheetVisibility:
    """Which sheets a caller sees: all, or their own (`person_id`), those with a line on a
    project they manage (`manager_id`), those of the teams they lead (`lead_id`)."""

    everything: bool = False
    person_id: str | None = None
    manager_id: str | None = None
    lead_id: str | None = None

    def clause(self) -> tuple[str, list[Any]]:
        if self.everything:
            return "1=1", []
        parts: list[str] = []
        params: list[Any] = []
        if self.person_id:
            parts.append("s.person_id = %s")
            params.append(self.person_id)
        if self.manager_id:
            parts.append(_MANAGES_A_LINE.format(extra=""))
            params.append(self.manager_id)
        if self.lead_id:
            parts.append(_LEADS_TEAM_AT_WEEK)
            params.append(self.lead_id)
        return ("(" + " OR ".join(parts) + ")" if parts else "1=0"), params

    def awaiting_clause(self, me: str | None) -> tuple[str, list[Any]]:
        """Submitted sheets of others with lines the caller may still approve."""
        parts = ["s.state = 'submitted'"]
        params: list[Any] = []
        if me is not None:
            parts.append("s.person_id <> %s")
            params.append(me)
        if not self.everything:
            deciders = []
            if self.manager_id:
                deciders.append(_MANAGES_A_LINE.format(extra=_UNDECIDED))
                params.append(self.manager_id)
            if self.lead_id:
                deciders.append(_LEADS_TEAM_AT_WEEK)
                params.append(self.lead_id)
            parts.append("(" + " OR ".join(deciders) + ")" if deciders else "1=0")
        return " AND ".join(parts), params


@dataclass(frozen=True)
class SheetFilter:
    person_id: str | None = None
    project_id: str | None = None
    state: str | None = None
    week_from: str | None = None
    week_to: str | None = None

    def clause(self) -> tuple[str, list[Any]]:
        parts: list[str] = []
        params: list[Any] = []
        for column, value in (("s.person_id", self.person_id), ("s.state", self.state)):
            if value is not None:
                parts.append(f"{column} = %s")
                params.append(value)
        if self.week_from:
            parts.append("s.week >= %s")
            params.append(self.week_from)
        if self.week_to:
            parts.append("s.week <= %s")
            params.append(self.week_to)
        if self.project_id:
            parts.append(
                "EXISTS (SELECT 1 FROM timesheet_lines l WHERE l.sheet_id = s.sheet_id "
                "AND l.project_id = %s)"
            )
            params.append(self.project_id)
        return " AND ".join(parts) or "1=1", params


def sheet_row(row: Row) -> dict[str, Any]:
    return {
        "id": row["sheet_id"],
        "person": person_ref(row["person_id"], row["person_name"], row["person_number"]),
        "week": row["week"],
        "week_start": row["week_start"],
        "state": row["state"],
        "total_hours": hours(row["total_minutes"]),
        "entered_by": _actor_ref(row),
        "on_behalf": bool(row["on_behalf"]),
        "imported": bool(row["imported"]),
        "warnings": json.loads(row["warnings"]),
        "submitted_at": row["submitted_at"],
        "decided_at": row["decided_at"],
        "rejection_reason": row["rejection_reason"],
        "version": row["version"],
        "updated_at": row["updated_at"],
    }


def list_sheets(
    cursor: Cursor,
    visibility: SheetVisibility,
    where: SheetFilter,
    *,
    awaiting: bool = False,
    me: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> tuple[list[dict[str, Any]], int]:
    seen, seen_params = visibility.clause()
    chosen, chosen_params = where.clause()
    clause = f" WHERE {seen} AND {chosen}"
    params = [*seen_params, *chosen_params]
    if awaiting:
        waiting, waiting_params = visibility.awaiting_clause(me)
        clause += f" AND {waiting}"
        params += waiting_params
    total = int(cursor.scalar(f"SELECT COUNT(*) FROM timesheets s{clause}", params))  # noqa: S608
    rows = cursor.execute(
        f"{_SELECT}{clause} ORDER BY s.week DESC, s.person_id LIMIT %s OFFSET %s",
        (*params, limit, offset),
    ).fetchall()
    return [sheet_row(r) for r in rows], total


def sheet_detail(
    cursor: Cursor, visibility: SheetVisibility, person_id: str, week: str
) -> dict[str, Any] | None:
    seen, params = visibility.clause()
    row = cursor.execute(
        f"{_SELECT} WHERE s.person_id = %s AND s.week = %s AND {seen}", (person_id, week, *params)
    ).fetchone()
    if row is None:
        return None
    sheet = sheet_row(row)
    decisions = {
        d["project_id"]: d
        for d in cursor.execute(
            "SELECT d.*, dp.number AS decided_by_number, dd.display_name AS decided_by_name "
            "FROM timesheet_decisions d "
            + _PERSON.format(alias="d", column="d.decided_by")
            + "WHERE d.sheet_id = %s",
            (row["sheet_id"],),
        ).fetchall()
    }
    sheet["lines"] = [
        {
            "project": {"id": line["project_id"], "code": line["code"], "name": line["name"],
                        "kind": line["kind"]},
            "activity": line["activity"],
            "hours": hours(line["minutes"]),
            "decision": _decision(decisions.get(line["project_id"])),
        }
        for line in cursor.execute(
            "SELECT l.*, p.code, p.name, p.kind FROM timesheet_lines l "
            "LEFT JOIN portfolio_projects p ON p.project_id = l.project_id "
            "WHERE l.sheet_id = %s ORDER BY l.line_no",
            (row["sheet_id"],),
        ).fetchall()
    ]  # fmt: skip
    return sheet


def sheet_exists(cursor: Cursor, person_id: str, week: str) -> bool:
    return bool(
        cursor.scalar(
            "SELECT COUNT(*) FROM timesheets WHERE person_id=%s AND week=%s", (person_id, week)
        )
    )


def _decision(row: Row | None) -> dict[str, Any] | None:
    if row is None:
        return None
    return {
        "decision": row["decision"],
        "by": _person_or_system(
            row["decided_by"], row["decided_by_name"], row["decided_by_number"]
        ),
        "at": row["decided_at"],
        "reason": row["reason"],
    }


def _actor_ref(row: Row) -> dict[str, Any] | None:
    return _person_or_system(row["entered_by"], row["entered_by_name"], row["entered_by_number"])


def _person_or_system(actor: str, name: str | None, number: int | None) -> dict[str, Any] | None:
    if actor == "system":
        return {"id": None, "number": None, "name": "system"}
    return person_ref(actor, name, number)
