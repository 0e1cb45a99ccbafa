"""Governance bodies: kind, chair, members (with when they sat) and the projects steered."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from infrastructure.database import Cursor, Database
from infrastructure.sqlvalues import timestamp_text
from projections.base import Projection
from projections.events import RecordedEvent

_DDL = [
    "CREATE TABLE IF NOT EXISTS governance_bodies ("
    "body_id TEXT PRIMARY KEY, code TEXT NOT NULL UNIQUE, name TEXT NOT NULL, "
    "kind TEXT NOT NULL, chair_id TEXT, constituted_at TEXT NOT NULL, updated_at TEXT NOT NULL, "
    "version BIGINT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS body_members ("
    "body_id TEXT NOT NULL, person_id TEXT NOT NULL, appointed_at TEXT NOT NULL, "
    "appointed_position BIGINT NOT NULL, removed_at TEXT, "
    "PRIMARY KEY (body_id, person_id, appointed_position))",
    "CREATE TABLE IF NOT EXISTS body_projects ("
    "body_id TEXT NOT NULL, project_id TEXT NOT NULL, attached_at TEXT NOT NULL, "
    "PRIMARY KEY (body_id, project_id))",
    "CREATE INDEX IF NOT EXISTS body_projects_project ON body_projects (project_id)",
]


class BodyProjection(Projection):
    name = "bodies"
    version = 1
    tables = ("governance_bodies", "body_members", "body_projects")
    topics_prefixes: ClassVar[tuple[str, ...]] = ("domain.body:",)

    def ddl(self, database: Database) -> list[str]:
        return list(_DDL)

    def apply(self, cursor: Cursor, events: Sequence[RecordedEvent]) -> None:
        for event in events:
            body_id, d = event.object_id, event.data
            at = timestamp_text(event.timestamp)
            match event.name:
                case "GovernanceBody.Constituted":
                    cursor.execute(
                        "INSERT INTO governance_bodies (body_id, code, name, kind, "
                        "constituted_at, updated_at, version) VALUES (%s, %s, %s, %s, %s, %s, %s)",
                        (
                            body_id,
                            d["code"],
                            d["name"],
                            d["kind"],
                            at,
                            at,
                            event.originator_version,
                        ),
                    )
                    continue
                case "GovernanceBody.MemberAppointed":
                    cursor.execute(
                        "INSERT INTO body_members (body_id, person_id, appointed_at, "
                        "appointed_position) VALUES (%s, %s, %s, %s)",
                        (body_id, str(d["person_id"]), at, event.position),
                    )
                case "GovernanceBody.MemberRemoved":
                    cursor.execute(
                        "UPDATE body_members SET removed_at=%s "
                        "WHERE body_id=%s AND person_id=%s AND removed_at IS NULL",
                        (at, body_id, str(d["person_id"])),
                    )
                case "GovernanceBody.ChairAppointed":
                    cursor.execute(
                        "UPDATE governance_bodies SET chair_id=%s WHERE body_id=%s",
                        (str(d["person_id"]), body_id),
                    )
                case "GovernanceBody.ProjectAttached":
                    cursor.execute(
                        "INSERT INTO body_projects (body_id, project_id, attached_at) "
                        "VALUES (%s, %s, %s)",
                        (body_id, str(d["project_id"]), at),
                    )
                case "GovernanceBody.ProjectDetached":
                    cursor.execute(
                        "DELETE FROM body_projects WHERE body_id=%s AND project_id=%s",
                        (body_id, str(d["project_id"])),
                    )
            cursor.execute(
                "UPDATE governance_bodies SET updated_at=%s, version=%s WHERE body_id=%s",
                (at, event.originator_version, body_id),
            )
