"""The IT teams: one MCO team per run project (it keeps that project), three project teams
working on build projects only, about 300 staff across them, a few moving between teams."""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import partial

from demo.projects import DemoProject
from demo.timeline import Timeline
from demo.world import Cast, DemoPerson
from domain.calendar import Month
from domain.principal import Principal
from domain.values import ProjectKind, Role
from infrastructure.bootstrap import Jalon

# Where each MCO team sits (in the order of catalogue.MCO_TEAMS); most serve the whole group.
MCO_SITES = [
    "GHT", "CHRU-NANCY", "CHRU-NANCY", "CHI-EPINAL", "GHT", "GHT", "CH-LUNEVILLE", "GHT",
    "CHRU-NANCY", "CH-TOUL", "GHT", "CH-REMIREMONT", "CHRU-NANCY", "GHT", "GHT", "CHI-EPINAL",
    "GHT", "CHRU-NANCY", "CH-PONT-A-MOUSSON", "GHT",
]  # fmt: skip
PROJECT_TEAMS = [
    ("PROJETS-GHT", "Pôle projets du GHT", "GHT"),
    ("PROJETS-NANCY", "Pôle projets CHRU de Nancy", "CHRU-NANCY"),
    ("PROJETS-VOSGES", "Pôle projets des Vosges", "CHI-EPINAL"),
]
PROJECT_TEAM_SIZE = 20
MOVES = 12


@dataclass
class DemoTeam:
    code: str
    name: str
    establishment: str
    area: str | None  # the functional area of an MCO team's run project
    run_project: DemoProject | None
    members: list[DemoPerson] = field(default_factory=list)

    @property
    def lead(self) -> DemoPerson:
        return self.members[0]


@dataclass(frozen=True)
class Move:
    person: DemoPerson
    team: DemoTeam
    since: date  # a Monday


@dataclass
class Organisation:
    teams: list[DemoTeam]
    moves: list[Move]
    start: date  # when the first memberships take effect

    def __post_init__(self) -> None:
        self._initial = {person: team for team in self.teams for person in team.members}
        self._moves: dict[DemoPerson, list[Move]] = {}
        for move in self.moves:
            self._moves.setdefault(move.person, []).append(move)

    def team_of(self, person: DemoPerson, day: date) -> DemoTeam:
        team = self._initial[person]
        for move in self._moves.get(person, ()):
            if move.since <= day:
                team = move.team
        return team


def _slug(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return "-".join(ascii_name.upper().replace("'", " ").split())[:32]


def plan_teams(
    rng: random.Random, cast: Cast, projects: list[DemoProject], first: Month
) -> Organisation:
    runs = [p for p in projects if p.kind is ProjectKind.RUN]
    teams = [
        DemoTeam(_slug(p.name), p.name, site, p.area, p)
        for p, site in zip(runs, MCO_SITES, strict=True)
    ]
    teams += [DemoTeam(code, name, site, None, None) for code, name, site in PROJECT_TEAMS]
    staff = cast.with_role(Role.STAFF)
    rng.shuffle(staff)
    project_teams = teams[len(runs) :]
    in_projects = min(PROJECT_TEAM_SIZE, len(staff) // 5) * len(project_teams)
    for index, person in enumerate(staff[:in_projects]):
        project_teams[index % len(project_teams)].members.append(person)
    for index, person in enumerate(staff[in_projects:]):
        teams[index % len(runs)].members.append(person)
    start = first.plus(-1).first_day
    moves = []
    for person in rng.sample(staff, MOVES):
        leaving = next(t for t in teams if person in t.members)
        if person == leaving.lead:
            continue
        joining = rng.choice([t for t in teams if t is not leaving])
        monday = first.plus(rng.randint(4, 30)).first_day
        moves.append(Move(person, joining, monday + timedelta(days=(7 - monday.weekday()) % 7)))
    return Organisation(teams, sorted(moves, key=lambda m: m.since), start)


def schedule_teams(
    jalon: Jalon, timeline: Timeline, organisation: Organisation, pmo: DemoPerson, first: Month
) -> None:
    """Teams are formed once their run projects exist, before the history starts; moves
    are recorded the Monday they take effect."""
    formed = datetime.combine(first.plus(-3).first_day.replace(day=15), time(10), timeline.zone)
    principal = pmo.principal
    for team in organisation.teams:
        timeline.at(formed, partial(_form, jalon, principal, team, organisation.start))
    for move in organisation.moves:
        timeline.at(
            datetime.combine(move.since, time(8, 30), timeline.zone),
            partial(
                jalon.teams.assign, principal, move.person.person_id, team=move.team.code,
                since=move.since, reason="mobilité interne",
            ),
        )  # fmt: skip


def _form(jalon: Jalon, principal: Principal, team: DemoTeam, since: date) -> None:
    jalon.teams.form(
        principal, code=team.code, name=team.name, establishment=team.establishment,
        lead_id=team.lead.person_id,
    )  # fmt: skip
    if team.run_project is not None:
        jalon.teams.attach_run_project(principal, team.code, project_id=team.run_project.id)
    for person in team.members:
        jalon.teams.assign(
            principal, person.person_id, team=team.code, since=since,
            reason="constitution des équipes",
        )  # fmt: skip
