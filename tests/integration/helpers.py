from __future__ import annotations

from typing import Any

from infrastructure.bootstrap import Jalon
from tests.support import Group, project_registration

GREEN = {"quality": "green", "cost": "green", "deadline": "green", "risk": "green"}


def register(jalon: Jalon, group: Group, code: str = "DPI-01", **overrides: Any) -> Any:
    return jalon.projects.register(group.pmo, project_registration(group, code, **overrides))


def view_rows(jalon: Jalon, table: str, order: str) -> list[dict[str, Any]]:
    with jalon.database.reading() as cursor:
        return [
            dict(r) for r in cursor.execute(f"SELECT * FROM {table} ORDER BY {order}").fetchall()
        ]
