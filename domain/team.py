"""IT teams and who belongs to them.

A team belongs to an establishment (or to the group as a whole) and has a lead; an MCO team
keeps its run project(s). A person's memberships over time are their own aggregate
(`TeamMembership`): one team at a time, each change an event with the date it takes effect.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from uuid import UUID, uuid5

from domain.aggregate import JalonAggregate
from domain.errors import Conflict, InvalidCommand

TEAM_NAMESPACE = UUID("5a1f3c2e-8b7d-4e69-a0c4-2d9e6f1b7a38")


@lru_cache(maxsize=1024)
def team_id_for(code: str) -> UUID:
    """Derived from the unique code, like a project's id."""
    return uuid5(TEAM_NAMESPACE, f"team:{code}")


@lru_cache(maxsize=4096)
def membership_id_for(person_id: UUID) -> UUID:
    return uuid5(TEAM_NAMESPACE, f"membership:{person_id}")


class Team(JalonAggregate):
    class Formed(JalonAggregate.Created):
        code: str
        name: str
        establishment: str
        lead_id: UUID

    class LeadAppointed(JalonAggregate.Event):
        lead_id: UUID
        previous_lead_id: UUID
        reason: str

        def apply(self, aggregate: Team) -> None:
            aggregate.lead_id = self.lead_id

    class RunProjectAttached(JalonAggregate.Event):
        project_id: UUID

        def apply(self, aggregate: Team) -> None:
            aggregate.run_projects.add(self.project_id)

    class RunProjectDetached(JalonAggregate.Event):
        project_id: UUID
        reason: str

        def apply(self, aggregate: Team) -> None:
            aggregate.run_projects.discard(self.project_id)

    def __init__(self, code: str, name: str, establishment: str, lead_id: UUID) -> None:
        self.code = code
        self.name = name
        self.establishment = establishment
        self.lead_id = lead_id
        self.run_projects: set[UUID] = set()

    @classmethod
    def form(cls, *, actor: str, code: str, name: str, establishment: str, lead_id: UUID) -> Team:
        return cls._create(
            cls.Formed,
            id=team_id_for(code),
            actor=actor,
            code=code,
            name=name,
            establishment=establishment,
            lead_id=lead_id,
        )

    def appoint_lead(self, *, actor: str, lead_id: UUID, reason: str) -> None:
        if lead_id == self.lead_id:
            raise InvalidCommand(f"this person already leads team {self.code}", field="lead_id")
        self.trigger_event(
            self.LeadAppointed,
            actor=actor,
            lead_id=lead_id,
            previous_lead_id=self.lead_id,
            reason=reason,
        )

    def attach_run_project(self, *, actor: str, project_id: UUID) -> None:
        if project_id in self.run_projects:
            raise Conflict(f"team {self.code} already keeps this run project")
        self.trigger_event(self.RunProjectAttached, actor=actor, project_id=project_id)

    def detach_run_project(self, *, actor: str, project_id: UUID, reason: str) -> None:
        if project_id not in self.run_projects:
            raise Conflict(f"team {self.code} does not keep this run project")
        self.trigger_event(
            self.RunProjectDetached, actor=actor, project_id=project_id, reason=reason
        )


@dataclass(frozen=True)
class Period:
    team_id: UUID
    since: date
    until: date | None = None  # first day no longer in the team

    def covers(self, day: date) -> bool:
        return self.since <= day and (self.until is None or day < self.until)


class TeamMembership(JalonAggregate):
    """A person's teams over time."""

    class Started(JalonAggregate.Created):
        person_id: UUID

    class Joined(JalonAggregate.Event):
        person_id: UUID
        team_id: UUID
        since: date
        previous_team_id: UUID | None
        reason: str

        def apply(self, aggregate: TeamMembership) -> None:
            aggregate.close_current(self.since)
            aggregate.periods.append(Period(self.team_id, self.since))

    class Left(JalonAggregate.Event):
        person_id: UUID
        team_id: UUID
        until: date
        reason: str

        def apply(self, aggregate: TeamMembership) -> None:
            aggregate.close_current(self.until)

    def __init__(self, person_id: UUID) -> None:
        self.person_id = person_id
        self.periods: list[Period] = []

    @classmethod
    def start(cls, *, actor: str, person_id: UUID) -> TeamMembership:
        return cls._create(
            cls.Started, id=membership_id_for(person_id), actor=actor, person_id=person_id
        )

    @property
    def current(self) -> Period | None:
        last = self.periods[-1] if self.periods else None
        return last if last is not None and last.until is None else None

    def team_on(self, day: date) -> UUID | None:
        return next((p.team_id for p in reversed(self.periods) if p.covers(day)), None)

    def close_current(self, until: date) -> None:
        current = self.current
        if current is not None:
            self.periods[-1] = Period(current.team_id, current.since, until)

    def join(self, *, actor: str, team_id: UUID, since: date, reason: str) -> None:
        current = self.current
        if current is not None and current.team_id == team_id:
            raise Conflict("the person already belongs to this team")
        self._require_after_history(since, "since")
        self.trigger_event(
            self.Joined,
            actor=actor,
            person_id=self.person_id,
            team_id=team_id,
            since=since,
            previous_team_id=current.team_id if current else None,
            reason=reason,
        )

    def leave(self, *, actor: str, until: date, reason: str) -> None:
        current = self.current
        if current is None:
            raise Conflict("the person belongs to no team")
        self._require_after_history(until, "until")
        self.trigger_event(
            self.Left,
            actor=actor,
            person_id=self.person_id,
            team_id=current.team_id,
            until=until,
            reason=reason,
        )

    def _require_after_history(self, day: date, field: str) -> None:
        """Memberships are recorded in order: a change cannot take effect before the last one
        (a new membership may start the day the previous one ended)."""
        if not self.periods:
            return
        last = self.periods[-1]
        too_early = day <= last.since if last.until is None else day < last.until
        if too_early:
            floor = last.since if last.until is None else last.until
            raise InvalidCommand(
                f"{field} must not be before {floor}, when the last membership change took effect",
                field=field,
            )
