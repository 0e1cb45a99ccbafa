"""Gate reviews: requests, scheduling, the meeting, votes, decisions and their conditions.

An approved decision and the project's phase change are recorded together, atomically: a
project moves only through the approved decision of its open review."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from uuid import UUID, uuid4
from zoneinfo import ZoneInfo

from domain.authorization import Operation, Target, authorize
from domain.body import GovernanceBody
from domain.clock import event_timestamp
from domain.errors import Conflict, InvalidCommand, NotFound
from domain.gate_review import GateReview, Ruling
from domain.principal import Principal
from domain.project import Project
from domain.services.projects import project_target
from domain.services.results import CommandResult
from domain.services.rulesets import RuleSetService
from domain.store import EventStore
from domain.values import require_reason, require_text
from governance_rules.decisions import assess, designated_body
from governance_rules.ruleset import BodyKind, LifeCycleAction, RuleSet
from lifecycle.gate_review import Outcome, ReviewFacts, Vote
from lifecycle.project_phases import PhaseFacts

MAX_CONDITIONS = 20
_DECIDED_MEANWHILE = Conflict("the review was changed by someone else meanwhile: reload it")


def phase_facts(rules: RuleSet, project: Project, subject: str) -> PhaseFacts:
    """What the project machine needs to know about a decision on `subject`."""
    if subject in {a.value for a in LifeCycleAction}:
        return PhaseFacts(approved=False)
    gate = rules.gate(subject)
    if gate is None:
        known = ", ".join(g.id for g in rules.gates)
        raise InvalidCommand(f"{rules.label} has no gate {subject} (gates: {known})", field="gate")
    submitted = project.submitted_kinds(gate.leaves)
    missing = tuple(
        d.kind for d in rules.required_deliverables(gate.leaves) if d.kind not in submitted
    )
    return PhaseFacts(
        approved=False, gate=gate.id, gate_leaves=gate.leaves, missing_deliverables=missing
    )


class GateReviewService:
    def __init__(self, store: EventStore, rulesets: RuleSetService, timezone: ZoneInfo) -> None:
        self.store = store
        self.rulesets = rulesets
        self.timezone = timezone

    # -- requests (the project's side) --------------------------------------------------
    def request_gate(
        self,
        principal: Principal,
        project_id: UUID,
        *,
        gate: str,
        note: str = "",
        review_id: UUID | None = None,
    ) -> CommandResult:
        note = require_text(note, field="note", max_length=2000, allow_empty=True)
        return self._request(principal, project_id, gate.strip().upper(), note, review_id)

    def request_action(
        self,
        principal: Principal,
        project_id: UUID,
        *,
        action: LifeCycleAction,
        reason: str,
        review_id: UUID | None = None,
    ) -> CommandResult:
        """Ask the deciding body to suspend, resume or abandon the project."""
        return self._request(principal, project_id, action.value, require_reason(reason), review_id)

    def _request(
        self,
        principal: Principal,
        project_id: UUID,
        subject: str,
        note: str,
        review_id: UUID | None,
    ) -> CommandResult:
        project = self._project(project_id)
        authorize(principal, Operation.REVIEW_REQUEST, project_target(project))
        facts = phase_facts(self.rulesets.in_force().rules, project, subject)
        review_id = review_id or uuid4()
        project.request_decision(
            actor=principal.actor, review_id=review_id, subject=subject, facts=facts
        )
        review = GateReview.request(
            review_id=review_id,
            actor=principal.actor,
            project_id=project.id,
            subject=subject,
            leaves=facts.gate_leaves,
            note=note,
        )
        return self._result(review, self.store.record(review, project, conflict=_DECIDED_MEANWHILE))

    def withdraw(self, principal: Principal, review_id: UUID, *, reason: str) -> CommandResult:
        review = self.load(review_id)
        project = self._project(review.project_id)
        authorize(principal, Operation.REVIEW_WITHDRAW, project_target(project))
        review.withdraw(actor=principal.actor, reason=require_reason(reason))
        project.close_decision(actor=principal.actor, review=review)
        return self._result(review, self.store.record(review, project, conflict=_DECIDED_MEANWHILE))

    # -- scheduling ---------------------------------------------------------------------
    def designated_body(self, review_id: UUID) -> BodyKind:
        """The kind of body the rule set in force designates for this review now."""
        review = self.load(review_id)
        project = self._project(review.project_id)
        return designated_body(self.rulesets.in_force().rules, review.subject, project.envelope)

    def schedule(
        self, principal: Principal, review_id: UUID, *, body_id: UUID, meeting_date: date
    ) -> CommandResult:
        authorize(principal, Operation.REVIEW_SCHEDULE)
        review = self.load(review_id)
        facts = self._placement(review, body_id, meeting_date)
        review.schedule(
            actor=principal.actor, body_id=body_id, meeting_date=meeting_date, facts=facts
        )
        return self._record(review)

    def reschedule(
        self,
        principal: Principal,
        review_id: UUID,
        *,
        body_id: UUID,
        meeting_date: date,
        reason: str,
    ) -> CommandResult:
        authorize(principal, Operation.REVIEW_SCHEDULE)
        review = self.load(review_id)
        facts = self._placement(review, body_id, meeting_date)
        review.reschedule(
            actor=principal.actor,
            body_id=body_id,
            meeting_date=meeting_date,
            reason=require_reason(reason),
            facts=facts,
        )
        return self._record(review)

    def _placement(self, review: GateReview, body_id: UUID, meeting_date: date) -> ReviewFacts:
        if meeting_date < self._today():
            raise InvalidCommand(
                f"meeting_date {meeting_date} is in the past", field="meeting_date"
            )
        body = self._body(body_id, field="body_id")
        project = self._project(review.project_id)
        designated = designated_body(
            self.rulesets.in_force().rules, review.subject, project.envelope
        )
        steering = f" steering {project.words}" if designated.steers_projects else ""
        return ReviewFacts(
            body_designated=body.kind is designated and body.steers(project.id),
            designated_body=f"a {designated.value} body{steering}; {body.code} is a {body.kind.value}",
        )

    # -- the meeting --------------------------------------------------------------------
    def open_session(
        self, principal: Principal, review_id: UUID, *, present: list[UUID]
    ) -> CommandResult:
        def open_(review: GateReview, body: GovernanceBody) -> None:
            review.open_session(
                actor=principal.actor, present=self._members(body, present), today=self._today()
            )

        return self._at_meeting(principal, review_id, Operation.REVIEW_CONDUCT, open_)

    def record_attendance(
        self, principal: Principal, review_id: UUID, *, present: list[UUID]
    ) -> CommandResult:
        return self._at_meeting(
            principal,
            review_id,
            Operation.REVIEW_CONDUCT,
            lambda r, b: r.record_attendance(
                actor=principal.actor, present=self._members(b, present)
            ),
        )

    def vote(
        self, principal: Principal, review_id: UUID, *, vote: Vote, comment: str = ""
    ) -> CommandResult:
        if principal.person_id is None:
            raise InvalidCommand("only a person votes", field="vote")
        member_id = principal.person_id
        text = require_text(comment, field="comment", max_length=2000, allow_empty=True)
        return self._at_meeting(
            principal,
            review_id,
            Operation.REVIEW_VOTE,
            lambda r, _: r.vote(
                actor=principal.actor, member_id=member_id, vote=vote, comment=text
            ),
        )

    def _at_meeting(
        self,
        principal: Principal,
        review_id: UUID,
        operation: Operation,
        change: Callable[[GateReview, GovernanceBody], None],
    ) -> CommandResult:
        review = self.load(review_id)
        body = self._deciding_body(principal, review, operation)
        change(review, body)
        return self._record(review)

    # -- decisions ----------------------------------------------------------------------
    def decide(
        self,
        principal: Principal,
        review_id: UUID,
        *,
        outcome: Outcome,
        reason: str,
        conditions: list[str] | None = None,
        decision_id: UUID | None = None,
    ) -> CommandResult:
        """Approve (with or without conditions) or reject, as the body; an approval moves the
        project in the same transaction."""
        review = self.load(review_id)
        body = self._deciding_body(principal, review, Operation.REVIEW_DECIDE)
        project = self._project(review.project_id)
        reason = require_reason(reason)
        texts = [require_text(c, field="conditions", max_length=1000) for c in conditions or []]
        if len(texts) > MAX_CONDITIONS:
            raise InvalidCommand(f"at most {MAX_CONDITIONS} conditions", field="conditions")
        in_force = self.rulesets.in_force()
        facts = phase_facts(in_force.rules, project, review.subject)
        assessment = assess(
            in_force.rules,
            subject=review.subject,
            envelope=project.envelope,
            body_kind=body.kind,
            steers_project=body.steers(project.id),
            member_ids=body.members,
            present_ids=review.present,
            chair_id=body.chair_id,
            votes=review.votes,
            approve=outcome.is_approval,
        )
        seen = [
            {"kind": d.kind, "title": d.title, "version": d.version, "checksum": d.checksum}
            for d in sorted(project.deliverables.values(), key=lambda d: d.kind)
            if d.phase is facts.gate_leaves
        ]
        review.decide(
            actor=principal.actor,
            decision_id=decision_id or uuid4(),
            outcome=outcome,
            reason=reason,
            conditions=texts,
            ruling=Ruling(in_force.content_hash, in_force.label, assessment, seen),
        )
        if outcome.is_approval:
            project.apply_decision(actor=principal.actor, review=review, reason=reason, facts=facts)
        else:
            project.close_decision(actor=principal.actor, review=review)
        return self._result(review, self.store.record(review, project, conflict=_DECIDED_MEANWHILE))

    def defer(
        self,
        principal: Principal,
        review_id: UUID,
        *,
        new_date: date,
        reason: str,
        decision_id: UUID | None = None,
    ) -> CommandResult:
        """The body postpones its decision to a later meeting."""
        review = self.load(review_id)
        self._deciding_body(principal, review, Operation.REVIEW_DECIDE)
        if new_date < self._today():
            raise InvalidCommand(f"new_date {new_date} is in the past", field="new_date")
        in_force = self.rulesets.in_force()
        review.defer(
            actor=principal.actor,
            decision_id=decision_id or uuid4(),
            new_date=new_date,
            reason=require_reason(reason),
            rule_set_hash=in_force.content_hash,
            rule_set_label=in_force.label,
        )
        return self._record(review)

    def lift_condition(
        self, principal: Principal, review_id: UUID, condition_id: UUID, *, reason: str
    ) -> CommandResult:
        review = self.load(review_id)
        self._deciding_body(principal, review, Operation.CONDITION_LIFT)
        review.lift_condition(
            actor=principal.actor, condition_id=condition_id, reason=require_reason(reason)
        )
        return self._record(review)

    # -- loading ------------------------------------------------------------------------
    def load(self, review_id: UUID) -> GateReview:
        review: GateReview = self.store.load(GateReview, review_id, what=f"gate review {review_id}")
        return review

    def _project(self, project_id: UUID) -> Project:
        project: Project = self.store.load(Project, project_id, what=f"project {project_id}")
        return project

    def _body(self, body_id: UUID, *, field: str) -> GovernanceBody:
        try:
            body: GovernanceBody = self.store.load(GovernanceBody, body_id, what="body")
        except NotFound:
            raise InvalidCommand(f"{field}: no governance body {body_id}", field=field) from None
        return body

    def _deciding_body(
        self, principal: Principal, review: GateReview, operation: Operation
    ) -> GovernanceBody:
        """The body the review is scheduled before, once the principal may act for it."""
        body = self._body(review.body_id, field="body_id") if review.body_id else None
        target = (
            Target(body_member_ids=frozenset(body.members), body_chair_id=body.chair_id)
            if body
            else Target()
        )
        authorize(principal, operation, target)
        if body is None:
            raise Conflict(f"{review.words} is {review.state.value}: no body was scheduled yet")
        return body

    @staticmethod
    def _members(body: GovernanceBody, present: list[UUID]) -> list[UUID]:
        strangers = [p for p in present if p not in body.members]
        if strangers:
            raise InvalidCommand(
                f"present: {', '.join(map(str, strangers))} do not sit on {body.code}",
                field="present",
            )
        return present

    def _today(self) -> date:
        return event_timestamp().astimezone(self.timezone).date()

    def _record(self, review: GateReview) -> CommandResult:
        return self._result(review, self.store.record(review, conflict=_DECIDED_MEANWHILE))

    @staticmethod
    def _result(review: GateReview, position: int) -> CommandResult:
        return CommandResult(review.id, review.version, position)
