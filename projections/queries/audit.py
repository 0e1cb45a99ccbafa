"""Reading the audit trail: filters, pages, people named at read time."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from domain.errors import InvalidCommand
from domain.project import project_id_for
from infrastructure.database import Cursor
from projections.audit.trail import action_words
from projections.queries.governance import people_refs

SYSTEM_ACTOR = "system"
_PAGE = (
    "SELECT t.position, t.recorded_at, t.actor, t.action, t.object_type, t.object_id, "
    "t.project_id, p.code AS project_code, t.changes, t.reason FROM audit_trail t "
    "LEFT JOIN portfolio_projects p ON p.project_id = t.project_id{condition} "
    "ORDER BY t.position LIMIT %s OFFSET %s"
)


@dataclass(frozen=True)
class TrailFilter:
    project_id: str | None = None
    actor: str | None = None  # a person id or "system"
    since: str | None = None  # timestamp text, inclusive
    until: str | None = None  # timestamp text, exclusive
    action: str | None = None  # "Project.StatusReported", or a whole type: "Project"

    def where(self) -> tuple[str, list[Any]]:
        clauses, params = [], []
        if self.project_id:
            clauses.append("t.project_id = %s")
            params.append(self.project_id)
        if self.actor:
            clauses.append("t.actor = %s")
            params.append(self.actor)
        if self.since:
            clauses.append("t.recorded_at >= %s")
            params.append(self.since)
        if self.until:
            clauses.append("t.recorded_at < %s")
            params.append(self.until)
        if self.action:
            if "." in self.action:
                clauses.append("t.action = %s")
                params.append(self.action)
            else:
                clauses.append("t.object_type = %s")
                params.append(self.action)
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


def audit_trail(
    cursor: Cursor, where: TrailFilter, *, limit: int, offset: int
) -> tuple[list[dict[str, Any]], int]:
    """One page of the trail, in global order, and how many rows match."""
    condition, params = where.where()
    total = int(cursor.scalar(f"SELECT COUNT(*) FROM audit_trail t{condition}", params) or 0)  # noqa: S608
    rows = cursor.execute(_PAGE.format(condition=condition), [*params, limit, offset]).fetchall()
    people = people_refs(cursor, {r["actor"] for r in rows if r["actor"] != SYSTEM_ACTOR})
    items = [
        {
            "position": r["position"],
            "recorded_at": r["recorded_at"],
            "actor": people.get(r["actor"]) if r["actor"] != SYSTEM_ACTOR else None,
            "actor_kind": "system" if r["actor"] == SYSTEM_ACTOR else "person",
            "action": r["action"],
            "action_words": action_words(r["action"]),
            "object_type": r["object_type"],
            "object_id": r["object_id"],
            "project_id": r["project_id"],
            "project_code": r["project_code"],
            "changes": [
                {"field": f, "before": b, "after": a} for f, b, a in json.loads(r["changes"])
            ],
            "reason": r["reason"],
        }
        for r in rows
    ]
    return items, total


def person_by_number(cursor: Cursor, number: int) -> str | None:
    value = cursor.scalar("SELECT person_id FROM people WHERE number = %s", (number,))
    return str(value) if value else None


def trail_project(text: str | None) -> str | None:
    """A project's id, from its id or its code."""
    if text is None:
        return None
    try:
        return str(UUID(text))
    except ValueError:
        return str(project_id_for(text))


def trail_actor(cursor: Cursor, text: str | None) -> str | None:
    """A person's id (from an id or a number), or "system"."""
    if text is None or text == SYSTEM_ACTOR:
        return text
    try:
        return str(UUID(text))
    except ValueError:
        pass
    number = text.removeprefix("#")
    if not number.isdigit():
        raise InvalidCommand(
            'actor: a person id, a number such as "#12", or "system"', field="actor"
        )
    found = person_by_number(cursor, int(number))
    if found is None:
        raise InvalidCommand(f"actor: no person number {number}", field="actor")
    return found
