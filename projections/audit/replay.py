"""Decision replay: for a recorded gate decision, the state it was taken in, rebuilt from the
events before it (the project, the review, the body), the rule set in force then (by hash),
and whether that rule set allowed it, assessed again with the rules used when deciding
(`governance_rules.decisions.assess`); then whether all of it matches what was recorded."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, TypeVar
from uuid import UUID

from domain.body import GovernanceBody
from domain.errors import Conflict, NotFound
from domain.gate_review import GateReview
from domain.project import Project
from domain.store import EventStore
from governance_rules.decisions import assess
from governance_rules.loading import load
from governance_rules.ruleset import RuleSet
from infrastructure.database import Cursor
from lifecycle.gate_review import Outcome

A = TypeVar("A")


@dataclass(frozen=True)
class Replay:
    review_id: str
    decision_id: str
    position: int
    decided_at: str
    decided_by: str
    subject: str
    outcome: str
    reason: str
    project: dict[str, Any]  # as of the decision
    deliverables: list[dict[str, str]]  # submitted then, for the phase the gate leaves
    rule_set: dict[str, Any]  # recorded hash and label; the one in force at that position
    assessment: dict[str, Any]  # assessed again
    would_allow: bool
    differences: list[str] = field(default_factory=list)

    @property
    def matches_record(self) -> bool:
        return self.would_allow and not self.differences


def replay_decision(
    cursor: Cursor, store: EventStore, events_table: str, review_id: UUID
) -> Replay:
    decision = cursor.execute(
        "SELECT * FROM gate_decisions WHERE review_id=%s AND outcome <> 'deferred' "
        "ORDER BY position DESC LIMIT 1",
        (str(review_id),),
    ).fetchone()
    if decision is None:
        if cursor.scalar("SELECT 1 FROM gate_reviews WHERE review_id=%s", (str(review_id),)):
            raise Conflict(f"gate review {review_id} has no decision to replay yet")
        raise NotFound(f"gate review {review_id} not found")
    position = int(decision["position"])
    versions = _Versions(cursor, events_table, position)
    review = versions.before(store, GateReview, review_id)
    project = versions.before(store, Project, review.project_id)
    body = versions.before(store, GovernanceBody, UUID(decision["body_id"]))
    rules, rule_set = _rules(cursor, decision["rule_set_hash"], position)
    outcome = Outcome(decision["outcome"])
    assessment = assess(
        rules, subject=review.subject, envelope=project.envelope, body_kind=body.kind,
        steers_project=body.steers(project.id), member_ids=body.members,
        present_ids=review.present, chair_id=body.chair_id, votes=review.votes,
        approve=outcome.is_approval,
    )  # fmt: skip
    gate = rules.gate(review.subject)
    missing = []
    seen: list[dict[str, str]] = []
    if gate is not None:
        submitted = project.submitted_kinds(gate.leaves)
        missing = [
            d.kind for d in rules.required_deliverables(gate.leaves) if d.kind not in submitted
        ]
        seen = [
            {"kind": d.kind, "title": d.title, "version": d.version, "checksum": d.checksum}
            for d in sorted(project.deliverables.values(), key=lambda d: d.kind)
            if d.phase is gate.leaves
        ]
    problems = assessment.problems + (
        [f"deliverables missing: {', '.join(missing)}"] if missing and outcome.is_approval else []
    )
    differences = _differences(decision, rule_set, assessment.quorum, assessment.mode.value,
                               seen, review)  # fmt: skip
    return Replay(
        review_id=str(review_id),
        decision_id=decision["decision_id"],
        position=position,
        decided_at=decision["decided_at"],
        decided_by=decision["decided_by"],
        subject=review.subject,
        outcome=outcome.value,
        reason=decision["reason"],
        project={
            "id": str(project.id),
            "code": project.code,
            "name": project.name,
            "phase": project.phase.value,
            "establishment": project.establishment,
            "manager_id": str(project.manager_id),
            "envelope": str(project.envelope),
            "version": project.version,
        },
        deliverables=seen,
        rule_set=rule_set,
        assessment={
            "designated_body": assessment.designated.value,
            "body_kind": body.kind.value,
            "body_steers_project": body.steers(project.id),
            "quorum": assessment.quorum,
            "present": assessment.present,
            "decision_mode": assessment.mode.value,
            "mode_agrees": assessment.mode_agrees,
            "mode_words": assessment.mode_words,
            "missing_deliverables": missing,
            "problems": problems,
        },
        would_allow=not problems,
        differences=differences,
    )


class _Versions:
    """Each aggregate at its last version before a position of the log."""

    def __init__(self, cursor: Cursor, table: str, position: int) -> None:
        column = "rowid" if cursor.dialect == "sqlite" else "notification_id"
        self.cursor, self.position = cursor, position
        # identifiers come from the store's configuration, never from a request
        self.sql = (
            f"SELECT MAX(originator_version) FROM {table} "  # noqa: S608
            f"WHERE originator_id = %s AND {column} < %s"
        )

    def before(self, store: EventStore, kind: type[A], aggregate_id: UUID) -> A:
        # the library keeps ids as 32 hex digits on SQLite, as uuid on PostgreSQL
        stored_id = aggregate_id.hex if self.cursor.dialect == "sqlite" else str(aggregate_id)
        version = self.cursor.scalar(self.sql, (stored_id, self.position))
        if version is None:
            raise NotFound(
                f"{kind.__name__} {aggregate_id} did not exist at position {self.position}"
            )
        found: object = store.repository.get(aggregate_id, version=int(version))
        if not isinstance(found, kind):
            raise NotFound(f"{aggregate_id} is not a {kind.__name__}")
        return found


def _rules(cursor: Cursor, recorded_hash: str, position: int) -> tuple[RuleSet, dict[str, Any]]:
    adopted = cursor.execute(
        "SELECT source, name, version FROM rule_set_adoptions WHERE content_hash=%s "
        "ORDER BY position LIMIT 1",
        (recorded_hash,),
    ).fetchone()
    if adopted is None:
        raise NotFound(f"no rule set with hash {recorded_hash} was ever adopted")
    in_force = cursor.scalar(
        "SELECT content_hash FROM rule_set_adoptions WHERE position < %s "
        "ORDER BY position DESC LIMIT 1",
        (position,),
    )
    rules = load(adopted["source"]).rules
    return rules, {
        "recorded_hash": recorded_hash,
        "label": rules.label,
        "in_force_hash": in_force,
        "in_force_then": in_force == recorded_hash,
    }


def _differences(
    decision: Any, rule_set: dict[str, Any], quorum: int, mode: str,
    seen: list[dict[str, str]], review: GateReview,
) -> list[str]:  # fmt: skip
    found: list[str] = []
    if not rule_set["in_force_then"]:
        found.append(f"the rule set in force then was {rule_set['in_force_hash']}")
    if decision["quorum"] is not None and int(decision["quorum"]) != quorum:
        found.append(f"quorum recorded {decision['quorum']}, replayed {quorum}")
    if decision["decision_mode"] is not None and decision["decision_mode"] != mode:
        found.append(f"decision mode recorded {decision['decision_mode']}, replayed {mode}")
    if json.loads(decision["deliverables"]) != seen:
        found.append("the deliverables seen differ from those submitted then")
    if json.loads(decision["present"]) != sorted(str(p) for p in review.present):
        found.append("the members present differ")
    votes = {str(m): v.value for m, v in review.votes.items()}
    if json.loads(decision["votes"]) != dict(sorted(votes.items())):
        found.append("the votes differ")
    return found
