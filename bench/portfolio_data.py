"""A demo-like portfolio, fast to load: the small group of the tests and ~130 projects, each
with budget lines, milestones, monthly status reports and risks (all through the services).

The full demo (`jalon demo`) takes over a minute; these benchmarks and fault tests need the
same portfolio rows, not three years of time sheets."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date
from uuid import UUID

from domain.calendar import Month
from domain.principal import Principal
from domain.services.projects import ProjectRegistration
from domain.values import ProjectKind
from infrastructure.bootstrap import Jalon
from tests.support import Group, seed_group

WEATHERS = ["green", "green", "yellow", "orange", "red"]
DIMENSIONS = ["quality", "cost", "deadline", "risk"]
GREEN_REPORT = dict.fromkeys(DIMENSIONS, "green")


@dataclass
class Portfolio:
    group: Group
    projects: list[UUID]
    token: str  # a PMO's bearer token


def person(principal: Principal) -> UUID:
    assert principal.person_id is not None
    return principal.person_id


def weather(rng: random.Random) -> dict[str, str]:
    return {d: rng.choice(WEATHERS) for d in DIMENSIONS}


def past_month(i: int, today: date) -> str:
    """The i-th month before this one (0 = last month), cycling over two years."""
    return str(Month.of(today).plus(-1 - i % 24))


def load_portfolio(
    jalon: Jalon, *, projects: int = 130, reports: int = 12, seed: int = 1
) -> Portfolio:
    rng = random.Random(seed)
    group = seed_group(jalon.reference, jalon.people)
    ids: list[UUID] = []
    today = jalon.today()
    with jalon.store.batch():
        for n in range(projects):
            ids.append(_project(jalon, group, rng, n, reports, today))
    jalon.runner.catch_up()
    _, token, _ = jalon.people.issue_token(group.admin, person(group.pmo), valid_days=2)
    jalon.runner.catch_up()
    return Portfolio(group, ids, token.bearer)


def _project(
    jalon: Jalon, group: Group, rng: random.Random, n: int, reports: int, today: date
) -> UUID:
    services = jalon.projects
    manager = group.manager if n % 2 else group.other_manager
    project = services.register(
        group.pmo,
        ProjectRegistration(
            code=f"P-{n:03d}", name=f"Projet {n}", establishment="CHRU" if n % 2 else "CH-TOUL",
            functional_area="DPI" if n % 3 else "INFRA",
            kind=ProjectKind.RUN if n % 6 == 0 else ProjectKind.BUILD,
            sponsor_id=person(group.member), manager_id=person(manager),
            description="Projet du portefeuille de démonstration",
        ),
    ).id  # fmt: skip
    for year in (today.year - 1, today.year):
        envelope = rng.randrange(50, 2000) * 1000
        services.record_budget(
            group.pmo, project, year=year, envelope=str(envelope), committed=str(envelope // 2),
            spent=str(envelope // 3), forecast=str(envelope * rng.choice([9, 10, 12]) // 10),
            reason="budget",
        )  # fmt: skip
    for m in range(3):
        services.add_milestone(
            group.pmo, project, name=f"Jalon {m}",
            baseline=date(today.year, 1 + (3 * m + n) % 12, 15),
        )  # fmt: skip
    for r in range(reports):
        services.report_status(
            group.pmo, project, month=past_month(reports - 1 - r, today),
            weather=weather(rng), comment=f"Rapport {r}",
        )  # fmt: skip
    services.add_risk(
        group.pmo, project, title="Retard fournisseur", gravity=rng.randint(1, 4),
        probability=rng.randint(1, 4), owner_id=person(manager), treatment_plan="Relance",
    )  # fmt: skip
    return project
