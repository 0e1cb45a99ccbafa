"""The escalation board: every escalation with its state, origin (by hand or by a rule),
the rule, the rule set's hash, the facts and threshold of an automatic one, the assistant,
the action plan; and every step (who, when, why)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any, ClassVar

from infrastructure.database import Cursor, Database
from infrastructure.sqlvalues import date_text, timestamp_text
from projections.base import Projection
from projections.events import RecordedEvent

_DDL = [
    "CREATE TABLE IF NOT EXISTS escalations ("
    "escalation_id TEXT PRIMARY KEY, position BIGINT NOT NULL, project_id TEXT NOT NULL, "
    "state TEXT NOT NULL, origin TEXT NOT NULL, reason TEXT NOT NULL, rule TEXT, "
    "rule_set_hash TEXT, facts TEXT NOT NULL, threshold TEXT, checkpoint TEXT, "
    "opened_at TEXT NOT NULL, opened_by TEXT NOT NULL, assistant_id TEXT, "
    "actions TEXT NOT NULL, updated_at TEXT NOT NULL, ended_at TEXT, version BIGINT NOT NULL)",
    "CREATE INDEX IF NOT EXISTS escalations_state ON escalations (state, opened_at)",
    "CREATE INDEX IF NOT EXISTS escalations_project ON escalations (project_id, opened_at)",
    "CREATE TABLE IF NOT EXISTS escalation_steps ("
    "position BIGINT PRIMARY KEY, escalation_id TEXT NOT NULL, step TEXT NOT NULL, "
    "state TEXT NOT NULL, actor TEXT NOT NULL, reason TEXT NOT NULL, at TEXT NOT NULL, "
    "detail TEXT NOT NULL)",
    "CREATE INDEX IF NOT EXISTS escalation_steps_of ON escalation_steps (escalation_id, position)",
]

_STATE_AFTER = {
    "Escalation.Acknowledged": "acknowledged",
    "Escalation.ActionPlanAgreed": "action_plan_agreed",
    "Escalation.MonitoringStarted": "monitoring",
    "Escalation.Closed": "closed",
    "Escalation.Cancelled": "cancelled",
}
STEP_NAMES = {
    "Escalation.Opened": "opened",
    "Escalation.AssistantAssigned": "assistant_assigned",
    "Escalation.Acknowledged": "acknowledged",
    "Escalation.ActionPlanAgreed": "action_plan_agreed",
    "Escalation.MonitoringStarted": "monitoring_started",
    "Escalation.Closed": "closed",
    "Escalation.Cancelled": "cancelled",
}


def _actions(actions: list[dict[str, Any]]) -> str:
    return json.dumps(
        [
            {
                "description": a["description"],
                "owner_id": str(a["owner_id"]),
                "due": date_text(a["due"]) if not isinstance(a["due"], str) else a["due"],
            }
            for a in actions
        ]
    )


class EscalationProjection(Projection):
    name = "escalations"
    version = 1
    tables = ("escalations", "escalation_steps")
    topics_prefixes: ClassVar[tuple[str, ...]] = ("domain.escalation:Escalation.",)

    def ddl(self, database: Database) -> list[str]:
        return list(_DDL)

    def apply(self, cursor: Cursor, events: Sequence[RecordedEvent]) -> None:
        for event in events:
            d, at, eid = event.data, timestamp_text(event.timestamp), event.object_id
            if event.name == "Escalation.Opened":
                cursor.execute(
                    "INSERT INTO escalations (escalation_id, position, project_id, state, origin, "
                    "reason, rule, rule_set_hash, facts, threshold, checkpoint, opened_at, "
                    "opened_by, assistant_id, actions, updated_at, ended_at, version) VALUES "
                    "(%s, %s, %s, 'opened', %s, %s, %s, %s, %s, %s, %s, %s, %s, NULL, '[]', %s, "
                    "NULL, %s)",
                    (
                        eid, event.position, str(d["project_id"]), d["origin"], d["reason"],
                        d.get("rule"), d.get("rule_set_hash"),
                        json.dumps(d.get("facts") or {}, sort_keys=True), d.get("threshold"),
                        d.get("checkpoint"), at, event.actor, at, event.originator_version,
                    ),
                )  # fmt: skip
                state = "opened"
                detail = json.dumps({"rule": d.get("rule")} if d.get("rule") else {})
            else:
                state = _STATE_AFTER.get(event.name, "")
                detail = "{}"
                sets = ["updated_at=%s", "version=%s"]
                params: list[object] = [at, event.originator_version]
                if state:
                    sets.append("state=%s")
                    params.append(state)
                if state in ("closed", "cancelled"):
                    sets.append("ended_at=%s")
                    params.append(at)
                if event.name == "Escalation.AssistantAssigned":
                    sets.append("assistant_id=%s")
                    params.append(str(d["assistant_id"]))
                    detail = json.dumps({"assistant_id": str(d["assistant_id"])})
                if event.name == "Escalation.ActionPlanAgreed":
                    sets.append("actions=%s")
                    params.append(_actions(d["actions"]))
                cursor.execute(
                    f"UPDATE escalations SET {', '.join(sets)} WHERE escalation_id=%s",  # noqa: S608
                    (*params, eid),
                )
                if not state:
                    state = str(
                        cursor.scalar(
                            "SELECT state FROM escalations WHERE escalation_id=%s", (eid,)
                        )
                    )
            cursor.execute(
                "INSERT INTO escalation_steps (position, escalation_id, step, state, actor, "
                "reason, at, detail) VALUES (%s, %s, %s, %s, %s, %s, %s, %s)",
                (
                    event.position, eid, STEP_NAMES.get(event.name, event.name), state,
                    event.actor, d.get("reason", ""), at, detail,
                ),
            )  # fmt: skip
