from __future__ import annotations

from typing import Any

from domain.services.projects import ProjectRegistration
from domain.values import ProjectKind
from infrastructure.bootstrap import Jalon
from tests.support import Group

GREEN = {"quality": "green", "cost": "green", "deadline": "green", "risk": "green"}


def register(jalon: Jalon, group: Group, code: str = "DPI-01", **overrides: Any) -> Any:
    values: dict[str, Any] = {
        "code": code,
        "name": f"Project {code}",
        "establishment": "CHRU",
        "functional_area": "DPI",
        "kind": ProjectKind.BUILD,
        "sponsor_id": group.member.person_id,
        "manager_id": group.manager.person_id,
    }
    values.update(overrides)
    return jalon.projects.register(group.pmo, ProjectRegistration(**values))


def view_rows(jalon: Jalon, table: str, order: str) -> list[dict[str, Any]]:
    with jalon.database.reading() as cursor:
        return [
            dict(r) for r in cursor.execute(f"SELECT * FROM {table} ORDER BY {order}").fetchall()
        ]
