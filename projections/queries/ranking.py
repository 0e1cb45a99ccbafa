"""The ranked portfolio: open build projects ordered by their priority score under a rule
set (the one in force, or any adopted one, by hash or `name-vN`), from the scores recorded
up to an instant (now by default). The same rule set and instant always give the same
ranking: scores are events, rule sets are kept as adopted."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from domain.errors import Conflict, InvalidCommand
from governance_rules.priority import Prioritisation, PriorityScore, priority_score
from infrastructure.database import Cursor
from infrastructure.sqlvalues import euros, timestamp_text
from projections.queries.rulesets import AdoptedRuleSet, rule_set_by_hash, rule_set_in_force

_HASH_PREFIX = re.compile(r"^[0-9a-f]{8,64}$")
_LABEL = re.compile(r"^([a-z][a-z0-9_-]{1,47})-v([0-9]{1,6})$")


@dataclass(frozen=True)
class RankedProject:
    rank: int
    project_id: str
    code: str
    name: str
    establishment: str
    functional_area: str
    phase: str
    envelope: Decimal
    planned_hours: Decimal
    score: PriorityScore


@dataclass(frozen=True)
class Ranking:
    rule_set: AdoptedRuleSet
    at: datetime
    rows: list[RankedProject]


def choose_rule_set(cursor: Cursor, wanted: str | None, at: datetime) -> AdoptedRuleSet:
    """The rule set named (full hash, a prefix of 8+ hex digits, or `name-vN`), or the one
    in force at `at`."""
    if wanted is None:
        found = rule_set_in_force(cursor, at)
        if found is None:
            raise Conflict("no rule set was in force at that instant")
        return found
    wanted = wanted.strip().lower()
    label = _LABEL.match(wanted)
    if label:
        row = cursor.execute(
            "SELECT content_hash FROM rule_set_adoptions WHERE name=%s AND version=%s "
            "ORDER BY position DESC LIMIT 1",
            (label.group(1), int(label.group(2))),
        ).fetchone()
    elif _HASH_PREFIX.match(wanted):
        rows = cursor.execute(
            "SELECT DISTINCT content_hash FROM rule_set_adoptions WHERE content_hash LIKE %s",
            (wanted + "%",),
        ).fetchall()
        if len(rows) > 1:
            raise InvalidCommand(f"{wanted} names several rule sets: give more", field="ruleset")
        row = rows[0] if rows else None
    else:
        raise InvalidCommand(
            "ruleset is a sha256 (or 8+ of its first hex digits) or name-vN", field="ruleset"
        )
    adopted = None if row is None else rule_set_by_hash(cursor, row["content_hash"])
    if adopted is None:
        raise InvalidCommand(f"no adopted rule set {wanted}", field="ruleset")
    return adopted


def criteria_of(adopted: AdoptedRuleSet) -> Prioritisation:
    criteria = adopted.rules.prioritisation
    if criteria is None:
        raise Conflict(
            f"{adopted.rules.label} ({adopted.content_hash[:12]}) defines no priority criteria: "
            "name another rule set (ruleset=...)"
        )
    return criteria


def scores_at(
    cursor: Cursor, at: datetime, project_id: str | None = None
) -> dict[str, dict[str, int]]:
    """Each project's latest score per criterion recorded up to `at`."""
    sql = "SELECT project_id, criterion, value FROM project_scores WHERE scored_at <= %s"
    params: tuple[str, ...] = (timestamp_text(at),)
    if project_id is not None:
        sql += " AND project_id=%s"
        params += (project_id,)
    scores: dict[str, dict[str, int]] = {}
    for row in cursor.execute(sql + " ORDER BY position", params).fetchall():
        scores.setdefault(row["project_id"], {})[row["criterion"]] = int(row["value"])
    return scores


def rank(
    cursor: Cursor,
    *,
    at: datetime,
    ruleset: str | None = None,
    phase: str | None = None,
    establishment: str | None = None,
) -> Ranking:
    adopted = choose_rule_set(cursor, ruleset, at)
    criteria = criteria_of(adopted)
    scores = scores_at(cursor, at)
    sql = (
        "SELECT p.project_id, p.code, p.name, p.establishment, p.functional_area, p.phase, "
        "p.envelope_cents, COALESCE((SELECT SUM(e.minutes) FROM effort_plans e "
        "WHERE e.project_id = p.project_id), 0) AS planned_minutes "
        "FROM portfolio_projects p WHERE p.kind = 'build' AND p.phase IN "
        "('opportunity', 'framing', 'design', 'build', 'deployment', 'suspended')"
    )
    params: list[str] = []
    if phase is not None:
        sql += " AND p.phase = %s"
        params.append(phase)
    if establishment is not None:
        sql += " AND p.establishment = %s"
        params.append(establishment)
    scored = [
        (priority_score(criteria, scores.get(r["project_id"], {})), r)
        for r in cursor.execute(sql, params).fetchall()
    ]
    scored.sort(key=lambda pair: (-pair[0].total, pair[1]["code"]))
    rows = [
        RankedProject(
            rank=index,
            project_id=r["project_id"],
            code=r["code"],
            name=r["name"],
            establishment=r["establishment"],
            functional_area=r["functional_area"],
            phase=r["phase"],
            envelope=euros(r["envelope_cents"]),
            planned_hours=(Decimal(int(r["planned_minutes"])) / 60).quantize(Decimal("0.01")),
            score=score,
        )
        for index, (score, r) in enumerate(scored, start=1)
    ]
    return Ranking(adopted, at, rows)


def score_history(cursor: Cursor, project_id: str) -> list[dict[str, object]]:
    """Every scoring of the project, oldest first: who, when, why, under which rule set."""
    history: dict[int, dict[str, object]] = {}
    rows = cursor.execute(
        "SELECT position, criterion, value, scored_at, scored_by, reason, rule_set_hash "
        "FROM project_scores WHERE project_id=%s ORDER BY position, criterion",
        (project_id,),
    ).fetchall()
    for r in rows:
        entry = history.setdefault(
            r["position"],
            {
                "position": r["position"],
                "scored_at": r["scored_at"],
                "scored_by": r["scored_by"],
                "reason": r["reason"],
                "rule_set_hash": r["rule_set_hash"],
                "scores": {},
            },
        )
        scores = entry["scores"]
        assert isinstance(scores, dict)
        scores[r["criterion"]] = int(r["value"])
    return list(history.values())
