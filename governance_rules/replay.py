"""Replaying the recorded history, in memory, under the rule sets in force (or another one),
to learn which automatic escalations are raised at each month's close.

Checkpoints: the close of each month M (00:00 on the first day of M+1, in the group's time
zone). At a checkpoint the facts are the events stamped before it, the rule set is the one
adopted before it (or the alternative given), and a breached (project, rule) raises an
escalation unless one raised for it earlier is still open (not closed or cancelled by a
recorded event before the checkpoint). Everything depends on stamped history only, so the
live policy and the what-if replay with the recorded rule sets find the same escalations."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

from domain.calendar import Month
from governance_rules.escalation_rules import (
    Breach,
    MilestoneFacts,
    ProjectFacts,
    Thresholds,
    project_breaches,
)
from governance_rules.loading import LoadedRuleSet, load

TERMINAL_PHASES = ("closed", "abandoned")
RELEVANT = (
    "Project.", "RuleBook.RuleSetAdopted", "Escalation.Opened", "Escalation.Closed",
    "Escalation.Cancelled",
)  # fmt: skip


@dataclass(frozen=True)
class HistoryEvent:
    position: int
    timestamp: datetime
    name: str  # "Project.StatusReported"
    originator_id: UUID
    data: dict[str, Any]


@dataclass(frozen=True)
class Raised:
    """An automatic escalation raised (or that would be raised) at a month's close."""

    checkpoint: str  # the month closed
    at: datetime
    breach: Breach

    @property
    def key(self) -> tuple[UUID, str, str]:
        return (self.breach.project_id, self.breach.rule.value, self.checkpoint)


@dataclass(frozen=True)
class RecordedAutomatic:
    escalation_id: UUID
    project_id: UUID
    rule: str
    checkpoint: str

    @property
    def key(self) -> tuple[UUID, str, str]:
        return (self.project_id, self.rule, self.checkpoint)


def checkpoint_of(month: Month, zone: ZoneInfo) -> datetime:
    return datetime.combine(month.next().first_day, time(0), tzinfo=zone)


def _day(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


class _Facts:
    def __init__(self, zone: ZoneInfo) -> None:
        self.zone = zone
        self.projects: dict[UUID, ProjectFacts] = {}
        self.rules: LoadedRuleSet | None = None

    def apply(self, event: HistoryEvent) -> None:
        d, name = event.data, event.name
        if name == "RuleBook.RuleSetAdopted":
            self.rules = load(d["source"])
            return
        if not name.startswith("Project."):
            return
        if name == "Project.Registered":
            registered = event.timestamp.astimezone(self.zone).date()
            self.projects[event.originator_id] = ProjectFacts(
                event.originator_id, d["code"], registered
            )
            return
        p = self.projects.get(event.originator_id)
        if p is None:
            return
        if name == "Project.BudgetRecorded":
            p.budget[int(d["year"])] = (Decimal(str(d["envelope"])), Decimal(str(d["forecast"])))
        elif name == "Project.MilestoneAdded":
            baseline = _day(d["baseline"])
            p.milestones[UUID(str(d["milestone_id"]))] = MilestoneFacts(
                d["name"], baseline, baseline
            )
        elif name in ("Project.MilestoneReforecast", "Project.MilestoneAchieved"):
            mid = UUID(str(d["milestone_id"]))
            old = p.milestones[mid]
            if name == "Project.MilestoneReforecast":
                p.milestones[mid] = MilestoneFacts(old.name, old.baseline, _day(d["forecast"]))
            else:
                p.milestones[mid] = MilestoneFacts(
                    old.name, old.baseline, old.forecast, _day(d["achieved_on"])
                )
        elif name == "Project.StatusReported":
            p.reports[d["month"]] = dict(d["weather"])
        elif name == "Project.PhaseChanged":
            p.terminated = d["phase"] in TERMINAL_PHASES


def recorded_automatic(events: Iterable[HistoryEvent]) -> list[RecordedAutomatic]:
    return [
        RecordedAutomatic(
            e.originator_id, UUID(str(e.data["project_id"])), e.data["rule"], e.data["checkpoint"]
        )
        for e in events
        if e.name == "Escalation.Opened" and e.data.get("origin") == "automatic"
    ]


def replay(
    events: Iterable[HistoryEvent],
    *,
    zone: ZoneInfo,
    first: Month,
    last: Month,
    alternative: LoadedRuleSet | None = None,
) -> list[Raised]:
    """The automatic escalations raised at the close of each month from `first` to `last`
    (under the rule sets in force then, or under `alternative` throughout)."""
    ordered = sorted(
        (e for e in events if e.name.startswith(RELEVANT)), key=lambda e: (e.timestamp, e.position)
    )
    ended: dict[UUID, datetime] = {}
    for e in ordered:
        if e.name in ("Escalation.Closed", "Escalation.Cancelled"):
            ended.setdefault(e.originator_id, e.timestamp)
    recorded_ids = {r.key: r.escalation_id for r in recorded_automatic(ordered)}
    facts = _Facts(zone)
    raised: list[Raised] = []
    open_cases: dict[tuple[UUID, str], list[tuple[str, UUID | None]]] = {}
    index = 0
    month = first
    while month <= last:
        at = checkpoint_of(month, zone)
        while index < len(ordered) and ordered[index].timestamp < at:
            facts.apply(ordered[index])
            index += 1
        rules = alternative or facts.rules
        if rules is not None:
            today = at.astimezone(zone).date()
            thresholds = Thresholds.of(rules.rules)
            breaches = project_breaches(
                facts.projects.values(), thresholds, rules.content_hash, today
            )
            for breach in sorted(
                breaches, key=lambda b: (facts.projects[b.project_id].code, b.rule.value)
            ):
                key = (breach.project_id, breach.rule.value)
                if any(_still_open(eid, ended, at) for _, eid in open_cases.get(key, [])):
                    continue
                case = Raised(str(month), at, breach)
                open_cases.setdefault(key, []).append((case.checkpoint, recorded_ids.get(case.key)))
                raised.append(case)
        month = month.next()
    return raised


def _still_open(escalation_id: UUID | None, ended: dict[UUID, datetime], at: datetime) -> bool:
    """A case never recorded (what-if) stays open: nobody closed it."""
    if escalation_id is None:
        return True
    end = ended.get(escalation_id)
    return end is None or end >= at
