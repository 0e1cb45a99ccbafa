"""Governance bodies, the gate-review queue and the decision register."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from infrastructure.database import Cursor, Row
from projections.queries.names import person_ref

_PEOPLE = (
    "SELECT p.person_id, p.number, d.display_name FROM people p "
    "LEFT JOIN person_directory d ON d.person_id = p.person_id AND d.erased_at IS NULL"
)


def people_refs(cursor: Cursor, ids: Iterable[str]) -> dict[str, dict[str, object] | None]:
    """Each person by id, named from the directory at read time."""
    wanted = sorted(set(ids))
    if not wanted:
        return {}
    marks = ", ".join(["%s"] * len(wanted))
    sql = f"{_PEOPLE} WHERE p.person_id IN ({marks})"
    rows = cursor.execute(sql, wanted).fetchall()
    found = {
        r["person_id"]: person_ref(r["person_id"], r["display_name"], r["number"]) for r in rows
    }
    return {i: found.get(i) or person_ref(i, None, None) for i in wanted}


# -- bodies ------------------------------------------------------------------------------
def _body(cursor: Cursor, row: Row) -> dict[str, Any]:
    members = [
        r["person_id"]
        for r in cursor.execute(
            "SELECT person_id FROM body_members WHERE body_id=%s AND removed_at IS NULL "
            "ORDER BY appointed_position",
            (row["body_id"],),
        ).fetchall()
    ]
    projects = cursor.execute(
        "SELECT p.project_id, p.code FROM body_projects b "
        "JOIN portfolio_projects p ON p.project_id = b.project_id WHERE b.body_id=%s ORDER BY p.code",
        (row["body_id"],),
    ).fetchall()
    refs = people_refs(cursor, [*members, *([row["chair_id"]] if row["chair_id"] else [])])
    return {
        "id": row["body_id"],
        "code": row["code"],
        "name": row["name"],
        "kind": row["kind"],
        "chair": refs.get(row["chair_id"]) if row["chair_id"] else None,
        "members": [refs[m] for m in members],
        "projects": [{"id": p["project_id"], "code": p["code"]} for p in projects],
        "version": row["version"],
    }


def list_bodies(cursor: Cursor) -> list[dict[str, Any]]:
    rows = cursor.execute("SELECT * FROM governance_bodies ORDER BY code").fetchall()
    return [_body(cursor, r) for r in rows]


def find_body(cursor: Cursor, id_or_code: str) -> dict[str, Any] | None:
    row = cursor.execute(
        "SELECT * FROM governance_bodies WHERE body_id=%s OR code=%s",
        (id_or_code, id_or_code.upper()),
    ).fetchone()
    return None if row is None else _body(cursor, row)


# -- gate reviews ------------------------------------------------------------------------
_REVIEW = (
    "SELECT r.*, p.code AS project_code, p.name AS project_name, p.phase AS project_phase, "
    "b.code AS body_code FROM gate_reviews r "
    "JOIN portfolio_projects p ON p.project_id = r.project_id "
    "LEFT JOIN governance_bodies b ON b.body_id = r.body_id "
)


@dataclass(frozen=True)
class QueueFilter:
    body_id: str | None = None
    status: str | None = None  # requested, scheduled or under_review
    project_id: str | None = None


def _review(cursor: Cursor, row: Row) -> dict[str, Any]:
    present = json.loads(row["present"])
    votes = cursor.execute(
        "SELECT member_id, vote, comment, voted_at FROM gate_review_votes WHERE review_id=%s "
        "ORDER BY voted_at, member_id",
        (row["review_id"],),
    ).fetchall()
    refs = people_refs(cursor, [*present, *(v["member_id"] for v in votes)])
    deliverables = cursor.execute(
        "SELECT kind, title, version, reference, checksum, submitted_at FROM project_deliverables "
        "WHERE project_id=%s AND phase=%s ORDER BY kind",
        (row["project_id"], row["leaves"] or row["project_phase"]),
    ).fetchall()
    return {
        "id": row["review_id"],
        "project": {"id": row["project_id"], "code": row["project_code"], "name": row["project_name"],
                    "phase": row["project_phase"]},
        "subject": row["subject"],
        "leaves": row["leaves"],
        "note": row["note"],
        "status": row["status"],
        "body": {"id": row["body_id"], "code": row["body_code"]} if row["body_id"] else None,
        "meeting_date": row["meeting_date"],
        "deferrals": row["deferrals"],
        "present": [refs[p] for p in present],
        "votes": [
            {"member": refs[v["member_id"]], "vote": v["vote"], "comment": v["comment"]}
            for v in votes
        ],
        "deliverables": [dict(d) for d in deliverables],
        "outcome": row["outcome"],
        "decision_id": row["decision_id"],
        "requested_at": row["requested_at"],
        "version": row["version"],
    }  # fmt: skip


def review_queue(cursor: Cursor, where: QueueFilter) -> list[dict[str, Any]]:
    """What awaits a decision, by meeting date (requests not yet scheduled first)."""
    clauses = ["r.status IN ('requested', 'scheduled', 'under_review')"]
    params: list[Any] = []
    for column, value in (
        ("r.body_id", where.body_id),
        ("r.status", where.status),
        ("r.project_id", where.project_id),
    ):
        if value is not None:
            clauses.append(f"{column} = %s")
            params.append(value)
    rows = cursor.execute(
        f"{_REVIEW} WHERE {' AND '.join(clauses)} "
        "ORDER BY r.meeting_date IS NOT NULL, r.meeting_date, r.requested_at",
        params,
    ).fetchall()
    return [_review(cursor, r) for r in rows]


def find_review(cursor: Cursor, review_id: str) -> dict[str, Any] | None:
    row = cursor.execute(f"{_REVIEW} WHERE r.review_id=%s", (review_id,)).fetchone()
    if row is None:
        return None
    review = _review(cursor, row)
    review["decisions"] = decision_register(cursor, RegisterFilter(review_id=review_id))[0]
    return review


# -- the decision register ---------------------------------------------------------------
@dataclass(frozen=True)
class RegisterFilter:
    project_id: str | None = None
    body_id: str | None = None
    review_id: str | None = None
    outcome: str | None = None
    since: str | None = None  # decided_at >= (ISO timestamp)
    until: str | None = None  # decided_at <

    def where(self) -> tuple[str, list[Any]]:
        clauses, params = [], []
        for column, op, value in (
            ("d.project_id", "=", self.project_id),
            ("d.body_id", "=", self.body_id),
            ("d.review_id", "=", self.review_id),
            ("d.outcome", "=", self.outcome),
            ("d.decided_at", ">=", self.since),
            ("d.decided_at", "<", self.until),
        ):
            if value is not None:
                clauses.append(f"{column} {op} %s")
                params.append(value)
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


def _decision(cursor: Cursor, row: Row) -> dict[str, Any]:
    present = json.loads(row["present"])
    votes = json.loads(row["votes"])
    refs = people_refs(cursor, [*present, *votes, row["decided_by"]])
    conditions = cursor.execute(
        "SELECT * FROM gate_conditions WHERE decision_id=%s ORDER BY condition_id",
        (row["decision_id"],),
    ).fetchall()
    return {
        "id": row["decision_id"],
        "position": row["position"],
        "review_id": row["review_id"],
        "project": {"id": row["project_id"], "code": row["project_code"]},
        "subject": row["subject"],
        "outcome": row["outcome"],
        "reason": row["reason"],
        "body": {"id": row["body_id"], "code": row["body_code"]},
        "decided_by": refs.get(row["decided_by"]),
        "decided_at": row["decided_at"],
        "present": [refs[p] for p in present],
        "votes": [{"member": refs[m], "vote": v} for m, v in votes.items()],
        "quorum": row["quorum"],
        "decision_mode": row["decision_mode"],
        "deliverables_seen": json.loads(row["deliverables"]),
        "new_date": row["new_date"],
        "conditions": [
            {"id": c["condition_id"], "text": c["text"], "lifted_at": c["lifted_at"],
             "lift_reason": c["lift_reason"], "lifted_by": c["lifted_by"]}
            for c in conditions
        ],
        "rule_set": {"hash": row["rule_set_hash"], "label": row["rule_set_label"]},
    }  # fmt: skip


def decision_register(
    cursor: Cursor, where: RegisterFilter, *, limit: int = 100, offset: int = 0
) -> tuple[list[dict[str, Any]], int]:
    clause, params = where.where()
    total = int(cursor.scalar(f"SELECT COUNT(*) FROM gate_decisions d{clause}", params))  # noqa: S608
    rows = cursor.execute(
        "SELECT d.*, p.code AS project_code, b.code AS body_code FROM gate_decisions d "  # noqa: S608
        "LEFT JOIN portfolio_projects p ON p.project_id = d.project_id "
        f"LEFT JOIN governance_bodies b ON b.body_id = d.body_id{clause} "
        "ORDER BY d.position LIMIT %s OFFSET %s",
        (*params, limit, offset),
    ).fetchall()
    return [_decision(cursor, r) for r in rows], total


def open_conditions(cursor: Cursor, project_id: str) -> list[dict[str, Any]]:
    rows = cursor.execute(
        "SELECT c.*, d.subject FROM gate_conditions c JOIN gate_decisions d "
        "ON d.decision_id = c.decision_id WHERE c.project_id=%s AND c.lifted_at IS NULL "
        "ORDER BY c.imposed_at",
        (project_id,),
    ).fetchall()
    return [
        {"id": r["condition_id"], "review_id": r["review_id"], "subject": r["subject"],
         "text": r["text"], "imposed_at": r["imposed_at"]}
        for r in rows
    ]  # fmt: skip


def project_deliverables(cursor: Cursor, project_id: str) -> list[dict[str, Any]]:
    rows = cursor.execute(
        "SELECT kind, phase, title, version, reference, checksum, submitted_at "
        "FROM project_deliverables WHERE project_id=%s ORDER BY kind",
        (project_id,),
    ).fetchall()
    return [dict(r) for r in rows]
