"""Commands on teams and on who belongs to them."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from domain.authorization import Operation, authorize
from domain.errors import Conflict, DuplicateCode, InvalidCommand
from domain.principal import Principal
from domain.project import Project
from domain.services.lookups import References
from domain.services.results import CommandResult
from domain.store import EventStore
from domain.team import Team, TeamMembership, membership_id_for, team_id_for
from domain.values import ProjectKind, parse_code, require_reason, require_text


class TeamService:
    def __init__(self, store: EventStore) -> None:
        self.store = store
        self.references = References(store)

    def form(
        self, principal: Principal, *, code: str, name: str, establishment: str, lead_id: UUID
    ) -> CommandResult:
        authorize(principal, Operation.TEAM_MANAGE)
        code = parse_code(code)
        duplicate = DuplicateCode(f"a team with code {code} already exists", field="code")
        self.store.require_absent(team_id_for(code), duplicate)
        self.references.person(lead_id, field="lead_id")
        team = Team.form(
            actor=principal.actor,
            code=code,
            name=require_text(name, field="name", max_length=200),
            establishment=self.references.establishment(establishment),
            lead_id=lead_id,
        )
        return _result(team, self.store.record(team, conflict=duplicate))

    def appoint_lead(
        self, principal: Principal, code: str, *, lead_id: UUID, reason: str
    ) -> CommandResult:
        authorize(principal, Operation.TEAM_MANAGE)
        team = self.load(code)
        self.references.person(lead_id, field="lead_id")
        team.appoint_lead(actor=principal.actor, lead_id=lead_id, reason=require_reason(reason))
        return _result(team, self.store.record(team))

    def attach_run_project(
        self, principal: Principal, code: str, *, project_id: UUID
    ) -> CommandResult:
        authorize(principal, Operation.TEAM_MANAGE)
        team = self.load(code)
        project = self.store.load(Project, project_id, what=f"project {project_id}")
        if project.kind is not ProjectKind.RUN:
            raise InvalidCommand(
                f"project {project.code} is a build project: a team keeps run projects",
                field="project_id",
            )
        team.attach_run_project(actor=principal.actor, project_id=project_id)
        return _result(team, self.store.record(team))

    def assign(
        self, principal: Principal, person_id: UUID, *, team: str, since: date, reason: str
    ) -> CommandResult:
        """The person joins the team from `since` (leaving their previous team that day)."""
        authorize(principal, Operation.TEAM_MANAGE)
        joined = self.load(team)
        self.references.person(person_id, field="person_id")
        membership = self._membership(principal, person_id)
        membership.join(
            actor=principal.actor, team_id=joined.id, since=since, reason=require_reason(reason)
        )
        return _result(membership, self.store.record(membership))

    def release(
        self, principal: Principal, person_id: UUID, *, team: str, until: date, reason: str
    ) -> CommandResult:
        """The person leaves the team and belongs to no team from `until` on."""
        authorize(principal, Operation.TEAM_MANAGE)
        left = self.load(team)
        membership: TeamMembership = self.store.load(
            TeamMembership, membership_id_for(person_id), what=f"team membership of {person_id}"
        )
        current = membership.current
        if current is None or current.team_id != left.id:
            raise Conflict(f"the person does not belong to team {left.code}")
        membership.leave(actor=principal.actor, until=until, reason=require_reason(reason))
        return _result(membership, self.store.record(membership))

    def load(self, code: str) -> Team:
        team: Team = self.store.load(Team, team_id_for(parse_code(code)), what=f"team {code}")
        return team

    def _membership(self, principal: Principal, person_id: UUID) -> TeamMembership:
        membership_id = membership_id_for(person_id)
        if self.store.exists(membership_id):
            found: TeamMembership = self.store.load(
                TeamMembership, membership_id, what="team membership"
            )
            return found
        return TeamMembership.start(actor=principal.actor, person_id=person_id)


def _result(aggregate: Team | TeamMembership, position: int) -> CommandResult:
    return CommandResult(aggregate.id, aggregate.version, position)
