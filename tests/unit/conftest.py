"""Unit tests run in memory: the library's in-memory recorder and in-memory ports."""

from __future__ import annotations

from dataclasses import dataclass
from zoneinfo import ZoneInfo

import pytest

from domain.services.bodies import BodyService
from domain.services.deliverables import DeliverableService
from domain.services.effort_plans import EffortPlanService
from domain.services.gate_reviews import GateReviewService
from domain.services.mco_services import McoServices
from domain.services.people import PeopleService
from domain.services.projects import ProjectService
from domain.services.reference import ReferenceService
from domain.services.rulesets import RuleSetService
from domain.services.teams import TeamService
from domain.services.timesheet_batches import TimeSheetBatches
from domain.services.timesheets import TimeSheetService
from domain.store import EventStore
from governance_rules.weekly_hours import WeeklyHoursCeiling
from tests.support import (
    Activity,
    Group,
    InMemoryCredentials,
    InMemoryDirectory,
    InMemoryPasswords,
    seed_activity,
    seed_group,
)


@dataclass
class Services:
    store: EventStore
    projects: ProjectService
    people: PeopleService
    reference: ReferenceService
    directory: InMemoryDirectory
    credentials: InMemoryCredentials
    rulesets: RuleSetService
    bodies: BodyService
    deliverables: DeliverableService
    gate_reviews: GateReviewService
    passwords: InMemoryPasswords
    teams: TeamService
    timesheets: TimeSheetService
    timesheet_batches: TimeSheetBatches
    effort_plans: EffortPlanService
    mco_services: McoServices


@pytest.fixture
def services() -> Services:
    return make_services()


def make_services() -> Services:
    store = EventStore(env={"PERSISTENCE_MODULE": "eventsourcing.popo"})
    directory, credentials, passwords = (
        InMemoryDirectory(),
        InMemoryCredentials(),
        InMemoryPasswords(),
    )
    rulesets = RuleSetService(store)
    zone = ZoneInfo("Europe/Paris")
    timesheets = TimeSheetService(store, zone, WeeklyHoursCeiling())
    return Services(
        store=store,
        projects=ProjectService(store, zone),
        people=PeopleService(store, directory, credentials, passwords),
        reference=ReferenceService(store),
        directory=directory,
        credentials=credentials,
        rulesets=rulesets,
        bodies=BodyService(store),
        deliverables=DeliverableService(store, rulesets),
        gate_reviews=GateReviewService(store, rulesets, zone),
        passwords=passwords,
        teams=TeamService(store),
        timesheets=timesheets,
        timesheet_batches=TimeSheetBatches(store, timesheets),
        effort_plans=EffortPlanService(store),
        mco_services=McoServices(store, zone),
    )


@pytest.fixture
def group(services: Services) -> Group:
    return seed_group(services.reference, services.people)


@pytest.fixture
def activity(services: Services, group: Group) -> Activity:
    return seed_activity(
        group, people=services.people, projects=services.projects, teams=services.teams
    )
