"""People as the API shows them: number, establishment, roles, enabled; and who held which
role when (for auditors). Names come from the person directory at read time."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from infrastructure.database import Cursor, Database
from infrastructure.sqlvalues import timestamp_text
from projections.base import Projection
from projections.events import RecordedEvent

_DDL = [
    "CREATE TABLE IF NOT EXISTS people ("
    "person_id TEXT PRIMARY KEY, number BIGINT NOT NULL, establishment TEXT NOT NULL, "
    "roles TEXT NOT NULL, enabled BIGINT NOT NULL, registered_at TEXT NOT NULL, "
    "updated_at TEXT NOT NULL, version BIGINT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS role_grants ("
    "person_id TEXT NOT NULL, role TEXT NOT NULL, granted_at TEXT NOT NULL, "
    "granted_by TEXT NOT NULL, granted_position BIGINT NOT NULL, revoked_at TEXT, "
    "revoked_by TEXT, revoked_position BIGINT, PRIMARY KEY (person_id, role, granted_position))",
]


class PeopleProjection(Projection):
    name = "people"
    version = 1
    tables = ("people", "role_grants")
    topics_prefixes: ClassVar[tuple[str, ...]] = ("domain.person:",)

    def ddl(self, database: Database) -> list[str]:
        return list(_DDL)

    def apply(self, cursor: Cursor, events: Sequence[RecordedEvent]) -> None:
        for event in events:
            person_id = event.object_id
            at = timestamp_text(event.timestamp)
            match event.name:
                case "Person.Registered":
                    cursor.execute(
                        "INSERT INTO people (person_id, number, establishment, roles, enabled, "
                        "registered_at, updated_at, version) VALUES (%s, %s, %s, '', 1, %s, %s, %s)",
                        (person_id, event.data["number"], event.data["establishment"], at, at,
                         event.originator_version),
                    )  # fmt: skip
                    continue
                case "Person.RoleGranted":
                    self._set_roles(cursor, person_id, add=event.data["role"])
                    cursor.execute(
                        "INSERT INTO role_grants (person_id, role, granted_at, granted_by, "
                        "granted_position) VALUES (%s, %s, %s, %s, %s)",
                        (person_id, event.data["role"], at, event.actor, event.position),
                    )
                case "Person.RoleRevoked":
                    self._set_roles(cursor, person_id, remove=event.data["role"])
                    cursor.execute(
                        "UPDATE role_grants SET revoked_at=%s, revoked_by=%s, revoked_position=%s "
                        "WHERE person_id=%s AND role=%s AND revoked_at IS NULL",
                        (at, event.actor, event.position, person_id, event.data["role"]),
                    )
                case "Person.Erased":  # issue 11: details are gone from the directory
                    cursor.execute("UPDATE people SET enabled=0 WHERE person_id=%s", (person_id,))
                case "Person.Disabled" | "Person.Enabled":
                    cursor.execute(
                        "UPDATE people SET enabled=%s WHERE person_id=%s",
                        (int(event.name == "Person.Enabled"), person_id),
                    )
                case "Person.EstablishmentChanged":
                    cursor.execute(
                        "UPDATE people SET establishment=%s WHERE person_id=%s",
                        (event.data["establishment"], person_id),
                    )
            cursor.execute(
                "UPDATE people SET updated_at=%s, version=%s WHERE person_id=%s",
                (at, event.originator_version, person_id),
            )

    @staticmethod
    def _set_roles(
        cursor: Cursor, person_id: str, *, add: str | None = None, remove: str | None = None
    ) -> None:
        current = cursor.scalar("SELECT roles FROM people WHERE person_id=%s", (person_id,)) or ""
        roles = {r for r in current.split(",") if r}
        if add:
            roles.add(add)
        if remove:
            roles.discard(remove)
        cursor.execute(
            "UPDATE people SET roles=%s WHERE person_id=%s", (",".join(sorted(roles)), person_id)
        )
