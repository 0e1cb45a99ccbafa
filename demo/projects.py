"""The projects' stories: registration, budgets, milestones (some slipping), monthly status
reports with weather that drifts, and risks."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from functools import partial
from uuid import UUID

from demo.catalogue import (
    ESTABLISHMENTS,
    MCO_TEAMS,
    MILESTONE_NAMES,
    PROJECT_THEMES,
    REPORT_COMMENTS,
    RISK_TITLES,
)
from demo.timeline import Action, Timeline, months_between
from demo.world import Cast, DemoPerson
from domain.calendar import Month
from domain.principal import Principal
from domain.project import project_id_for
from domain.services.projects import ProjectRegistration
from domain.values import PriorityCriterion, ProjectKind, Role
from infrastructure.bootstrap import Jalon

WEATHERS = ["green", "yellow", "orange", "red"]
DIMENSIONS = ["quality", "cost", "deadline", "risk"]
BUILD_PROJECTS = 112
SLIP_REASONS = [
    "retard de l'éditeur",
    "indisponibilité des référents",
    "recette plus longue que prévu",
]
CORRECTED_REPORT = "Rapport corrigé après le comité de suivi."


@dataclass
class DemoProject:
    code: str
    name: str
    establishment: str
    area: str
    kind: ProjectKind
    manager: DemoPerson
    sponsor: DemoPerson
    start: Month
    end: Month
    envelope: Decimal
    troubled: bool
    milestones: list[tuple[str, date]] = field(default_factory=list)
    stops: Month | None = None  # abandoned that month: nothing happens to it from then on
    first_month: Month | None = None  # when it enters the history (registration)
    last_activity: Month | None = None  # the last month of its story so far
    closing: Month | None = None  # its closure gate (G6): after its end and its last action

    @property
    def id(self) -> UUID:
        return project_id_for(self.code)


def _rid(rng: random.Random) -> UUID:
    return UUID(int=rng.getrandbits(128), version=4)


def plan_projects(rng: random.Random, cast: Cast, first: Month, last: Month) -> list[DemoProject]:
    managers = cast.with_role(Role.PROJECT_MANAGER)
    sponsors = cast.with_role(Role.COMMITTEE_MEMBER)
    sites = [code for code, _ in ESTABLISHMENTS]
    projects: list[DemoProject] = []
    for index in range(BUILD_PROJECTS):
        area, patterns = rng.choice(PROJECT_THEMES)
        site = rng.choice(sites)
        short = dict(ESTABLISHMENTS)[site].replace("CH de ", "").replace("CHRU de ", "CHRU ")
        start = first.plus(rng.randint(-6, 31))
        duration = rng.randint(8, 30)
        envelope = Decimal(int(10 ** rng.uniform(4.7, 6.3)) // 1000 * 1000)
        project = DemoProject(
            code=f"{area[:4]}-{start.year % 100:02d}{index + 1:03d}",
            name=rng.choice(patterns).format(site=short),
            establishment=site,
            area=area,
            kind=ProjectKind.BUILD,
            manager=rng.choice(managers),
            sponsor=rng.choice(sponsors),
            start=start,
            end=start.plus(duration),
            envelope=envelope,
            troubled=rng.random() < 0.2,
        )
        count = rng.randint(3, 5)
        names = [*MILESTONE_NAMES[: count - 1], MILESTONE_NAMES[5]]
        span = (project.end.first_day - project.start.first_day).days
        project.milestones = [
            (name, project.start.first_day + timedelta(days=span * (i + 1) // count))
            for i, name in enumerate(names)
        ]
        projects.append(project)
    for index, (area, team) in enumerate(MCO_TEAMS):
        projects.append(
            DemoProject(
                code=f"MCO-{index + 1:02d}",
                name=team,
                establishment="GHT",
                area=area,
                kind=ProjectKind.RUN,
                manager=rng.choice(managers),
                sponsor=rng.choice(sponsors),
                start=first.plus(-12),
                end=last.plus(120),
                envelope=Decimal(rng.randint(40, 400) * 1000),
                troubled=False,
            )
        )
    return projects


class ProjectStories:
    def __init__(self, jalon: Jalon, rng: random.Random, timeline: Timeline, last: Month) -> None:
        self.jalon = jalon
        self.rng = rng
        self.timeline = timeline
        self.last = last

    def schedule(self, project: DemoProject, pmo: DemoPerson) -> None:
        first_month = max(
            project.start, Month.containing(self.timeline.now, self.timeline.zone).plus(-40)
        )
        project.first_month = first_month
        self._at(
            project, first_month, self.rng.randint(1, 8), 9,
            partial(self._register, project, pmo.principal),
        )  # fmt: skip
        self._budgets(project, first_month)
        self._milestones(project, first_month)
        self._risks(project, first_month)
        assert project.last_activity is not None
        project.closing = max(project.end.next(), project.last_activity.next())
        self._reports(project, first_month)

    def _at(self, project: DemoProject, month: Month, day: int, hour: int, action: Action) -> None:
        """Schedule one step of the project's story, unless it was abandoned by then."""
        if project.stops is not None and month >= project.stops:
            return
        project.last_activity = max(month, project.last_activity or month)
        self.timeline.on_day(month, day, hour, action)

    def _register(self, project: DemoProject, registrar: Principal) -> None:
        criteria = self.rng.sample([c.value for c in PriorityCriterion], k=self.rng.randint(1, 3))
        self.jalon.projects.register(
            registrar,
            ProjectRegistration(
                code=project.code,
                name=project.name,
                establishment=project.establishment,
                functional_area=project.area,
                kind=project.kind,
                sponsor_id=project.sponsor.person_id,
                manager_id=project.manager.person_id,
                description=f"{project.name} : projet du schéma directeur du GHT.",
                priority_criteria=criteria,
            ),
        )

    def _budgets(self, project: DemoProject, first_month: Month) -> None:
        years = list(range(project.start.year, min(project.end.year, self.last.year) + 1))
        share = (project.envelope / len(years)).quantize(Decimal("1"))
        overrun = (
            Decimal("1") + Decimal(self.rng.randint(12, 35)) / 100
            if project.troubled
            else Decimal("1")
        )
        for year in years:
            month = max(first_month, Month(year, 1))
            progress_points = [month, month.plus(6)] if year < self.last.year else [month]
            for step, when in enumerate(progress_points):
                done = Decimal(step + 1) / Decimal(len(progress_points) + 1)
                spent = (share * done * Decimal("0.9")).quantize(Decimal("0.01"))
                forecast = (share * (overrun if step else (1 + (overrun - 1) / 3))).quantize(
                    Decimal("0.01")
                )
                self._at(
                    project,
                    when, 12, 10,
                    self._budget_action(project, year, share, spent, forecast, step),
                )  # fmt: skip

    def _budget_action(
        self,
        project: DemoProject,
        year: int,
        envelope: Decimal,
        spent: Decimal,
        forecast: Decimal,
        step: int,
    ) -> Action:
        return partial(
            self.jalon.projects.record_budget,
            project.manager.principal,
            project.id,
            year=year,
            envelope=envelope,
            committed=min(envelope, spent * Decimal("1.3")).quantize(Decimal("0.01")),
            spent=spent,
            forecast=forecast,
            reason="budget initial" if step == 0 else "révision semestrielle",
        )

    def _milestones(self, project: DemoProject, first_month: Month) -> None:
        manager = project.manager.principal
        commands = self.jalon.projects
        for name, baseline in project.milestones:
            milestone_id = _rid(self.rng)
            self._at(
                project,
                first_month,
                self.rng.randint(10, 20),
                11,
                partial(commands.add_milestone, manager, project.id, name=name, baseline=baseline,
                        milestone_id=milestone_id),
            )  # fmt: skip
            slipping = project.troubled or self.rng.random() < 0.25
            slip = self.rng.randint(20, 120) if slipping else 0
            forecast = baseline + timedelta(days=slip)
            if slip:
                notice = max(Month.of(baseline).plus(-2), first_month)
                reason = self.rng.choice(SLIP_REASONS)
                self._at(
                    project,
                    notice,
                    25,
                    14,
                    partial(commands.reforecast_milestone, manager, project.id, milestone_id,
                            forecast=forecast, reason=reason),
                )  # fmt: skip
            achieved = forecast + timedelta(days=self.rng.randint(-3, 6))
            self._at(
                project,
                Month.of(achieved),
                achieved.day,
                17,
                partial(
                    commands.achieve_milestone,
                    manager,
                    project.id,
                    milestone_id,
                    achieved_on=achieved,
                ),
            )

    def _reports(self, project: DemoProject, first_month: Month) -> None:
        weather = dict.fromkeys(DIMENSIONS, "green")
        last_report = self.last.previous()
        if project.kind is ProjectKind.BUILD and project.closing is not None:
            last_report = min(project.closing.previous(), last_report)
        report = partial(self.jalon.projects.report_status, project.manager.principal, project.id)
        for month in months_between(first_month, last_report):
            weather = self._drift(weather, project.troubled)
            worst = max(weather.values(), key=WEATHERS.index)
            comment = self.rng.choice(REPORT_COMMENTS[worst])
            snapshot = dict(weather)
            self._at(
                project,
                month.next(),
                self.rng.randint(1, 6),
                16,
                partial(report, month=str(month), weather=snapshot, comment=comment),
            )
            if self.rng.random() < 0.03:  # a corrected report for the same month
                self._at(
                    project,
                    month.next(),
                    9,
                    10,
                    partial(report, month=str(month), weather=snapshot, comment=CORRECTED_REPORT),
                )

    def _drift(self, weather: dict[str, str], troubled: bool) -> dict[str, str]:
        drifted = {}
        for dimension, value in weather.items():
            index = WEATHERS.index(value)
            worsen = 0.18 if troubled else 0.07
            roll = self.rng.random()
            if roll < worsen:
                index = min(index + 1, 3)
            elif roll > 0.75:
                index = max(index - 1, 0)
            drifted[dimension] = WEATHERS[index]
        return drifted

    def _risks(self, project: DemoProject, first_month: Month) -> None:
        manager = project.manager.principal
        commands = self.jalon.projects
        for _ in range(self.rng.randint(1, 4)):
            risk_id = _rid(self.rng)
            month = first_month.plus(self.rng.randint(1, 8))
            self._at(
                project,
                month,
                self.rng.randint(1, 28),
                15,
                partial(
                    commands.add_risk, manager, project.id, risk_id=risk_id,
                    title=self.rng.choice(RISK_TITLES), gravity=self.rng.randint(1, 4),
                    probability=self.rng.randint(1, 4), owner_id=project.manager.person_id,
                    treatment_plan="Plan d'action suivi en comité de projet.",
                ),
            )  # fmt: skip
            if self.rng.random() < 0.5:
                self._at(
                    project,
                    month.plus(self.rng.randint(2, 6)),
                    20,
                    15,
                    partial(
                        commands.reassess_risk, manager, project.id, risk_id,
                        gravity=self.rng.randint(1, 4), probability=self.rng.randint(1, 4),
                        reason="réévaluation en COPIL",
                    ),
                )  # fmt: skip
            if self.rng.random() < 0.4:
                self._at(
                    project,
                    month.plus(self.rng.randint(7, 14)),
                    22,
                    15,
                    partial(
                        commands.close_risk, manager, project.id, risk_id, reason="risque maîtrisé"
                    ),
                )
