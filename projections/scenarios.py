"""Scenarios as the PMO built them: state, envelopes, choices, presentation and every
arbitration of the decision body."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import ClassVar

from infrastructure.database import Cursor, Database
from infrastructure.sqlvalues import timestamp_text
from projections.base import Projection
from projections.events import RecordedEvent

_DDL = [
    "CREATE TABLE IF NOT EXISTS scenarios ("
    "scenario_id TEXT PRIMARY KEY, code TEXT NOT NULL UNIQUE, name TEXT NOT NULL, "
    "state TEXT NOT NULL, envelopes TEXT NOT NULL, body_id TEXT, drafted_at TEXT NOT NULL, "
    "drafted_by TEXT NOT NULL, updated_at TEXT NOT NULL, version BIGINT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS scenario_choices ("
    "scenario_id TEXT NOT NULL, project_id TEXT NOT NULL, selected BIGINT NOT NULL, "
    "shift_months BIGINT NOT NULL, team TEXT, reason TEXT NOT NULL, "
    "PRIMARY KEY (scenario_id, project_id))",
    "CREATE TABLE IF NOT EXISTS scenario_arbitrations ("
    "position BIGINT PRIMARY KEY, scenario_id TEXT NOT NULL, body_id TEXT NOT NULL, "
    "outcome TEXT NOT NULL, reason TEXT NOT NULL, decided_by TEXT NOT NULL, "
    "decided_at TEXT NOT NULL, go TEXT NOT NULL, no_go TEXT NOT NULL)",
]
_STATE_AFTER = {"accept": "accepted", "amend": "draft", "reject": "rejected"}


class ScenariosProjection(Projection):
    name = "scenarios"
    version = 1
    tables = ("scenarios", "scenario_choices", "scenario_arbitrations")
    topics_prefixes: ClassVar[tuple[str, ...]] = ("domain.scenario:",)

    def ddl(self, database: Database) -> list[str]:
        return list(_DDL)

    def apply(self, cursor: Cursor, events: Sequence[RecordedEvent]) -> None:
        for event in events:
            d = event.data
            scenario_id = event.object_id
            at = timestamp_text(event.timestamp)
            if event.name == "Scenario.Drafted":
                cursor.execute(
                    "INSERT INTO scenarios (scenario_id, code, name, state, envelopes, "
                    "drafted_at, drafted_by, updated_at, version) "
                    "VALUES (%s, %s, %s, 'draft', %s, %s, %s, %s, %s)",
                    (scenario_id, d["code"], d["name"], json.dumps(d["envelopes"]), at,
                     event.actor, at, event.originator_version),
                )  # fmt: skip
                continue
            cursor.execute(
                "UPDATE scenarios SET updated_at=%s, version=%s WHERE scenario_id=%s",
                (at, event.originator_version, scenario_id),
            )
            match event.name:
                case "Scenario.ProjectChosen":
                    project_id = str(d["project_id"])
                    cursor.execute(
                        "DELETE FROM scenario_choices WHERE scenario_id=%s AND project_id=%s",
                        (scenario_id, project_id),
                    )
                    cursor.execute(
                        "INSERT INTO scenario_choices (scenario_id, project_id, selected, "
                        "shift_months, team, reason) VALUES (%s, %s, %s, %s, %s, %s)",
                        (scenario_id, project_id, int(d["selected"]), d["shift_months"],
                         d["team"], d["reason"]),
                    )  # fmt: skip
                case "Scenario.EnvelopeSet":
                    raw = cursor.scalar(
                        "SELECT envelopes FROM scenarios WHERE scenario_id=%s", (scenario_id,)
                    )
                    envelopes = json.loads(raw)
                    envelopes[str(d["year"])] = d["amount"]
                    cursor.execute(
                        "UPDATE scenarios SET envelopes=%s WHERE scenario_id=%s",
                        (json.dumps(dict(sorted(envelopes.items()))), scenario_id),
                    )
                case "Scenario.Presented":
                    cursor.execute(
                        "UPDATE scenarios SET state='presented', body_id=%s WHERE scenario_id=%s",
                        (str(d["body_id"]), scenario_id),
                    )
                case "Scenario.Arbitrated":
                    cursor.execute(
                        "UPDATE scenarios SET state=%s WHERE scenario_id=%s",
                        (_STATE_AFTER[d["outcome"]], scenario_id),
                    )
                    cursor.execute(
                        "INSERT INTO scenario_arbitrations (position, scenario_id, body_id, "
                        "outcome, reason, decided_by, decided_at, go, no_go) "
                        "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)",
                        (event.position, scenario_id, str(d["body_id"]), d["outcome"],
                         d["reason"], event.actor, at, json.dumps([str(p) for p in d["go"]]),
                         json.dumps([str(p) for p in d["no_go"]])),
                    )  # fmt: skip
