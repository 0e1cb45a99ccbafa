"""Builders shared by the tests: in-memory ports, a seeded group, principals."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import UTC, date, datetime
from uuid import UUID

from domain.clock import recording_at
from domain.errors import DuplicateCode
from domain.ports import PersonDetails
from domain.principal import SYSTEM, Principal
from domain.reference import Category
from domain.services.people import PeopleService
from domain.services.projects import ProjectRegistration, ProjectService
from domain.services.reference import ReferenceService
from domain.services.teams import TeamService
from domain.values import ProjectKind, Role


class InMemoryDirectory:
    def __init__(self) -> None:
        self.entries: dict[UUID, tuple[int, PersonDetails]] = {}
        self._numbers = itertools.count(1)

    def reserve(self, person_id: UUID, details: PersonDetails) -> int:
        if any(d.login == details.login for _, d in self.entries.values()):
            raise DuplicateCode(f"login {details.login!r} is taken", field="login")
        number = next(self._numbers)
        self.entries[person_id] = (number, details)
        return number

    def replace(self, person_id: UUID, details: PersonDetails) -> PersonDetails:
        number, previous = self.entries[person_id]
        self.entries[person_id] = (number, details)
        return previous

    def release(self, person_id: UUID) -> None:
        self.entries.pop(person_id, None)

    def details(self, person_id: UUID) -> PersonDetails | None:
        entry = self.entries.get(person_id)
        return entry[1] if entry else None

    def find_by_login(self, login: str) -> UUID | None:
        return next((i for i, (_, d) in self.entries.items() if d.login == login), None)


class InMemoryCredentials:
    def __init__(self) -> None:
        self.tokens: dict[UUID, dict[str, object]] = {}

    def store_token(
        self, token_id: UUID, person_id: UUID, secret_hash: str, expires_at: datetime
    ) -> None:
        self.tokens[token_id] = {"person": person_id, "hash": secret_hash, "expires": expires_at}

    def revoke_token(self, token_id: UUID, revoked_at: datetime) -> None:
        self.tokens[token_id]["revoked"] = revoked_at

    def forget_token(self, token_id: UUID) -> None:
        self.tokens.pop(token_id, None)


@dataclass
class Group:
    """A small group: two establishments, two areas, one person per role (and a 2nd PM)."""

    admin: Principal
    pmo: Principal
    manager: Principal
    other_manager: Principal
    member: Principal
    auditor: Principal
    staff: Principal


def principal(person_id: UUID, role: Role, establishment: str = "CHRU") -> Principal:
    return Principal(person_id, frozenset({role}), establishment)


def seed_group(reference: ReferenceService, people: PeopleService) -> Group:
    for code, name in [("CHRU", "CHRU de Nancy"), ("CH-TOUL", "CH de Toul"), ("GHT", "Groupe")]:
        reference.define(SYSTEM, category=Category.ESTABLISHMENT, code=code, name=name)
    for code, name in [("DPI", "Dossier patient"), ("INFRA", "Infrastructures")]:
        reference.define(SYSTEM, category=Category.FUNCTIONAL_AREA, code=code, name=name)
    made: dict[str, Principal] = {}
    cast = [
        ("admin", Role.ADMIN, "GHT"),
        ("pmo", Role.PMO, "GHT"),
        ("manager", Role.PROJECT_MANAGER, "CHRU"),
        ("other_manager", Role.PROJECT_MANAGER, "CH-TOUL"),
        ("member", Role.COMMITTEE_MEMBER, "GHT"),
        ("auditor", Role.AUDITOR, "GHT"),
        ("staff", Role.STAFF, "CHRU"),
    ]
    for login, role, establishment in cast:
        result = people.register(
            SYSTEM,
            details=PersonDetails(
                login.replace("_", "-"), f"Person {login}", f"{login}@example.org"
            ),
            establishment=establishment,
            roles=[role],
            reason="test fixture",
        )
        made[login] = principal(result.id, role, establishment)
    return Group(**made)


def project_registration(
    group: Group, code: str = "DPI-01", **overrides: object
) -> ProjectRegistration:
    """A valid registration in the group, managed by `group.manager`."""
    values: dict[str, object] = {
        "code": code,
        "name": f"Project {code}",
        "establishment": "CHRU",
        "functional_area": "DPI",
        "kind": ProjectKind.BUILD,
        "sponsor_id": group.member.person_id,
        "manager_id": group.manager.person_id,
    }
    values.update(overrides)
    return ProjectRegistration(**values)  # type: ignore[arg-type]


@dataclass
class Activity:
    """On top of a Group: a build project (managed by `manager`), a run project (managed by
    `other_manager`), and the MCO team keeping the run project, led by `lead`, whose member
    is `staff`. Projects and memberships date from 2024, before the weeks the tests use."""

    build: UUID
    run: UUID
    lead: Principal
    team: str = "MCO-DPI"


def seed_activity(
    group: Group, *, people: PeopleService, projects: ProjectService, teams: TeamService
) -> Activity:
    with recording_at(datetime(2024, 1, 2, 9, 0, tzinfo=UTC)):
        lead = people.register(
            SYSTEM,
            details=PersonDetails("lead", "Person lead", "lead@example.org"),
            establishment="CHRU",
            roles=[Role.STAFF],
            reason="test fixture",
        ).id
        build = projects.register(group.pmo, project_registration(group, "DPI-01")).id
        run = projects.register(
            group.pmo,
            project_registration(
                group, "MCO-01", kind=ProjectKind.RUN, establishment="GHT",
                functional_area="INFRA", manager_id=group.other_manager.person_id,
            ),
        ).id  # fmt: skip
        teams.form(
            group.pmo, code="MCO-DPI", name="MCO Dossier patient", establishment="GHT",
            lead_id=lead,
        )  # fmt: skip
        teams.attach_run_project(group.pmo, "MCO-DPI", project_id=run)
        assert group.staff.person_id is not None
        teams.assign(
            group.pmo, group.staff.person_id, team="MCO-DPI", since=date(2024, 1, 1),
            reason="test fixture",
        )  # fmt: skip
    return Activity(build=build, run=run, lead=principal(lead, Role.STAFF))
