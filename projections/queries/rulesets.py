"""Which rule set was in force when: the other features ask `rule_set_in_force(cursor, at)`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from governance_rules.loading import load
from governance_rules.ruleset import RuleSet
from infrastructure.database import Cursor, Row
from infrastructure.sqlvalues import timestamp_text


@dataclass(frozen=True)
class AdoptedRuleSet:
    rules: RuleSet
    content_hash: str
    adopted_at: str
    position: int


def _adopted(row: Row) -> AdoptedRuleSet:
    return AdoptedRuleSet(
        load(row["source"]).rules, row["content_hash"], row["adopted_at"], row["position"]
    )


def rule_set_in_force(cursor: Cursor, at: datetime) -> AdoptedRuleSet | None:
    """The rule set in force at instant `at` (the last adopted at or before it), or None."""
    row = cursor.execute(
        "SELECT * FROM rule_set_adoptions WHERE adopted_at <= %s ORDER BY position DESC LIMIT 1",
        (timestamp_text(at),),
    ).fetchone()
    return None if row is None else _adopted(row)


def rule_set_by_hash(cursor: Cursor, content_hash: str) -> AdoptedRuleSet | None:
    """A rule set as adopted (the latest adoption of this exact text), by its hash."""
    row = cursor.execute(
        "SELECT * FROM rule_set_adoptions WHERE content_hash=%s ORDER BY position DESC LIMIT 1",
        (content_hash,),
    ).fetchone()
    return None if row is None else _adopted(row)


def list_adoptions(cursor: Cursor) -> list[dict[str, Any]]:
    rows = cursor.execute(
        "SELECT position, content_hash, name, version, adopted_at, adopted_by, reason "
        "FROM rule_set_adoptions ORDER BY position"
    ).fetchall()
    return [dict(r) for r in rows]
