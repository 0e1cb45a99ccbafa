"""Commands on escalations: the PMO opens one by hand (with a reason), assigns an assistant,
closes or cancels it; the project's manager (or the PMO) acknowledges it, agrees the action
plan and starts the monitoring."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from uuid import UUID, uuid4

from domain.authorization import Operation, Target, authorize
from domain.errors import InvalidCommand, NotFound, Refusal
from domain.escalation import Action, Escalation
from domain.person import Person
from domain.principal import Principal
from domain.project import Project
from domain.services.results import CommandResult
from domain.store import EventStore
from domain.values import require_reason, require_text


@dataclass(frozen=True)
class ActionInput:
    description: str
    owner_id: UUID
    due: date


class EscalationService:
    def __init__(self, store: EventStore) -> None:
        self.store = store

    def open(
        self,
        principal: Principal,
        *,
        project_id: UUID,
        reason: str,
        assistant_id: UUID | None = None,
    ) -> CommandResult:
        """Open an escalation by hand (the PMO), optionally naming the assistant at once."""
        authorize(principal, Operation.ESCALATION_MANAGE)
        reason = require_reason(reason)
        project = self._project(project_id)
        project.require_open("be escalated")
        escalation = Escalation.open_by_hand(
            actor=principal.actor, project_id=project.id, reason=reason, id=uuid4()
        )
        if assistant_id is not None:
            self._person(assistant_id, field="assistant_id")
            escalation.assign_assistant(
                actor=principal.actor, assistant_id=assistant_id, reason=reason
            )
        return _result(escalation, self.store.record(escalation))

    def assign_assistant(
        self, principal: Principal, escalation_id: UUID, *, assistant_id: UUID, reason: str,
        expected_version: int | None = None,
    ) -> CommandResult:  # fmt: skip
        reason = require_reason(reason)
        self._person(assistant_id, field="assistant_id")
        return self._update(
            principal, escalation_id, Operation.ESCALATION_MANAGE, expected_version,
            lambda e: e.assign_assistant(
                actor=principal.actor, assistant_id=assistant_id, reason=reason
            ),
        )  # fmt: skip

    def acknowledge(
        self, principal: Principal, escalation_id: UUID, *, reason: str,
        expected_version: int | None = None,
    ) -> CommandResult:  # fmt: skip
        return self._step(
            principal, escalation_id, Operation.ESCALATION_RESPOND, Escalation.acknowledge,
            reason, expected_version,
        )  # fmt: skip

    def agree_action_plan(
        self, principal: Principal, escalation_id: UUID, *, actions: Sequence[ActionInput],
        reason: str, expected_version: int | None = None,
    ) -> CommandResult:  # fmt: skip
        reason = require_reason(reason)
        plan = [self._action(i, a) for i, a in enumerate(actions)]
        return self._update(
            principal, escalation_id, Operation.ESCALATION_RESPOND, expected_version,
            lambda e: e.agree_action_plan(actor=principal.actor, actions=plan, reason=reason),
        )  # fmt: skip

    def start_monitoring(
        self, principal: Principal, escalation_id: UUID, *, reason: str,
        expected_version: int | None = None,
    ) -> CommandResult:  # fmt: skip
        return self._step(
            principal, escalation_id, Operation.ESCALATION_RESPOND, Escalation.start_monitoring,
            reason, expected_version,
        )  # fmt: skip

    def close(
        self, principal: Principal, escalation_id: UUID, *, reason: str,
        expected_version: int | None = None,
    ) -> CommandResult:  # fmt: skip
        return self._step(
            principal, escalation_id, Operation.ESCALATION_MANAGE, Escalation.close,
            reason, expected_version,
        )  # fmt: skip

    def cancel(
        self, principal: Principal, escalation_id: UUID, *, reason: str,
        expected_version: int | None = None,
    ) -> CommandResult:  # fmt: skip
        return self._step(
            principal, escalation_id, Operation.ESCALATION_MANAGE, Escalation.cancel,
            reason, expected_version,
        )  # fmt: skip

    def load(self, escalation_id: UUID) -> Escalation:
        escalation: Escalation = self.store.load(
            Escalation, escalation_id, what=f"escalation {escalation_id}"
        )
        return escalation

    def _step(
        self,
        principal: Principal,
        escalation_id: UUID,
        operation: Operation,
        step: Callable[..., None],
        reason: str,
        expected_version: int | None,
    ) -> CommandResult:
        """A step that takes only a reason."""
        reason = require_reason(reason)
        return self._update(
            principal, escalation_id, operation, expected_version,
            lambda e: step(e, actor=principal.actor, reason=reason),
        )  # fmt: skip

    def _update(
        self,
        principal: Principal,
        escalation_id: UUID,
        operation: Operation,
        expected_version: int | None,
        change: Callable[[Escalation], None],
    ) -> CommandResult:
        escalation = self.load(escalation_id)
        project = self.store.read(Project, escalation.project_id, what="project")
        authorize(principal, operation, Target(manager_id=project.manager_id))
        escalation.check_version(expected_version)
        change(escalation)
        return _result(escalation, self.store.record(escalation))

    def _project(self, project_id: UUID) -> Project:
        try:
            return self.store.read(Project, project_id, what="project")
        except NotFound:
            raise InvalidCommand(f"unknown project {project_id}", field="project_id") from None

    def _person(self, person_id: UUID, *, field: str) -> Person:
        try:
            person = self.store.read(Person, person_id, what="person")
        except NotFound:
            raise InvalidCommand(
                f"unknown person {person_id}", field=field, code=Refusal.UNKNOWN_PERSON,
                params={"field": field},
            ) from None  # fmt: skip
        if not person.enabled:
            raise InvalidCommand(
                f"person #{person.number} is disabled", field=field,
                code=Refusal.DISABLED_PERSON, params={"field": field, "number": person.number},
            )  # fmt: skip
        return person

    def _action(self, index: int, action: ActionInput) -> Action:
        field = f"actions[{index}]"
        text = require_text(action.description, field=f"{field}.description", max_length=500)
        self._person(action.owner_id, field=f"{field}.owner_id")
        return Action(text, action.owner_id, action.due)


def _result(escalation: Escalation, position: int) -> CommandResult:
    return CommandResult(escalation.id, escalation.version, position)
