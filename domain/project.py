"""The project aggregate: charter, budget, milestones, monthly status and risks."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from functools import lru_cache
from typing import TYPE_CHECKING, Any
from uuid import UUID, uuid5

from domain.aggregate import Immutable, JalonAggregate
from domain.calendar import Month
from domain.errors import Conflict, InvalidCommand, NotFound
from domain.values import Dimension, ProjectKind, Weather
from lifecycle.phases import Phase
from lifecycle.project_phases import PROJECT_LIFE_CYCLE, PhaseFacts, trigger_for

if TYPE_CHECKING:
    from domain.gate_review import GateReview

PROJECT_NAMESPACE = UUID("6f0c4d8e-2a43-4c55-9d1e-7b5a9f3e1c20")


@lru_cache(maxsize=4096)
def project_id_for(code: str) -> UUID:
    """A project's id is derived from its unique code, so that registering the same code
    twice collides in the event store itself, also under concurrent requests."""
    return uuid5(PROJECT_NAMESPACE, code)


@dataclass(frozen=True)
class BudgetLine(Immutable):
    year: int
    envelope: Decimal
    committed: Decimal
    spent: Decimal
    forecast: Decimal


@dataclass(frozen=True)
class Milestone(Immutable):
    name: str
    baseline: date
    forecast: date
    achieved_on: date | None = None


@dataclass(frozen=True)
class Risk(Immutable):
    title: str
    gravity: int
    probability: int
    owner_id: UUID
    treatment_plan: str
    closed: bool = False

    @property
    def criticality(self) -> int:
        return self.gravity * self.probability


@dataclass(frozen=True)
class MonthlyReport(Immutable):
    """The current status report of a month (the last one recorded for it)."""

    weather: tuple[tuple[str, str], ...]  # (dimension, weather) in QCDR order
    comment: str


@dataclass(frozen=True)
class Deliverable(Immutable):
    kind: str
    phase: Phase
    title: str
    version: str
    reference: str
    checksum: str


CHARTER_FIELDS = ("name", "description", "functional_area", "sponsor_id", "priority_criteria")


class Project(JalonAggregate):
    class Registered(JalonAggregate.Created):
        code: str
        name: str
        establishment: str
        functional_area: str
        kind: str
        sponsor_id: UUID
        manager_id: UUID
        description: str
        priority_criteria: list[str]

    class CharterUpdated(JalonAggregate.Event):
        changes: dict[str, Any]
        reason: str

        def apply(self, aggregate: Project) -> None:
            for name, value in self.changes.items():
                setattr(aggregate, name, value)

    class ManagerChanged(JalonAggregate.Event):
        manager_id: UUID
        previous_manager_id: UUID
        reason: str

        def apply(self, aggregate: Project) -> None:
            aggregate.manager_id = self.manager_id

    class BudgetRecorded(JalonAggregate.Event):
        year: int
        envelope: Decimal
        committed: Decimal
        spent: Decimal
        forecast: Decimal
        reason: str

        def apply(self, aggregate: Project) -> None:
            aggregate.budget[self.year] = BudgetLine(
                self.year, self.envelope, self.committed, self.spent, self.forecast
            )

    class MilestoneAdded(JalonAggregate.Event):
        milestone_id: UUID
        name: str
        baseline: date

        def apply(self, aggregate: Project) -> None:
            aggregate.milestones[self.milestone_id] = Milestone(
                self.name, self.baseline, self.baseline
            )

    class MilestoneReforecast(JalonAggregate.Event):
        milestone_id: UUID
        forecast: date
        reason: str

        def apply(self, aggregate: Project) -> None:
            old = aggregate.milestones[self.milestone_id]
            aggregate.milestones[self.milestone_id] = Milestone(
                old.name, old.baseline, self.forecast
            )

    class MilestoneAchieved(JalonAggregate.Event):
        milestone_id: UUID
        achieved_on: date

        def apply(self, aggregate: Project) -> None:
            old = aggregate.milestones[self.milestone_id]
            aggregate.milestones[self.milestone_id] = Milestone(
                old.name, old.baseline, old.forecast, self.achieved_on
            )

    class StatusReported(JalonAggregate.Event):
        month: str
        weather: dict[str, str]
        comment: str
        supersedes_earlier_report: bool

        def apply(self, aggregate: Project) -> None:
            aggregate.reports[self.month] = MonthlyReport(tuple(self.weather.items()), self.comment)

    class RiskAdded(JalonAggregate.Event):
        risk_id: UUID
        title: str
        gravity: int
        probability: int
        owner_id: UUID
        treatment_plan: str

        def apply(self, aggregate: Project) -> None:
            aggregate.risks[self.risk_id] = Risk(
                self.title, self.gravity, self.probability, self.owner_id, self.treatment_plan
            )

    class RiskReassessed(JalonAggregate.Event):
        risk_id: UUID
        gravity: int
        probability: int
        treatment_plan: str
        reason: str

        def apply(self, aggregate: Project) -> None:
            old = aggregate.risks[self.risk_id]
            aggregate.risks[self.risk_id] = Risk(
                old.title, self.gravity, self.probability, old.owner_id, self.treatment_plan
            )

    class RiskClosed(JalonAggregate.Event):
        risk_id: UUID
        reason: str

        def apply(self, aggregate: Project) -> None:
            old = aggregate.risks[self.risk_id]
            aggregate.risks[self.risk_id] = Risk(
                old.title, old.gravity, old.probability, old.owner_id, old.treatment_plan, True
            )

    class DeliverableSubmitted(JalonAggregate.Event):
        kind: str
        phase: str
        title: str
        version: str
        reference: str  # a link or a file reference
        checksum: str

        def apply(self, aggregate: Project) -> None:
            aggregate.deliverables[self.kind] = Deliverable(
                self.kind, Phase(self.phase), self.title, self.version, self.reference,
                self.checksum,
            )  # fmt: skip

    class DecisionRequested(JalonAggregate.Event):
        review_id: UUID
        subject: str

        def apply(self, aggregate: Project) -> None:
            aggregate.open_review_id = self.review_id

    class DecisionClosed(JalonAggregate.Event):
        """The open review ended without a move: rejected or withdrawn."""

        review_id: UUID
        subject: str
        outcome: str

        def apply(self, aggregate: Project) -> None:
            aggregate.open_review_id = None

    class PhaseChanged(JalonAggregate.Event):
        phase: str
        previous_phase: str
        subject: str
        review_id: UUID
        decision_id: UUID
        reason: str

        def apply(self, aggregate: Project) -> None:
            aggregate.open_review_id = None
            aggregate.phase = Phase(self.phase)
            if aggregate.phase is Phase.SUSPENDED:
                aggregate.left_phase = Phase(self.previous_phase)
            if aggregate.phase.is_terminal:
                aggregate.terminated_at = self.timestamp

    def __init__(
        self,
        code: str,
        name: str,
        establishment: str,
        functional_area: str,
        kind: str,
        sponsor_id: UUID,
        manager_id: UUID,
        description: str,
        priority_criteria: list[str],
    ) -> None:
        self.code = code
        self.name = name
        self.establishment = establishment
        self.functional_area = functional_area
        self.kind = ProjectKind(kind)
        self.sponsor_id = sponsor_id
        self.manager_id = manager_id
        self.description = description
        self.priority_criteria = priority_criteria
        self.phase = Phase.OPPORTUNITY
        self.left_phase: Phase | None = None  # the phase a suspension left
        self.terminated_at: datetime | None = None  # when it was closed or abandoned
        self.open_review_id: UUID | None = None
        self.deliverables: dict[str, Deliverable] = {}
        self.budget: dict[int, BudgetLine] = {}
        self.milestones: dict[UUID, Milestone] = {}
        self.reports: dict[str, MonthlyReport] = {}
        self.risks: dict[UUID, Risk] = {}

    @classmethod
    def register(
        cls,
        *,
        actor: str,
        code: str,
        name: str,
        establishment: str,
        functional_area: str,
        kind: ProjectKind,
        sponsor_id: UUID,
        manager_id: UUID,
        description: str,
        priority_criteria: list[str],
    ) -> Project:
        return cls._create(
            cls.Registered,
            id=project_id_for(code),
            actor=actor,
            code=code,
            name=name,
            establishment=establishment,
            functional_area=functional_area,
            kind=kind.value,
            sponsor_id=sponsor_id,
            manager_id=manager_id,
            description=description,
            priority_criteria=priority_criteria,
        )

    @property
    def reported_months(self) -> set[str]:
        return set(self.reports)

    @property
    def is_terminated(self) -> bool:
        return self.phase.is_terminal

    def require_open(self, action: str) -> None:
        if self.is_terminated:
            raise Conflict(f"project {self.code} is {self.phase.value}: cannot {action}")

    @property
    def words(self) -> str:
        return f"project {self.code}"

    @property
    def envelope(self) -> Decimal:
        """The approved budget envelope: the sum of the yearly envelopes."""
        return sum((line.envelope for line in self.budget.values()), Decimal(0))

    def submitted_kinds(self, phase: Phase) -> set[str]:
        return {d.kind for d in self.deliverables.values() if d.phase is phase}

    def submit_deliverable(self, *, actor: str, deliverable: Deliverable) -> None:
        self.require_open("receive a deliverable")
        if deliverable.phase is not self.phase:
            raise Conflict(
                f"{self.words} is {PROJECT_LIFE_CYCLE.describe(self.phase)}: {deliverable.kind} "
                f"is a deliverable of the {deliverable.phase.value} phase"
            )
        if self.deliverables.get(deliverable.kind) == deliverable:
            raise InvalidCommand(f"this version of {deliverable.kind} was already submitted")
        self.trigger_event(
            self.DeliverableSubmitted,
            actor=actor,
            kind=deliverable.kind,
            phase=deliverable.phase.value,
            title=deliverable.title,
            version=deliverable.version,
            reference=deliverable.reference,
            checksum=deliverable.checksum,
        )

    def request_decision(
        self, *, actor: str, review_id: UUID, subject: str, facts: PhaseFacts
    ) -> None:
        """Open a review of `subject`, if its approval could move the project now."""
        self.require_open("ask for a decision")
        if self.open_review_id is not None:
            raise Conflict(
                f"{self.words} already awaits a decision (review {self.open_review_id}): "
                "one review at a time"
            )
        hypothesis = PhaseFacts(
            approved=True,
            gate=facts.gate,
            gate_leaves=facts.gate_leaves,
            left_phase=self.left_phase,
            missing_deliverables=facts.missing_deliverables,
        )
        PROJECT_LIFE_CYCLE.fire(
            trigger_for(subject), self.phase, hypothesis, subject=self.words, ref=self.code
        )
        self.trigger_event(
            self.DecisionRequested, actor=actor, review_id=review_id, subject=subject
        )

    def close_decision(self, *, actor: str, review: GateReview) -> None:
        """The open review ended without a move (rejected or withdrawn)."""
        if review.id != self.open_review_id:
            raise Conflict(f"review {review.id} is not the open review of {self.words}")
        self.trigger_event(
            self.DecisionClosed,
            actor=actor,
            review_id=review.id,
            subject=review.subject,
            outcome=review.outcome.value if review.outcome else review.state.value,
        )

    def apply_decision(
        self, *, actor: str, review: GateReview, reason: str, facts: PhaseFacts
    ) -> None:
        """Move to the phase an approved decision of the open review leads to. Only the
        open review's own approved decision moves a project."""
        backed = (
            review.is_approved
            and review.id == self.open_review_id
            and review.project_id == self.id
            and review.decision_id is not None
        )
        checked = PhaseFacts(
            approved=backed,
            gate=facts.gate,
            gate_leaves=facts.gate_leaves,
            left_phase=self.left_phase,
            missing_deliverables=facts.missing_deliverables,
        )
        phase = PROJECT_LIFE_CYCLE.fire(
            trigger_for(review.subject), self.phase, checked, subject=self.words, ref=self.code
        )
        self.trigger_event(
            self.PhaseChanged,
            actor=actor,
            phase=phase.value,
            previous_phase=self.phase.value,
            subject=review.subject,
            review_id=review.id,
            decision_id=review.decision_id,
            reason=reason,
        )

    def update_charter(self, *, actor: str, reason: str, changes: dict[str, Any]) -> None:
        self.require_open("update its charter")
        unknown = set(changes) - set(CHARTER_FIELDS)
        if unknown:
            raise InvalidCommand(f"not a charter field: {', '.join(sorted(unknown))}")
        effective = {k: v for k, v in changes.items() if getattr(self, k) != v}
        if not effective:
            raise InvalidCommand("the charter update changes nothing")
        self.trigger_event(self.CharterUpdated, actor=actor, reason=reason, changes=effective)

    def change_manager(self, *, actor: str, reason: str, manager_id: UUID) -> None:
        self.require_open("change its manager")
        if manager_id == self.manager_id:
            raise InvalidCommand("this person already manages the project", field="manager_id")
        self.trigger_event(
            self.ManagerChanged,
            actor=actor,
            reason=reason,
            manager_id=manager_id,
            previous_manager_id=self.manager_id,
        )

    def record_budget(self, *, actor: str, reason: str, line: BudgetLine) -> None:
        self.require_open("record its budget")
        if not 2000 <= line.year <= 2100:
            raise InvalidCommand(
                f"year must be between 2000 and 2100, got {line.year}", field="year"
            )
        if self.budget.get(line.year) == line:
            raise InvalidCommand(f"the {line.year} budget already has these amounts")
        self.trigger_event(
            self.BudgetRecorded,
            actor=actor,
            reason=reason,
            year=line.year,
            envelope=line.envelope,
            committed=line.committed,
            spent=line.spent,
            forecast=line.forecast,
        )

    def add_milestone(self, *, actor: str, milestone_id: UUID, name: str, baseline: date) -> None:
        self.require_open("add a milestone")
        if any(m.name == name for m in self.milestones.values()):
            raise Conflict(f"project {self.code} already has a milestone named {name!r}")
        self.trigger_event(
            self.MilestoneAdded,
            actor=actor,
            milestone_id=milestone_id,
            name=name,
            baseline=baseline,
        )

    def milestone(self, milestone_id: UUID) -> Milestone:
        try:
            return self.milestones[milestone_id]
        except KeyError:
            raise NotFound(f"project {self.code} has no milestone {milestone_id}") from None

    def reforecast_milestone(
        self, *, actor: str, reason: str, milestone_id: UUID, forecast: date
    ) -> None:
        self.require_open("re-forecast a milestone")
        milestone = self.milestone(milestone_id)
        if milestone.achieved_on is not None:
            raise Conflict(f"milestone {milestone.name!r} was achieved on {milestone.achieved_on}")
        if forecast == milestone.forecast:
            raise InvalidCommand(f"milestone {milestone.name!r} is already forecast for {forecast}")
        self.trigger_event(
            self.MilestoneReforecast,
            actor=actor,
            reason=reason,
            milestone_id=milestone_id,
            forecast=forecast,
        )

    def achieve_milestone(
        self, *, actor: str, milestone_id: UUID, achieved_on: date, today: date
    ) -> None:
        self.require_open("mark a milestone achieved")
        milestone = self.milestone(milestone_id)
        if milestone.achieved_on is not None:
            raise Conflict(
                f"milestone {milestone.name!r} was already achieved on {milestone.achieved_on}"
            )
        if achieved_on > today:
            raise InvalidCommand(f"achieved_on {achieved_on} is in the future", field="achieved_on")
        self.trigger_event(
            self.MilestoneAchieved, actor=actor, milestone_id=milestone_id, achieved_on=achieved_on
        )

    def report_status(
        self,
        *,
        actor: str,
        month: Month,
        weather: dict[Dimension, Weather],
        comment: str,
        current_month: Month,
    ) -> None:
        self.require_open("receive a status report")
        if month > current_month:
            raise InvalidCommand(f"month {month} has not started yet", field="month")
        missing = [d.value for d in Dimension if d not in weather]
        if missing:
            raise InvalidCommand(f"weather is missing for {', '.join(missing)}", field="weather")
        self.trigger_event(
            self.StatusReported,
            actor=actor,
            month=str(month),
            weather={d.value: weather[d].value for d in Dimension},
            comment=comment,
            supersedes_earlier_report=str(month) in self.reported_months,
        )

    def add_risk(
        self,
        *,
        actor: str,
        risk_id: UUID,
        title: str,
        gravity: int,
        probability: int,
        owner_id: UUID,
        treatment_plan: str,
    ) -> None:
        self.require_open("add a risk")
        _check_scale(gravity, "gravity")
        _check_scale(probability, "probability")
        self.trigger_event(
            self.RiskAdded,
            actor=actor,
            risk_id=risk_id,
            title=title,
            gravity=gravity,
            probability=probability,
            owner_id=owner_id,
            treatment_plan=treatment_plan,
        )

    def risk(self, risk_id: UUID) -> Risk:
        try:
            return self.risks[risk_id]
        except KeyError:
            raise NotFound(f"project {self.code} has no risk {risk_id}") from None

    def reassess_risk(
        self,
        *,
        actor: str,
        reason: str,
        risk_id: UUID,
        gravity: int,
        probability: int,
        treatment_plan: str | None,
    ) -> None:
        self.require_open("re-assess a risk")
        risk = self.risk(risk_id)
        if risk.closed:
            raise Conflict(f"risk {risk.title!r} is closed")
        _check_scale(gravity, "gravity")
        _check_scale(probability, "probability")
        self.trigger_event(
            self.RiskReassessed,
            actor=actor,
            reason=reason,
            risk_id=risk_id,
            gravity=gravity,
            probability=probability,
            treatment_plan=risk.treatment_plan if treatment_plan is None else treatment_plan,
        )

    def close_risk(self, *, actor: str, reason: str, risk_id: UUID) -> None:
        risk = self.risk(risk_id)
        if risk.closed:
            raise Conflict(f"risk {risk.title!r} is already closed")
        self.trigger_event(self.RiskClosed, actor=actor, reason=reason, risk_id=risk_id)


def _check_scale(value: int, field: str) -> None:
    if not 1 <= value <= 4:
        raise InvalidCommand(f"{field} must be between 1 and 4, got {value}", field=field)
