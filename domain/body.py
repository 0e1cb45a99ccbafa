"""A governance body (instance): the decision body, the operational body, a steering
committee (COPIL) of a project or programme, a project committee. Its members hold the
committee_member role; one of them chairs it. Quorum and decision mode come from the rule
set in force, per kind of body."""

from __future__ import annotations

from uuid import UUID, uuid5

from domain.aggregate import JalonAggregate
from domain.errors import Conflict, InvalidCommand
from governance_rules.ruleset import BodyKind

BODY_NAMESPACE = UUID("8c2d4e6f-1a3b-4c5d-9e7f-0a1b2c3d4e5f")


def body_id_for(code: str) -> UUID:
    """A body's id is derived from its unique code (two creations of one code collide)."""
    return uuid5(BODY_NAMESPACE, code)


class GovernanceBody(JalonAggregate):
    class Constituted(JalonAggregate.Created):
        code: str
        name: str
        kind: str
        reason: str

    class MemberAppointed(JalonAggregate.Event):
        person_id: UUID
        reason: str

        def apply(self, aggregate: GovernanceBody) -> None:
            aggregate.members.add(self.person_id)

    class MemberRemoved(JalonAggregate.Event):
        person_id: UUID
        reason: str

        def apply(self, aggregate: GovernanceBody) -> None:
            aggregate.members.discard(self.person_id)

    class ChairAppointed(JalonAggregate.Event):
        person_id: UUID
        previous_chair_id: UUID | None
        reason: str

        def apply(self, aggregate: GovernanceBody) -> None:
            aggregate.chair_id = self.person_id

    class ProjectAttached(JalonAggregate.Event):
        project_id: UUID
        reason: str

        def apply(self, aggregate: GovernanceBody) -> None:
            aggregate.projects.add(self.project_id)

    class ProjectDetached(JalonAggregate.Event):
        project_id: UUID
        reason: str

        def apply(self, aggregate: GovernanceBody) -> None:
            aggregate.projects.discard(self.project_id)

    def __init__(self, code: str, name: str, kind: str) -> None:
        self.code = code
        self.name = name
        self.kind = BodyKind(kind)
        self.members: set[UUID] = set()
        self.chair_id: UUID | None = None
        self.projects: set[UUID] = set()

    @classmethod
    def constitute(
        cls, *, actor: str, code: str, name: str, kind: BodyKind, reason: str
    ) -> GovernanceBody:
        return cls._create(
            cls.Constituted,
            id=body_id_for(code),
            actor=actor,
            code=code,
            name=name,
            kind=kind.value,
            reason=reason,
        )

    def steers(self, project_id: UUID) -> bool:
        """Group-wide bodies decide for every project; the others for those they steer."""
        return not self.kind.steers_projects or project_id in self.projects

    def appoint_member(self, *, actor: str, person_id: UUID, reason: str) -> None:
        if person_id in self.members:
            raise Conflict(f"this person already sits on {self.code}")
        self.trigger_event(self.MemberAppointed, actor=actor, person_id=person_id, reason=reason)

    def remove_member(self, *, actor: str, person_id: UUID, reason: str) -> None:
        if person_id not in self.members:
            raise Conflict(f"this person does not sit on {self.code}")
        if person_id == self.chair_id:
            raise Conflict(f"the chair of {self.code} leaves only once another chair is appointed")
        self.trigger_event(self.MemberRemoved, actor=actor, person_id=person_id, reason=reason)

    def appoint_chair(self, *, actor: str, person_id: UUID, reason: str) -> None:
        if person_id not in self.members:
            raise InvalidCommand(
                f"the chair must sit on {self.code}: appoint them first", field="person_id"
            )
        if person_id == self.chair_id:
            raise Conflict(f"this person already chairs {self.code}")
        self.trigger_event(
            self.ChairAppointed,
            actor=actor,
            person_id=person_id,
            previous_chair_id=self.chair_id,
            reason=reason,
        )

    def attach_project(self, *, actor: str, project_id: UUID, reason: str) -> None:
        if not self.kind.steers_projects:
            raise InvalidCommand(
                f"the {self.kind.value} body is group-wide: it steers every project",
                field="project_id",
            )
        if project_id in self.projects:
            raise Conflict(f"{self.code} already steers this project")
        self.trigger_event(self.ProjectAttached, actor=actor, project_id=project_id, reason=reason)

    def detach_project(self, *, actor: str, project_id: UUID, reason: str) -> None:
        if project_id not in self.projects:
            raise Conflict(f"{self.code} does not steer this project")
        self.trigger_event(self.ProjectDetached, actor=actor, project_id=project_id, reason=reason)
