"""People and reference data."""

from __future__ import annotations

from typing import Any

from infrastructure.database import Cursor, Row
from projections.queries.names import person_label

_SELECT = (
    "SELECT p.*, d.login, d.display_name, d.email FROM people p "
    "LEFT JOIN person_directory d ON d.person_id = p.person_id AND d.erased_at IS NULL "
)


def person_row(row: Row) -> dict[str, Any]:
    return {
        "id": row["person_id"],
        "number": row["number"],
        "name": person_label(row["display_name"], row["number"]),
        "login": row["login"],
        "email": row["email"],
        "establishment": row["establishment"],
        "roles": [r for r in row["roles"].split(",") if r],
        "enabled": bool(row["enabled"]),
        "version": row["version"],
    }


def list_people(
    cursor: Cursor, *, role: str | None = None, limit: int = 50, offset: int = 0
) -> tuple[list[dict[str, Any]], int]:
    clause, params = "", []
    if role:
        clause = " WHERE (',' || p.roles || ',') LIKE %s"
        params.append(f"%,{role},%")
    total = int(cursor.scalar(f"SELECT COUNT(*) FROM people p{clause}", params))  # noqa: S608
    rows = cursor.execute(
        f"{_SELECT}{clause} ORDER BY p.number LIMIT %s OFFSET %s",
        (*params, limit, offset),
    ).fetchall()
    return [person_row(r) for r in rows], total


def find_person(cursor: Cursor, person_id: str) -> dict[str, Any] | None:
    row = cursor.execute(f"{_SELECT} WHERE p.person_id = %s", (person_id,)).fetchone()
    if row is None:
        return None
    person = person_row(row)
    person["role_history"] = [
        dict(g)
        for g in cursor.execute(
            "SELECT role, granted_at, granted_by, revoked_at, revoked_by FROM role_grants "
            "WHERE person_id=%s ORDER BY granted_position",
            (person_id,),
        ).fetchall()
    ]
    return person


def list_reference(cursor: Cursor, category: str) -> list[dict[str, Any]]:
    return [
        {"code": r["code"], "name": r["name"], "active": bool(r["active"])}
        for r in cursor.execute(
            "SELECT code, name, active FROM reference_entries WHERE category=%s ORDER BY code",
            (category,),
        ).fetchall()
    ]
