"""What the team rules read about teams, as recorded so far: each team's code and run
projects, and who belonged to which team when (the replay applies events in order)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any
from uuid import UUID

from governance_rules.history_event import HistoryEvent, day_of


@dataclass
class _Period:
    team_id: UUID
    since: date
    until: date | None = None  # first day no longer in the team


@dataclass
class TeamFacts:
    codes: dict[UUID, str] = field(default_factory=dict)
    run_projects: dict[UUID, list[UUID]] = field(default_factory=dict)  # in attachment order
    periods: dict[UUID, list[_Period]] = field(default_factory=dict)  # per person

    def apply(self, event: HistoryEvent) -> None:
        d, name = event.data, event.name
        if name == "Team.Formed":
            self.codes[event.originator_id] = str(d["code"])
            self.run_projects[event.originator_id] = []
        elif name == "Team.RunProjectAttached":
            self.run_projects.setdefault(event.originator_id, []).append(_uuid(d["project_id"]))
        elif name == "Team.RunProjectDetached":
            kept = self.run_projects.get(event.originator_id, [])
            self.run_projects[event.originator_id] = [
                p for p in kept if p != _uuid(d["project_id"])
            ]
        elif name == "TeamMembership.Joined":
            periods = self.periods.setdefault(_uuid(d["person_id"]), [])
            _close(periods, day_of(d["since"]))
            periods.append(_Period(_uuid(d["team_id"]), day_of(d["since"])))
        elif name == "TeamMembership.Left":
            _close(self.periods.setdefault(_uuid(d["person_id"]), []), day_of(d["until"]))

    def team_on(self, person_id: UUID, day: date) -> UUID | None:
        """The person's team on that day, as far as recorded (like the time-share view)."""
        for period in reversed(self.periods.get(person_id, ())):
            if period.since <= day and (period.until is None or day < period.until):
                return period.team_id
        return None

    def run_project_of(self, team_id: UUID) -> UUID | None:
        """The run project an escalation about the team goes to: the first one attached
        that the team still keeps, or None (a team keeping no run project)."""
        kept = self.run_projects.get(team_id)
        return kept[0] if kept else None


def _close(periods: list[_Period], until: date) -> None:
    if periods and periods[-1].until is None:
        periods[-1].until = until


def _uuid(value: Any) -> UUID:
    return value if isinstance(value, UUID) else UUID(str(value))
