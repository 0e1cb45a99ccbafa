"""The decision register: every decision of a body (approved, with conditions, rejected,
deferred) with the members present, the votes, the deliverables seen, the reason and the
hash of the rule set in force; and the conditions until they are lifted."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import ClassVar

from infrastructure.database import Cursor, Database
from infrastructure.sqlvalues import date_text, timestamp_text
from projections.base import Projection
from projections.events import RecordedEvent

_DDL = [
    "CREATE TABLE IF NOT EXISTS gate_decisions ("
    "decision_id TEXT PRIMARY KEY, position BIGINT NOT NULL, review_id TEXT NOT NULL, "
    "project_id TEXT NOT NULL, subject TEXT NOT NULL, outcome TEXT NOT NULL, "
    "reason TEXT NOT NULL, body_id TEXT NOT NULL, decided_by TEXT NOT NULL, "
    "decided_at TEXT NOT NULL, present TEXT NOT NULL, votes TEXT NOT NULL, "
    "deliverables TEXT NOT NULL, new_date TEXT, quorum BIGINT, decision_mode TEXT, "
    "rule_set_hash TEXT NOT NULL, rule_set_label TEXT NOT NULL)",
    "CREATE INDEX IF NOT EXISTS gate_decisions_project ON gate_decisions (project_id, position)",
    "CREATE INDEX IF NOT EXISTS gate_decisions_body ON gate_decisions (body_id, position)",
    "CREATE TABLE IF NOT EXISTS gate_conditions ("
    "condition_id TEXT PRIMARY KEY, decision_id TEXT NOT NULL, review_id TEXT NOT NULL, "
    "project_id TEXT NOT NULL, text TEXT NOT NULL, imposed_at TEXT NOT NULL, lifted_at TEXT, "
    "lifted_by TEXT, lift_reason TEXT)",
    "CREATE INDEX IF NOT EXISTS gate_conditions_project ON gate_conditions (project_id)",
]


class DecisionRegisterProjection(Projection):
    name = "decisions"
    version = 1
    tables = ("gate_decisions", "gate_conditions")
    topics_prefixes: ClassVar[tuple[str, ...]] = (
        "domain.gate_review:GateReview.Decided",
        "domain.gate_review:GateReview.Deferred",
        "domain.gate_review:GateReview.ConditionLifted",
    )

    def ddl(self, database: Database) -> list[str]:
        return list(_DDL)

    def apply(self, cursor: Cursor, events: Sequence[RecordedEvent]) -> None:
        for event in events:
            d, at = event.data, timestamp_text(event.timestamp)
            if event.name == "GateReview.ConditionLifted":
                cursor.execute(
                    "UPDATE gate_conditions SET lifted_at=%s, lifted_by=%s, lift_reason=%s "
                    "WHERE condition_id=%s",
                    (at, event.actor, d["reason"], str(d["condition_id"])),
                )
                continue
            deferred = event.name == "GateReview.Deferred"
            cursor.execute(
                "INSERT INTO gate_decisions (decision_id, position, review_id, project_id, subject, "
                "outcome, reason, body_id, decided_by, decided_at, present, votes, deliverables, "
                "new_date, quorum, decision_mode, rule_set_hash, rule_set_label) "
                "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
                (
                    str(d["decision_id"]), event.position, event.object_id,
                    str(d["project_id"]), d["subject"], "deferred" if deferred else d["outcome"],
                    d["reason"], str(d["body_id"]), event.actor, at,
                    json.dumps(sorted(str(p) for p in d["present"])),
                    json.dumps(dict(sorted(d["votes"].items()))),
                    json.dumps(d.get("deliverables_seen", [])),
                    date_text(d.get("new_date")), d.get("quorum"), d.get("decision_mode"),
                    d["rule_set_hash"], d["rule_set_label"],
                ),
            )  # fmt: skip
            for condition in d.get("conditions", []):
                cursor.execute(
                    "INSERT INTO gate_conditions (condition_id, decision_id, review_id, "
                    "project_id, text, imposed_at) VALUES (%s, %s, %s, %s, %s, %s)",
                    (
                        str(condition["condition_id"]), str(d["decision_id"]),
                        event.object_id, str(d["project_id"]), condition["text"], at,
                    ),
                )  # fmt: skip
