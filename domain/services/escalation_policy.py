"""The automatic escalation policy: follows the event log and raises an escalation when a
governance rule is newly breached at a month's close (see `governance_rules.replay`), as
events attributed to the system that name the rule, the rule set's hash, the facts and the
threshold.

Idempotent and deterministic: what it raises depends on the stamped history only, and each
escalation's id is derived from (project, rule, month), so a second run, a concurrent run or
a run after a crash records nothing twice (the store's key refuses a twin)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID
from zoneinfo import ZoneInfo

from domain.aggregate import SYSTEM_ACTOR
from domain.calendar import Month
from domain.errors import Conflict
from domain.escalation import Escalation, automatic_escalation_id
from domain.store import EventStore
from governance_rules.replay import HistoryEvent, Raised, replay

History = Callable[[], Sequence[HistoryEvent]]


@dataclass(frozen=True)
class PolicyRun:
    evaluated: tuple[str, str] | None  # first and last month closed, or None
    found: int  # escalations the rules call for over the months evaluated
    raised: list[UUID]  # the ones recorded by this run
    position: int


def reason_of(case: Raised) -> str:
    facts = ", ".join(f"{k}={v}" for k, v in sorted(case.breach.facts.items()))
    return (
        f"rule {case.breach.rule.value} breached at the close of {case.checkpoint} "
        f"(threshold {case.breach.threshold}; {facts})"
    )


class EscalationPolicy:
    def __init__(self, store: EventStore, history: History, zone: ZoneInfo) -> None:
        self.store = store
        self.history = history
        self.zone = zone

    def run(self, now: datetime, *, until: Month | None = None) -> PolicyRun:
        """Evaluate every closed month (up to `until`) and record what is not recorded yet."""
        events = self.history()
        if not events:
            return PolicyRun(None, 0, [], 0)
        first = Month.containing(min(e.timestamp for e in events), self.zone)
        last = Month.containing(now, self.zone).previous()
        if until is not None and until < last:
            last = until
        if last < first:
            return PolicyRun(None, 0, [], 0)
        cases = replay(events, zone=self.zone, first=first, last=last)
        raised, position = self.record(cases)
        return PolicyRun((str(first), str(last)), len(cases), raised, position)

    def record(self, cases: list[Raised]) -> tuple[list[UUID], int]:
        """Record the cases not recorded yet; their ids and the last position."""
        raised: list[UUID] = []
        position = 0
        for case in cases:
            b = case.breach
            if self.store.exists(
                automatic_escalation_id(b.project_id, b.rule.value, case.checkpoint)
            ):
                continue
            escalation = Escalation.raise_automatically(
                actor=SYSTEM_ACTOR, project_id=b.project_id, rule=b.rule.value,
                rule_set_hash=b.rule_set_hash, facts=b.facts, threshold=b.threshold,
                checkpoint=case.checkpoint, reason=reason_of(case),
            )  # fmt: skip
            try:
                position = self.store.record(escalation) or position
            except Conflict:
                continue  # raised meanwhile by a concurrent run
            raised.append(escalation.id)
        return raised, position
