"""Replaying the recorded history, in memory, under the rule sets in force (or another one),
to learn which automatic escalations are raised at each month's close.

Checkpoints: the close of each month M (00:00 on the first day of M+1, in the group's time
zone). At a checkpoint the facts are the events stamped before it, the rule set is the one
adopted before it (or the alternative given), and a breached (project, rule) raises an
escalation unless one raised for it earlier is still open (not closed or cancelled by a
recorded event before the checkpoint). The rules about teams and MCO services judge the
month before the one closing and go to the team's run project (`team_breaches`).
Everything depends on stamped history only, so the live policy and the what-if replay with
the recorded rule sets find the same escalations."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, time
from decimal import Decimal
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
from governance_rules.history_event import HistoryEvent as HistoryEvent
from governance_rules.history_event import day_of
from governance_rules.loading import LoadedRuleSet, load
from governance_rules.service_facts import ServiceFacts
from governance_rules.team_breaches import team_breaches
from governance_rules.team_facts import TeamFacts
from governance_rules.time_facts import TimeFacts

TERMINAL_PHASES = ("closed", "abandoned")
RELEVANT = (
    "Project.", "RuleBook.RuleSetAdopted", "Escalation.Opened", "Escalation.Closed",
    "Escalation.Cancelled", "Team.", "TeamMembership.Joined", "TeamMembership.Left",
    "McoService.", "TimeSheet.Drafted", "TimeSheet.Imported", "TimeSheet.Amended",
    "TimeSheet.Validated",
)  # fmt: skip


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


class _Facts:
    def __init__(self, zone: ZoneInfo) -> None:
        self.zone = zone
        self.projects: dict[UUID, ProjectFacts] = {}
        self.rules: LoadedRuleSet | None = None
        self.teams = TeamFacts()
        self.time = TimeFacts()
        self.services = ServiceFacts(zone)

    def apply(self, event: HistoryEvent) -> None:
        d, name = event.data, event.name
        if name == "RuleBook.RuleSetAdopted":
            self.rules = load(d["source"])
            return
        if name.startswith(("Team.", "TeamMembership.")):
            self.teams.apply(event)
        elif name.startswith("TimeSheet."):
            self.time.apply(event)
        elif name.startswith("McoService."):
            self.services.apply(event)
        if not name.startswith("Project."):
            return
        if name == "Project.Registered":
            self.time.apply(event)  # the project's kind (run or build)
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
            baseline = day_of(d["baseline"])
            p.milestones[UUID(str(d["milestone_id"]))] = MilestoneFacts(
                d["name"], baseline, baseline
            )
        elif name in ("Project.MilestoneReforecast", "Project.MilestoneAchieved"):
            mid = UUID(str(d["milestone_id"]))
            old = p.milestones[mid]
            if name == "Project.MilestoneReforecast":
                p.milestones[mid] = MilestoneFacts(old.name, old.baseline, day_of(d["forecast"]))
            else:
                p.milestones[mid] = MilestoneFacts(
                    old.name, old.baseline, old.forecast, day_of(d["achieved_on"])
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


class Replayer:
    """The replay, one month's close at a time (in order). Escalation steps recorded while
    replaying (the demo) are noted with `note_recorded` and `note_ended`."""

    def __init__(
        self,
        events: Iterable[HistoryEvent],
        *,
        zone: ZoneInfo,
        alternative: LoadedRuleSet | None = None,
        alternative_from: Month | None = None,
    ) -> None:
        self.zone = zone
        self.alternative = alternative
        self.alternative_from = alternative_from
        self.ordered = sorted(
            (e for e in events if e.name.startswith(RELEVANT)),
            key=lambda e: (e.timestamp, e.position),
        )
        self.ended: dict[UUID, datetime] = {}
        for e in self.ordered:
            if e.name in ("Escalation.Closed", "Escalation.Cancelled"):
                self.ended.setdefault(e.originator_id, e.timestamp)
        self.recorded_ids = {r.key: r.escalation_id for r in recorded_automatic(self.ordered)}
        self.facts = _Facts(zone)
        self.open_cases: dict[tuple[UUID, str], list[tuple[str, UUID | None]]] = {}
        self.index = 0

    def note_recorded(self, case: Raised, escalation_id: UUID) -> None:
        self.recorded_ids[case.key] = escalation_id
        key = (case.breach.project_id, case.breach.rule.value)
        self.open_cases[key] = [
            (month, escalation_id if month == case.checkpoint else eid)
            for month, eid in self.open_cases.get(key, [])
        ]

    def note_ended(self, escalation_id: UUID, at: datetime) -> None:
        self.ended.setdefault(escalation_id, at)

    def close_month(self, month: Month) -> list[Raised]:
        at = checkpoint_of(month, self.zone)
        while self.index < len(self.ordered) and self.ordered[self.index].timestamp < at:
            self.facts.apply(self.ordered[self.index])
            self.index += 1
        rules = self.facts.rules
        if self.alternative and (self.alternative_from is None or self.alternative_from <= month):
            rules = self.alternative
        if rules is None:
            return []
        today = at.astimezone(self.zone).date()
        thresholds = Thresholds.of(rules.rules)
        projects = self.facts.projects
        breaches = project_breaches(projects.values(), thresholds, rules.content_hash, today)
        breaches += team_breaches(
            month.previous(), at, teams=self.facts.teams, time=self.facts.time,
            services=self.facts.services, thresholds=thresholds,
            rule_set_hash=rules.content_hash,
            open_projects={p.project_id for p in projects.values() if not p.terminated},
        )  # fmt: skip
        raised = []
        for breach in sorted(breaches, key=lambda b: (projects[b.project_id].code, b.rule.value)):
            key = (breach.project_id, breach.rule.value)
            if any(_still_open(eid, self.ended, at) for _, eid in self.open_cases.get(key, [])):
                continue
            case = Raised(str(month), at, breach)
            self.open_cases.setdefault(key, []).append(
                (case.checkpoint, self.recorded_ids.get(case.key))
            )
            raised.append(case)
        return raised


def replay(
    events: Iterable[HistoryEvent],
    *,
    zone: ZoneInfo,
    first: Month,
    last: Month,
    alternative: LoadedRuleSet | None = None,
    alternative_from: Month | None = None,
) -> list[Raised]:
    """The automatic escalations raised at the close of each month from `first` to `last`
    (under the rule sets in force then, or under `alternative` from `alternative_from`)."""
    replayer = Replayer(
        events, zone=zone, alternative=alternative, alternative_from=alternative_from
    )
    raised: list[Raised] = []
    month = first
    while month <= last:
        raised += replayer.close_month(month)
        month = month.next()
    return raised


def _still_open(escalation_id: UUID | None, ended: dict[UUID, datetime], at: datetime) -> bool:
    """A case never recorded (what-if) stays open: nobody closed it."""
    if escalation_id is None:
        return True
    end = ended.get(escalation_id)
    return end is None or end >= at
