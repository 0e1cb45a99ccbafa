"""A rule set: the life cycle's deliverables, which body decides which gate, quorum and
decision mode, and the thresholds later rules watch. Pure data, validated by pydantic."""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from governance_rules.priority import Prioritisation
from lifecycle.phases import Phase

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{1,47}$")]
Label = Annotated[str, StringConstraints(min_length=1, max_length=200)]
Percent = Annotated[Decimal, Field(ge=0, le=1000)]


class BodyKind(StrEnum):
    DECISION = "decision"  # Instance décisionnaire
    OPERATIONAL = "operational"  # Instance opérationnelle
    COPIL = "copil"  # steering committee of a project or programme
    PROJECT_COMMITTEE = "project_committee"

    @property
    def steers_projects(self) -> bool:
        """COPILs and project committees decide for the projects they steer; the decision
        and operational bodies are group-wide."""
        return self in (BodyKind.COPIL, BodyKind.PROJECT_COMMITTEE)


class DecisionMode(StrEnum):
    CHAIR = "chair"  # the chair decides; votes are advisory
    MAJORITY = "majority"  # the majority of votes cast decides; the chair's vote breaks ties


class LifeCycleAction(StrEnum):
    SUSPEND = "suspend"
    RESUME = "resume"
    ABANDON = "abandon"


class _Rules(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Deliverable(_Rules):
    kind: Slug
    name: Label
    required: bool = True


class PhaseRules(_Rules):
    phase: Phase
    deliverables: list[Deliverable] = Field(default_factory=list)


class Decider(_Rules):
    """One candidate body; the first whose condition holds decides."""

    body: BodyKind
    when_envelope_above: Annotated[Decimal, Field(ge=0)] | None = None


class Gate(_Rules):
    id: Annotated[str, StringConstraints(pattern=r"^[A-Z][A-Z0-9-]{0,15}$")]
    name: Label
    leaves: Phase
    deciders: Annotated[list[Decider], Field(min_length=1)]


class Quorum(_Rules):
    """Members present needed: the larger of `min_present` and `percent_of_members` % of
    the body's members (rounded up)."""

    min_present: Annotated[int, Field(ge=1, le=100)]
    percent_of_members: Annotated[int, Field(ge=0, le=100)] = 0


class BodyRules(_Rules):
    quorum: Quorum
    decision_mode: DecisionMode


class ActionRules(_Rules):
    deciders: Annotated[list[Decider], Field(min_length=1)]


class Escalation(_Rules):
    """Thresholds of the automatic project-assistance rules."""

    forecast_over_envelope_percent: Percent
    milestone_slip_days: Annotated[int, Field(ge=0, le=3650)]
    consecutive_red_weathers: Annotated[int, Field(ge=1, le=24)]
    missing_monthly_report: bool
    mco_commitment_breach: bool


class Mco(_Rules):
    run_share_ceiling_percent: Annotated[Decimal, Field(ge=0, le=100)]


class RuleSet(_Rules):
    name: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_-]{1,47}$")]
    version: Annotated[int, Field(ge=1)]
    description: Annotated[str, StringConstraints(max_length=2000)] = ""
    phases: list[PhaseRules]
    gates: list[Gate]
    life_cycle_decisions: dict[LifeCycleAction, ActionRules]
    bodies: dict[BodyKind, BodyRules]
    escalation: Escalation
    mco: Mco
    # Weighted criteria of the projects' priority (issue 7); rule sets without it rank nothing.
    prioritisation: Prioritisation | None = None

    @property
    def label(self) -> str:
        return f"{self.name} v{self.version}"

    def phase_rules(self, phase: Phase) -> PhaseRules | None:
        return next((p for p in self.phases if p.phase is phase), None)

    def deliverables_of(self, phase: Phase) -> list[Deliverable]:
        rules = self.phase_rules(phase)
        return list(rules.deliverables) if rules else []

    def required_deliverables(self, phase: Phase) -> list[Deliverable]:
        return [d for d in self.deliverables_of(phase) if d.required]

    def phase_of(self, kind: str) -> Phase | None:
        """The phase whose deliverables include `kind`."""
        return next((p.phase for p in self.phases for d in p.deliverables if d.kind == kind), None)

    def gate(self, gate_id: str) -> Gate | None:
        return next((g for g in self.gates if g.id == gate_id), None)

    def gate_leaving(self, phase: Phase) -> Gate | None:
        return next((g for g in self.gates if g.leaves is phase), None)

    def deciders(self, subject: str) -> list[Decider]:
        """The candidate bodies for a gate id or a life-cycle action."""
        gate = self.gate(subject)
        if gate is not None:
            return list(gate.deciders)
        try:
            return list(self.life_cycle_decisions[LifeCycleAction(subject)].deciders)
        except (ValueError, KeyError):
            return []
