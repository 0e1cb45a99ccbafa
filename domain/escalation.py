"""An escalation (project assistance): a case opened on a project by the PMO, by hand with a
reason, or by the automatic policy when a governance rule is newly breached (then its
opening names the rule, the rule set's hash, the facts and the threshold).

Every step names its actor and reason; the state is an enum rebuilt from events and each
step is validated by `lifecycle.escalation`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID, uuid5

from domain.aggregate import Immutable, JalonAggregate
from domain.errors import InvalidCommand, Refusal
from lifecycle.escalation import (
    ACKNOWLEDGE,
    AGREE_PLAN,
    ASSIGN,
    CANCEL,
    CLOSE,
    ESCALATION_LIFE_CYCLE,
    START_MONITORING,
    EscalationFacts,
    EscalationState,
)

AUTOMATIC_NAMESPACE = UUID("6f0c2d9e-41b7-4a53-9e88-0b7d5a3c2e14")
MAX_ACTIONS = 50


def automatic_escalation_id(project_id: UUID, rule: str, checkpoint: str) -> UUID:
    """The id of the escalation the policy raises for a project and rule at a checkpoint
    (a month): derived, so that raising it twice collides in the store itself."""
    return uuid5(AUTOMATIC_NAMESPACE, f"{project_id}|{rule}|{checkpoint}")


@dataclass(frozen=True)
class Action(Immutable):
    """One action of a plan: what, who (a person id) and by when."""

    description: str
    owner_id: UUID
    due: date

    def as_event(self) -> dict[str, Any]:
        return {"description": self.description, "owner_id": str(self.owner_id), "due": self.due}


class Escalation(JalonAggregate):
    class Opened(JalonAggregate.Created):
        project_id: UUID
        origin: str  # "manual" (the PMO) or "automatic" (the policy)
        reason: str
        rule: str | None
        rule_set_hash: str | None
        facts: dict[str, str]
        threshold: str | None
        checkpoint: str | None  # the month whose close raised it (automatic)

    class AssistantAssigned(JalonAggregate.Event):
        assistant_id: UUID
        reason: str

        def apply(self, aggregate: Escalation) -> None:
            aggregate.assistant_id = self.assistant_id

    class Acknowledged(JalonAggregate.Event):
        reason: str

        def apply(self, aggregate: Escalation) -> None:
            aggregate.state = EscalationState.ACKNOWLEDGED

    class ActionPlanAgreed(JalonAggregate.Event):
        actions: list[dict[str, Any]]
        reason: str

        def apply(self, aggregate: Escalation) -> None:
            aggregate.state = EscalationState.ACTION_PLAN_AGREED
            aggregate.actions = [
                Action(a["description"], UUID(str(a["owner_id"])), _day(a["due"]))
                for a in self.actions
            ]

    class MonitoringStarted(JalonAggregate.Event):
        reason: str

        def apply(self, aggregate: Escalation) -> None:
            aggregate.state = EscalationState.MONITORING

    class Closed(JalonAggregate.Event):
        reason: str

        def apply(self, aggregate: Escalation) -> None:
            aggregate.state = EscalationState.CLOSED

    class Cancelled(JalonAggregate.Event):
        reason: str

        def apply(self, aggregate: Escalation) -> None:
            aggregate.state = EscalationState.CANCELLED

    def __init__(
        self,
        project_id: UUID,
        origin: str,
        reason: str,
        rule: str | None,
        rule_set_hash: str | None,
        facts: dict[str, str],
        threshold: str | None,
        checkpoint: str | None,
    ) -> None:
        self.project_id = project_id
        self.origin = origin
        self.rule = rule
        self.state = EscalationState.OPENED
        self.assistant_id: UUID | None = None
        self.actions: list[Action] = []

    @classmethod
    def open_by_hand(cls, *, actor: str, project_id: UUID, reason: str, id: UUID) -> Escalation:
        return cls._create(
            cls.Opened, id=id, actor=actor, project_id=project_id, origin="manual",
            reason=reason, rule=None, rule_set_hash=None, facts={}, threshold=None,
            checkpoint=None,
        )  # fmt: skip

    @classmethod
    def raise_automatically(
        cls,
        *,
        actor: str,
        project_id: UUID,
        rule: str,
        rule_set_hash: str,
        facts: dict[str, str],
        threshold: str,
        checkpoint: str,
        reason: str,
    ) -> Escalation:
        return cls._create(
            cls.Opened, id=automatic_escalation_id(project_id, rule, checkpoint), actor=actor,
            project_id=project_id, origin="automatic", reason=reason, rule=rule,
            rule_set_hash=rule_set_hash, facts=dict(facts), threshold=threshold,
            checkpoint=checkpoint,
        )  # fmt: skip

    @property
    def words(self) -> str:
        return f"escalation {str(self.id)[:8]}"

    def _move(self, trigger: str, facts: EscalationFacts | None = None) -> None:
        ESCALATION_LIFE_CYCLE.fire(
            trigger, self.state, facts or EscalationFacts(), subject=self.words,
            ref=str(self.id)[:8],
        )  # fmt: skip

    def assign_assistant(self, *, actor: str, assistant_id: UUID, reason: str) -> None:
        self._move(ASSIGN)
        if assistant_id == self.assistant_id:
            raise InvalidCommand(
                "this person is already the assistant", field="assistant_id",
                code=Refusal.SAME_ASSISTANT,
            )  # fmt: skip
        self.trigger_event(
            self.AssistantAssigned, actor=actor, assistant_id=assistant_id, reason=reason
        )

    def acknowledge(self, *, actor: str, reason: str) -> None:
        self._move(ACKNOWLEDGE)
        self.trigger_event(self.Acknowledged, actor=actor, reason=reason)

    def agree_action_plan(self, *, actor: str, actions: list[Action], reason: str) -> None:
        if len(actions) > MAX_ACTIONS:
            raise InvalidCommand(
                f"at most {MAX_ACTIONS} actions", field="actions",
                code=Refusal.TOO_MANY_ACTIONS, params={"max": MAX_ACTIONS},
            )  # fmt: skip
        self._move(AGREE_PLAN, EscalationFacts(has_actions=bool(actions)))
        self.trigger_event(
            self.ActionPlanAgreed,
            actor=actor,
            actions=[a.as_event() for a in actions],
            reason=reason,
        )

    def start_monitoring(self, *, actor: str, reason: str) -> None:
        self._move(START_MONITORING, EscalationFacts(has_assistant=self.assistant_id is not None))
        self.trigger_event(self.MonitoringStarted, actor=actor, reason=reason)

    def close(self, *, actor: str, reason: str) -> None:
        self._move(CLOSE)
        self.trigger_event(self.Closed, actor=actor, reason=reason)

    def cancel(self, *, actor: str, reason: str) -> None:
        self._move(CANCEL)
        self.trigger_event(self.Cancelled, actor=actor, reason=reason)


def _day(value: object) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))
