"""Teams, their run projects, and who belonged to which team when."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import ClassVar

from infrastructure.database import Cursor, Database
from infrastructure.sqlvalues import date_text, timestamp_text
from projections.base import Projection
from projections.events import RecordedEvent

_DDL = [
    "CREATE TABLE IF NOT EXISTS teams ("
    "team_id TEXT PRIMARY KEY, code TEXT NOT NULL UNIQUE, name TEXT NOT NULL, "
    "establishment TEXT NOT NULL, lead_id TEXT NOT NULL, formed_at TEXT NOT NULL, "
    "version BIGINT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS team_run_projects ("
    "team_id TEXT NOT NULL, project_id TEXT NOT NULL, PRIMARY KEY (team_id, project_id))",
    # since: first day in the team; until: first day no longer in it (NULL: still there)
    "CREATE TABLE IF NOT EXISTS team_memberships ("
    "person_id TEXT NOT NULL, team_id TEXT NOT NULL, since TEXT NOT NULL, until TEXT, "
    "recorded_at TEXT NOT NULL, PRIMARY KEY (person_id, since))",
    "CREATE INDEX IF NOT EXISTS team_memberships_team ON team_memberships (team_id)",
]


class TeamsProjection(Projection):
    name = "teams"
    version = 1
    tables = ("teams", "team_run_projects", "team_memberships")
    topics_prefixes: ClassVar[tuple[str, ...]] = ("domain.team:",)

    def ddl(self, database: Database) -> list[str]:
        return list(_DDL)

    def apply(self, cursor: Cursor, events: Sequence[RecordedEvent]) -> None:
        for event in events:
            d = event.data
            team_id = event.object_id
            match event.name:
                case "Team.Formed":
                    cursor.execute(
                        "INSERT INTO teams (team_id, code, name, establishment, lead_id, "
                        "formed_at, version) VALUES (%s, %s, %s, %s, %s, %s, %s)",
                        (team_id, d["code"], d["name"], d["establishment"], str(d["lead_id"]),
                         timestamp_text(event.timestamp), event.originator_version),
                    )  # fmt: skip
                case "Team.LeadAppointed":
                    cursor.execute(
                        "UPDATE teams SET lead_id=%s, version=%s WHERE team_id=%s",
                        (str(d["lead_id"]), event.originator_version, team_id),
                    )
                case "Team.RunProjectAttached":
                    cursor.execute(
                        "INSERT INTO team_run_projects (team_id, project_id) VALUES (%s, %s)",
                        (team_id, str(d["project_id"])),
                    )
                case "Team.RunProjectDetached":
                    cursor.execute(
                        "DELETE FROM team_run_projects WHERE team_id=%s AND project_id=%s",
                        (team_id, str(d["project_id"])),
                    )
                case "TeamMembership.Joined":
                    person_id = str(d["person_id"])
                    _close(cursor, person_id, d["since"])
                    cursor.execute(
                        "INSERT INTO team_memberships (person_id, team_id, since, recorded_at) "
                        "VALUES (%s, %s, %s, %s)",
                        (person_id, str(d["team_id"]), date_text(d["since"]),
                         timestamp_text(event.timestamp)),
                    )  # fmt: skip
                case "TeamMembership.Left":
                    _close(cursor, str(d["person_id"]), d["until"])


def _close(cursor: Cursor, person_id: str, until: date) -> None:
    cursor.execute(
        "UPDATE team_memberships SET until=%s WHERE person_id=%s AND until IS NULL",
        (date_text(until), person_id),
    )
