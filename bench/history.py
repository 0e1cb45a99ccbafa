"""A synthetic history for the rebuild benchmark (and, small, for tests): projects over five
years (by default) with monthly status reports, budget revisions, milestones and risks, and weekly
validated time sheets, recorded through the services in time order, in batches.

About 11 % of the events are project events (~110 per project), the rest time sheets; the
number of projects is `events // 1000` (1,000 projects for 1,000,000 events)."""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from uuid import UUID

from domain.calendar import IsoWeek, Month
from domain.clock import recording_at
from domain.ports import PersonDetails
from domain.principal import SYSTEM
from domain.timesheet import LineInput
from domain.values import Role
from infrastructure.bootstrap import Jalon
from tests.support import Group, project_registration, seed_group

FIRST = Month(2021, 1)
MONTHS = 60
PROJECT_EVENTS = 110  # per project over the years, about
WEATHERS = ("green", "green", "green", "yellow", "orange", "red")
ESTABLISHMENTS = ("CHRU", "CH-TOUL", "GHT")
REASON = "synthetic history"

Action = tuple[datetime, int, Callable[[], object]]


@dataclass
class ProjectPlan:
    project_id: UUID
    code: str
    registered: Month
    milestones: list[tuple[UUID, date]] = field(default_factory=list)  # (id, forecast)
    risks: list[UUID] = field(default_factory=list)


class SyntheticHistory:
    def __init__(
        self,
        jalon: Jalon,
        events: int,
        *,
        seed: int = 1,
        months: int = MONTHS,
        projects: int | None = None,
    ) -> None:
        self.jalon = jalon
        self.rng = random.Random(seed)
        self.months = months
        self.projects_count = projects or max(4, events // 1000)
        sheets = max(events - self.projects_count * PROJECT_EVENTS * months // MONTHS, 0)
        self.people_count = max(1, sheets // (months * 52 // 12))
        self.group: Group
        self.people: list[UUID] = []
        self.plans: list[ProjectPlan] = []
        self._order = 0

    # -- the cast ----------------------------------------------------------------------
    def _prepare(self) -> None:
        with recording_at(datetime(2020, 12, 1, tzinfo=UTC)), self.jalon.store.batch():
            self.group = seed_group(self.jalon.reference, self.jalon.people)
            for i in range(self.people_count):
                self.people.append(
                    self.jalon.people.register(
                        SYSTEM, details=PersonDetails(f"s{i}", f"S {i}", f"s{i}@example.org"),
                        establishment="CHRU", roles=[Role.STAFF], reason=REASON,
                    ).id
                )  # fmt: skip

    # -- scheduling --------------------------------------------------------------------
    def _at(self, month: Month, day: int, minute: int, action: Callable[[], object]) -> Action:
        self._order += 1
        instant = datetime(month.year, month.month, day, 8, tzinfo=UTC) + timedelta(minutes=minute)
        return instant, self._order, action

    def _month_actions(self, index: int) -> list[Action]:
        month = FIRST.plus(index)
        actions: list[Action] = []
        for number in range(len(self.plans), self.projects_count):
            if number * (self.months // 2) // self.projects_count > index:
                break
            actions.append(self._at(month, 1, number % 600, self._register(number, month)))
        for number, plan in enumerate(self.plans):
            actions += self._project_month(plan, month, number)
        actions += self._sheets(month)
        return sorted(actions, key=lambda a: (a[0], a[1]))

    def _register(self, number: int, month: Month) -> Callable[[], object]:
        code = f"P-{number:05d}"
        plan = ProjectPlan(UUID(int=0), code, month)
        self.plans.append(plan)
        projects = self.jalon.projects
        group = self.group

        def register() -> None:
            establishment = ESTABLISHMENTS[number % len(ESTABLISHMENTS)]
            registration = project_registration(group, code, establishment=establishment)
            plan.project_id = projects.register(group.pmo, registration).id
            for k in range(4):
                baseline = month.first_day + timedelta(days=120 * (k + 1))
                plan.milestones.append((
                    projects.add_milestone(group.pmo, plan.project_id, name=f"M{k}",
                                           baseline=baseline).id,
                    baseline,
                ))  # fmt: skip
            for k in range(2):
                plan.risks.append(self._add_risk(plan, k))

        return register

    def _add_risk(self, plan: ProjectPlan, k: int) -> UUID:
        assert self.group.manager.person_id is not None
        risk: UUID = self.jalon.projects.add_risk(
            self.group.pmo, plan.project_id, title=f"Risk {k}",
            gravity=self.rng.randint(1, 4), probability=self.rng.randint(1, 4),
            owner_id=self.group.manager.person_id, treatment_plan="follow-up",
        ).id  # fmt: skip
        return risk

    def _project_month(self, plan: ProjectPlan, month: Month, number: int) -> list[Action]:
        if plan.registered >= month:
            return []
        projects, pmo, rng = self.jalon.projects, self.group.pmo, self.rng
        age = (month.year - plan.registered.year) * 12 + month.month - plan.registered.month
        minute = number % 600
        weather = {d: rng.choice(WEATHERS) for d in ("quality", "cost", "deadline", "risk")}
        actions = [
            self._at(month, 3, minute, lambda: projects.report_status(
                pmo, plan.project_id, month=str(month), weather=weather, comment="")),
        ]  # fmt: skip
        if age % 3 == 1:
            envelope = 100_000 + 1_000 * (number % 50)
            forecast = envelope + rng.randint(-10, 20) * 1_000
            actions.append(self._at(month, 5, minute, lambda: projects.record_budget(
                pmo, plan.project_id, year=month.year, envelope=str(envelope),
                committed=str(envelope // 2 + age * 10), spent=str(envelope // 4), forecast=str(forecast),
                reason=REASON)))  # fmt: skip
        if age % 4 == 2 and plan.milestones:
            actions.append(self._at(month, 7, minute, lambda: self._move_milestone(plan, month)))
        if age % 6 == 3:
            actions.append(self._at(month, 9, minute, lambda: self._turn_risks(plan, age)))
        return actions

    def _move_milestone(self, plan: ProjectPlan, month: Month) -> None:
        milestone, forecast = plan.milestones[0]
        projects, pmo = self.jalon.projects, self.group.pmo
        if forecast <= month.first_day:
            projects.achieve_milestone(pmo, plan.project_id, milestone, achieved_on=forecast)
            plan.milestones.pop(0)
        else:
            later = forecast + timedelta(days=self.rng.randint(5, 40))
            projects.reforecast_milestone(
                pmo, plan.project_id, milestone, forecast=later, reason="slips"
            )
            plan.milestones[0] = (milestone, later)

    def _turn_risks(self, plan: ProjectPlan, age: int) -> None:
        projects, pmo = self.jalon.projects, self.group.pmo
        first = plan.risks[0]
        projects.reassess_risk(pmo, plan.project_id, first, gravity=self.rng.randint(1, 4),
                               probability=self.rng.randint(1, 4), reason="review")  # fmt: skip
        projects.close_risk(pmo, plan.project_id, plan.risks.pop(0), reason="treated")
        plan.risks.append(self._add_risk(plan, age))

    def _sheets(self, month: Month) -> list[Action]:
        actions: list[Action] = []
        day = month.first_day
        day += timedelta(days=(7 - day.weekday()) % 7)  # the month's first Monday
        while day <= month.last_day:
            week = str(IsoWeek.of(day))
            for index, person in enumerate(self.people):
                actions.append(self._at(month, day.day, 600 + index % 600,
                                        self._sheet(person, week, index)))  # fmt: skip
            day += timedelta(days=7)
        return actions

    def _sheet(self, person: UUID, week: str, index: int) -> Callable[[], object]:
        def record() -> None:
            registered = [p for p in self.plans if p.project_id.int]
            a = registered[index % len(registered)].project_id
            b = registered[(index * 7 + 3) % len(registered)].project_id
            lines = (
                [LineInput(a, "20", "build"), LineInput(b, "15", "recette")]
                if a != b
                else [LineInput(a, "35", "build")]
            )
            self.jalon.timesheets.import_validated(
                self.group.pmo, person, week, lines, reason=REASON
            )

        return record

    # -- recording ---------------------------------------------------------------------
    def record(self, batch: int = 2000, progress: Callable[[int], None] | None = None) -> int:
        """Record the whole history, `batch` actions per transaction; the events' count."""
        self._prepare()
        for index in range(self.months):
            for chunk in _chunks(self._month_actions(index), batch):
                with self.jalon.store.batch():
                    for instant, _, action in chunk:
                        with recording_at(instant):
                            action()
            if progress:
                progress(self.jalon.runner.log.head_position())
        return self.jalon.runner.log.head_position()

    def span(self) -> tuple[datetime, datetime]:
        """The first and last instants of the projects' history."""
        return (
            datetime(FIRST.year, FIRST.month, 1, tzinfo=UTC),
            datetime(FIRST.plus(self.months).year, FIRST.plus(self.months).month, 1, tzinfo=UTC),
        )


def _chunks(actions: list[Action], size: int) -> Iterator[list[Action]]:
    for start in range(0, len(actions), size):
        yield actions[start : start + size]
