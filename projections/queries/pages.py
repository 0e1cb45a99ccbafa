"""Reads the web pages need beyond the API's queries."""

from __future__ import annotations

from typing import Any

from infrastructure.database import Cursor, Row
from projections.queries.names import person_label


def portfolio_managers(cursor: Cursor) -> list[dict[str, Any]]:
    rows = cursor.execute(
        "SELECT DISTINCT p.manager_id, pe.number, d.display_name FROM portfolio_projects p "
        "LEFT JOIN people pe ON pe.person_id = p.manager_id "
        "LEFT JOIN person_directory d ON d.person_id = p.manager_id AND d.erased_at IS NULL"
    ).fetchall()
    return _by_name(rows, "manager_id")


def phases_left_by_reviews(cursor: Cursor, project_id: str) -> dict[str, str | None]:
    """Each review of the project → the phase its gate leaves (None for suspend / resume /
    abandon)."""
    rows = cursor.execute(
        "SELECT review_id, leaves FROM gate_reviews WHERE project_id=%s", (project_id,)
    ).fetchall()
    return {r["review_id"]: r["leaves"] for r in rows}


def bodies_of_member(cursor: Cursor, person_id: str) -> list[dict[str, Any]]:
    """The governance bodies a person sits on now, and whether they chair each."""
    rows = cursor.execute(
        "SELECT b.body_id, b.code, b.name, b.chair_id FROM body_members m "
        "JOIN governance_bodies b ON b.body_id = m.body_id "
        "WHERE m.person_id=%s AND m.removed_at IS NULL ORDER BY b.code",
        (person_id,),
    ).fetchall()
    return [
        {"id": r["body_id"], "code": r["code"], "name": r["name"],
         "chaired": r["chair_id"] == person_id}
        for r in rows
    ]  # fmt: skip


def open_projects(cursor: Cursor) -> list[dict[str, Any]]:
    """Projects neither closed nor abandoned, by code: what an escalation may be opened on."""
    rows = cursor.execute(
        "SELECT project_id, code, name FROM portfolio_projects "
        "WHERE phase NOT IN ('closed', 'abandoned') ORDER BY code"
    ).fetchall()
    return [{"id": r["project_id"], "code": r["code"], "name": r["name"]} for r in rows]


def enabled_people(cursor: Cursor) -> list[dict[str, Any]]:
    """People who may be named (an assistant, an action's owner), by name."""
    rows = cursor.execute(
        "SELECT p.person_id, p.number, d.display_name FROM people p "
        "LEFT JOIN person_directory d ON d.person_id = p.person_id AND d.erased_at IS NULL "
        "WHERE p.enabled = 1"
    ).fetchall()
    return _by_name(rows, "person_id")


def _by_name(rows: list[Row], id_column: str) -> list[dict[str, Any]]:
    """People rows (id, number, display name) as {id, name}, sorted by name."""
    named = [
        {"id": r[id_column], "name": person_label(r["display_name"], r["number"])} for r in rows
    ]
    return sorted(named, key=lambda p: p["name"].lower())
