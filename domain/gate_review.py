"""A gate review: a request that a body decide a gate (or a suspension, resumption or
abandonment) of one project, its meeting, the votes of the members present and the
decision, recorded with the hash of the rule set in force."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID, uuid5

from domain.aggregate import Immutable, JalonAggregate
from domain.errors import InvalidCommand, NotFound
from governance_rules.decisions import Assessment
from lifecycle import gate_review as machine
from lifecycle.gate_review import GATE_REVIEW_LIFE_CYCLE, Outcome, ReviewFacts, ReviewState, Vote
from lifecycle.phases import Phase


@dataclass(frozen=True)
class ReviewCondition(Immutable):
    text: str
    lifted: bool = False


@dataclass(frozen=True)
class Ruling:
    """What a decision is taken under: the rule set in force and how the decision stands
    against it, plus what the body saw."""

    rule_set_hash: str
    rule_set_label: str
    assessment: Assessment
    deliverables_seen: list[dict[str, str]]


def condition_id_for(decision_id: UUID, index: int) -> UUID:
    return uuid5(decision_id, f"condition-{index}")


class GateReview(JalonAggregate):
    class Requested(JalonAggregate.Created):
        project_id: UUID
        subject: str  # a gate id (G1...) or suspend / resume / abandon
        leaves: str | None  # the phase a gate leaves, under the rule set in force
        note: str

    class Scheduled(JalonAggregate.Event):
        body_id: UUID
        meeting_date: date

        def apply(self, aggregate: GateReview) -> None:
            aggregate.state = ReviewState.SCHEDULED
            aggregate.body_id = self.body_id
            aggregate.meeting_date = self.meeting_date

    class Rescheduled(JalonAggregate.Event):
        body_id: UUID
        meeting_date: date
        reason: str

        def apply(self, aggregate: GateReview) -> None:
            aggregate.body_id = self.body_id
            aggregate.meeting_date = self.meeting_date

    class SessionOpened(JalonAggregate.Event):
        present: list[UUID]

        def apply(self, aggregate: GateReview) -> None:
            aggregate.state = ReviewState.UNDER_REVIEW
            aggregate.present = set(self.present)
            aggregate.votes = {}

    class AttendanceRecorded(JalonAggregate.Event):
        present: list[UUID]

        def apply(self, aggregate: GateReview) -> None:
            aggregate.present = set(self.present)
            aggregate.votes = {m: v for m, v in aggregate.votes.items() if m in self.present}

    class VoteCast(JalonAggregate.Event):
        member_id: UUID
        vote: str
        comment: str

        def apply(self, aggregate: GateReview) -> None:
            aggregate.votes[self.member_id] = Vote(self.vote)

    class Decided(JalonAggregate.Event):
        decision_id: UUID
        project_id: UUID
        subject: str
        outcome: str
        reason: str
        body_id: UUID
        present: list[UUID]
        votes: dict[str, str]
        conditions: list[dict[str, Any]]
        deliverables_seen: list[dict[str, str]]
        rule_set_hash: str
        rule_set_label: str
        quorum: int
        decision_mode: str

        def apply(self, aggregate: GateReview) -> None:
            aggregate.state = ReviewState.DECIDED
            aggregate.decision_id = self.decision_id
            aggregate.outcome = Outcome(self.outcome)
            aggregate.conditions = {
                c["condition_id"]: ReviewCondition(c["text"]) for c in self.conditions
            }

    class Deferred(JalonAggregate.Event):
        decision_id: UUID
        project_id: UUID
        subject: str
        reason: str
        body_id: UUID
        present: list[UUID]
        votes: dict[str, str]
        new_date: date
        rule_set_hash: str
        rule_set_label: str

        def apply(self, aggregate: GateReview) -> None:
            aggregate.state = ReviewState.SCHEDULED
            aggregate.meeting_date = self.new_date
            aggregate.deferrals += 1

    class ConditionLifted(JalonAggregate.Event):
        condition_id: UUID
        project_id: UUID
        reason: str

        def apply(self, aggregate: GateReview) -> None:
            old = aggregate.conditions[self.condition_id]
            aggregate.conditions[self.condition_id] = ReviewCondition(old.text, lifted=True)

    class Withdrawn(JalonAggregate.Event):
        reason: str

        def apply(self, aggregate: GateReview) -> None:
            aggregate.state = ReviewState.WITHDRAWN

    def __init__(self, project_id: UUID, subject: str, leaves: str | None) -> None:
        self.project_id = project_id
        self.subject = subject
        self.leaves = Phase(leaves) if leaves else None
        self.state = ReviewState.REQUESTED
        self.body_id: UUID | None = None
        self.meeting_date: date | None = None
        self.present: set[UUID] = set()
        self.votes: dict[UUID, Vote] = {}
        self.decision_id: UUID | None = None
        self.outcome: Outcome | None = None
        self.conditions: dict[UUID, ReviewCondition] = {}
        self.deferrals = 0

    @classmethod
    def request(
        cls,
        *,
        review_id: UUID,
        actor: str,
        project_id: UUID,
        subject: str,
        leaves: Phase | None,
        note: str,
    ) -> GateReview:
        return cls._create(
            cls.Requested,
            id=review_id,
            actor=actor,
            project_id=project_id,
            subject=subject,
            leaves=leaves.value if leaves else None,
            note=note,
        )

    @property
    def words(self) -> str:
        return f"the review of {self.subject}"

    @property
    def is_approved(self) -> bool:
        return self.state is ReviewState.DECIDED and bool(self.outcome and self.outcome.is_approval)

    def _minutes(self) -> dict[str, Any]:
        """Who was present and how each voted, as a decision records them."""
        return {
            "present": sorted(self.present),
            "votes": {str(m): v.value for m, v in sorted(self.votes.items())},
        }

    def _check(self, trigger: str, facts: ReviewFacts | None = None) -> None:
        GATE_REVIEW_LIFE_CYCLE.fire(
            trigger, self.state, facts or ReviewFacts(), subject=self.words, ref=self.subject
        )

    def schedule(
        self, *, actor: str, body_id: UUID, meeting_date: date, facts: ReviewFacts
    ) -> None:
        self._check(machine.SCHEDULE, facts)
        self.trigger_event(self.Scheduled, actor=actor, body_id=body_id, meeting_date=meeting_date)

    def reschedule(
        self, *, actor: str, body_id: UUID, meeting_date: date, reason: str, facts: ReviewFacts
    ) -> None:
        self._check(machine.RESCHEDULE, facts)
        if (body_id, meeting_date) == (self.body_id, self.meeting_date):
            raise InvalidCommand("the review is already scheduled so", field="meeting_date")
        self.trigger_event(
            self.Rescheduled, actor=actor, body_id=body_id, meeting_date=meeting_date, reason=reason
        )

    def open_session(self, *, actor: str, present: list[UUID], today: date) -> None:
        reached = self.meeting_date is not None and today >= self.meeting_date
        self._check(machine.OPEN_SESSION, ReviewFacts(meeting_day_reached=reached))
        self.trigger_event(self.SessionOpened, actor=actor, present=sorted(set(present)))

    def record_attendance(self, *, actor: str, present: list[UUID]) -> None:
        self._check(machine.RECORD_ATTENDANCE)
        if set(present) == self.present:
            raise InvalidCommand("the attendance is unchanged", field="present")
        self.trigger_event(self.AttendanceRecorded, actor=actor, present=sorted(set(present)))

    def vote(self, *, actor: str, member_id: UUID, vote: Vote, comment: str) -> None:
        self._check(machine.VOTE, ReviewFacts(voter_present=member_id in self.present))
        self.trigger_event(
            self.VoteCast, actor=actor, member_id=member_id, vote=vote.value, comment=comment
        )

    def decide(
        self,
        *,
        actor: str,
        decision_id: UUID,
        outcome: Outcome,
        reason: str,
        conditions: list[str],
        ruling: Ruling,
    ) -> None:
        if outcome is Outcome.DEFERRED:
            raise InvalidCommand("a deferral names a new date: defer the review", field="outcome")
        if (outcome is Outcome.APPROVED_WITH_CONDITIONS) != bool(conditions):
            raise InvalidCommand(
                "conditions go with, and only with, an approval with conditions",
                field="conditions",
            )
        assessment = ruling.assessment
        facts = ReviewFacts(
            body_designated=assessment.body_designated,
            designated_body=f"the {assessment.designated.value} body",
            present=assessment.present,
            quorum=assessment.quorum,
            mode_agrees=assessment.mode_agrees,
            mode_words=assessment.mode_words,
        )
        self._check(machine.APPROVE if outcome.is_approval else machine.REJECT, facts)
        assert self.body_id is not None
        self.trigger_event(
            self.Decided,
            actor=actor,
            decision_id=decision_id,
            project_id=self.project_id,
            subject=self.subject,
            outcome=outcome.value,
            reason=reason,
            body_id=self.body_id,
            **self._minutes(),
            conditions=[
                {"condition_id": condition_id_for(decision_id, i), "text": text}
                for i, text in enumerate(conditions)
            ],
            deliverables_seen=ruling.deliverables_seen,
            rule_set_hash=ruling.rule_set_hash,
            rule_set_label=ruling.rule_set_label,
            quorum=assessment.quorum,
            decision_mode=assessment.mode.value,
        )

    def defer(
        self,
        *,
        actor: str,
        decision_id: UUID,
        new_date: date,
        reason: str,
        rule_set_hash: str,
        rule_set_label: str,
    ) -> None:
        later = self.meeting_date is None or new_date > self.meeting_date
        self._check(machine.DEFER, ReviewFacts(new_date_later=later))
        assert self.body_id is not None
        self.trigger_event(
            self.Deferred,
            actor=actor,
            decision_id=decision_id,
            project_id=self.project_id,
            subject=self.subject,
            reason=reason,
            body_id=self.body_id,
            **self._minutes(),
            new_date=new_date,
            rule_set_hash=rule_set_hash,
            rule_set_label=rule_set_label,
        )

    def lift_condition(self, *, actor: str, condition_id: UUID, reason: str) -> None:
        if condition_id not in self.conditions and self.state is ReviewState.DECIDED:
            raise NotFound(f"{self.words} has no condition {condition_id}")
        condition = self.conditions.get(condition_id)
        self._check(
            machine.LIFT_CONDITION,
            ReviewFacts(condition_open=condition is not None and not condition.lifted),
        )
        self.trigger_event(
            self.ConditionLifted,
            actor=actor,
            condition_id=condition_id,
            project_id=self.project_id,
            reason=reason,
        )

    def withdraw(self, *, actor: str, reason: str) -> None:
        self._check(machine.WITHDRAW)
        self.trigger_event(self.Withdrawn, actor=actor, reason=reason)
