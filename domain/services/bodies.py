"""Commands on governance bodies: constitution, members, chair, projects steered."""

from __future__ import annotations

from collections.abc import Callable
from uuid import UUID

from domain.authorization import Operation, authorize
from domain.body import GovernanceBody, body_id_for
from domain.errors import DuplicateCode
from domain.principal import Principal
from domain.project import Project
from domain.services.lookups import References
from domain.services.results import CommandResult
from domain.store import EventStore
from domain.values import Role, parse_code, require_reason, require_text
from governance_rules.ruleset import BodyKind


class BodyService:
    def __init__(self, store: EventStore) -> None:
        self.store = store
        self.references = References(store)

    def constitute(
        self, principal: Principal, *, code: str, name: str, kind: BodyKind, reason: str
    ) -> CommandResult:
        authorize(principal, Operation.BODY_MANAGE)
        code = parse_code(code)
        duplicate = DuplicateCode(f"a body with code {code} already exists", field="code")
        if self.store.exists(body_id_for(code)):
            raise duplicate
        body = GovernanceBody.constitute(
            actor=principal.actor,
            code=code,
            name=require_text(name, field="name", max_length=200),
            kind=kind,
            reason=require_reason(reason),
        )
        return self._result(body, self.store.record(body, conflict=duplicate))

    def appoint_member(
        self, principal: Principal, body_id: UUID, *, person_id: UUID, reason: str
    ) -> CommandResult:
        def appoint(body: GovernanceBody, why: str) -> None:
            self.references.person(person_id, field="person_id", role=Role.COMMITTEE_MEMBER)
            body.appoint_member(actor=principal.actor, person_id=person_id, reason=why)

        return self._update(principal, body_id, reason, appoint)

    def remove_member(
        self, principal: Principal, body_id: UUID, *, person_id: UUID, reason: str
    ) -> CommandResult:
        return self._update(
            principal,
            body_id,
            reason,
            lambda b, why: b.remove_member(actor=principal.actor, person_id=person_id, reason=why),
        )

    def appoint_chair(
        self, principal: Principal, body_id: UUID, *, person_id: UUID, reason: str
    ) -> CommandResult:
        return self._update(
            principal,
            body_id,
            reason,
            lambda b, why: b.appoint_chair(actor=principal.actor, person_id=person_id, reason=why),
        )

    def attach_project(
        self, principal: Principal, body_id: UUID, *, project_id: UUID, reason: str
    ) -> CommandResult:
        def attach(body: GovernanceBody, why: str) -> None:
            self.store.load(Project, project_id, what=f"project {project_id}")
            body.attach_project(actor=principal.actor, project_id=project_id, reason=why)

        return self._update(principal, body_id, reason, attach)

    def detach_project(
        self, principal: Principal, body_id: UUID, *, project_id: UUID, reason: str
    ) -> CommandResult:
        return self._update(
            principal,
            body_id,
            reason,
            lambda b, why: b.detach_project(
                actor=principal.actor, project_id=project_id, reason=why
            ),
        )

    def load(self, body_id: UUID) -> GovernanceBody:
        body: GovernanceBody = self.store.load(GovernanceBody, body_id, what=f"body {body_id}")
        return body

    def _update(
        self,
        principal: Principal,
        body_id: UUID,
        reason: str,
        change: Callable[[GovernanceBody, str], None],
    ) -> CommandResult:
        authorize(principal, Operation.BODY_MANAGE)
        why = require_reason(reason)
        body = self.load(body_id)
        change(body, why)
        return self._result(body, self.store.record(body))

    @staticmethod
    def _result(body: GovernanceBody, position: int) -> CommandResult:
        return CommandResult(body.id, body.version, position)
