"""Builders shared by the tests: in-memory ports, a seeded group, principals."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Protocol
from uuid import UUID
from zoneinfo import ZoneInfo

from domain.clock import recording_at
from domain.errors import DuplicateCode
from domain.ports import PersonDetails
from domain.principal import SYSTEM, Principal
from domain.reference import Category
from domain.services.bodies import BodyService
from domain.services.deliverables import DeliverableService
from domain.services.gate_reviews import GateReviewService
from domain.services.people import PeopleService
from domain.services.projects import ProjectRegistration, ProjectService
from domain.services.reference import ReferenceService
from domain.services.rulesets import RuleSetService
from domain.services.teams import TeamService
from domain.values import ProjectKind, Role
from governance_rules.loading import SHIPPED
from governance_rules.ruleset import BodyKind
from lifecycle.gate_review import Outcome, Vote


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


class InMemoryPasswords:
    """Plain dictionary of "hashes" (the tests' own): the domain never sees hashing."""

    def __init__(self) -> None:
        self.hashes: dict[UUID, str] = {}

    def set_password(self, person_id: UUID, password: str) -> str | None:
        previous = self.hashes.get(person_id)
        self.hashes[person_id] = f"hashed:{password}"
        return previous

    def restore_password(self, person_id: UUID, previous_hash: str | None) -> None:
        if previous_hash is None:
            self.hashes.pop(person_id, None)
        else:
            self.hashes[person_id] = previous_hash

    def has_password(self, person_id: UUID) -> bool:
        return person_id in self.hashes

    def verify(self, person_id: UUID | None, password: str) -> bool:
        return person_id is not None and self.hashes.get(person_id) == f"hashed:{password}"


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


# -- governance: rule sets, bodies, gate reviews ----------------------------------------
CHECKSUM = "sha256:" + "ab" * 32


def today() -> date:
    """Today in the group's time zone (the services' calendar)."""
    return datetime.now(ZoneInfo("Europe/Paris")).date()


def rule_source(version: int = 1) -> str:
    return (SHIPPED / f"anap-default-v{version}.yaml").read_text(encoding="utf-8")


@dataclass
class Governance:
    """Rule set v1 adopted; a decision body (chair + 3 members, quorum 3, the chair decides)
    and a COPIL steering nothing yet (chair + 2 members, quorum 2, majority)."""

    chair: Principal
    members: list[Principal]
    decision_body: UUID
    copil: UUID

    @property
    def everyone(self) -> list[Principal]:
        return [self.chair, *self.members]


class GovernanceServices(Protocol):
    projects: ProjectService
    people: PeopleService
    rulesets: RuleSetService
    bodies: BodyService
    deliverables: DeliverableService
    gate_reviews: GateReviewService


def seed_governance(services: GovernanceServices) -> Governance:
    services.rulesets.adopt(SYSTEM, source=rule_source(1), reason="initial rules")
    made = []
    for login in ("chair", "member-a", "member-b", "member-c"):
        result = services.people.register(
            SYSTEM,
            details=PersonDetails(login, f"Person {login}", f"{login}@example.org"),
            establishment="GHT",
            roles=[Role.COMMITTEE_MEMBER],
            reason="test fixture",
        )
        made.append(principal(result.id, Role.COMMITTEE_MEMBER, "GHT"))
    chair, *members = made
    bodies = []
    for code, kind, seats in [
        ("ID", BodyKind.DECISION, made),
        ("COPIL-DPI", BodyKind.COPIL, made[:3]),
    ]:
        body = services.bodies.constitute(SYSTEM, code=code, name=code, kind=kind, reason="test").id
        for seat in seats:
            assert seat.person_id is not None
            services.bodies.appoint_member(SYSTEM, body, person_id=seat.person_id, reason="test")
        assert chair.person_id is not None
        services.bodies.appoint_chair(SYSTEM, body, person_id=chair.person_id, reason="test")
        bodies.append(body)
    return Governance(chair, members, bodies[0], bodies[1])


def submit_deliverables(services: GovernanceServices, who: Principal, project_id: UUID) -> None:
    for deliverable in services.deliverables.missing(project_id):
        services.deliverables.submit(
            who, project_id, kind=deliverable.kind, title=deliverable.name, version="1.0",
            reference=f"ged://{deliverable.kind}", checksum=CHECKSUM,
        )  # fmt: skip


def hold_meeting(
    services: GovernanceServices, gov: Governance, review_id: UUID, body_id: UUID
) -> None:
    """Schedule the review today before the body and open the meeting, everyone present."""
    reviews = services.gate_reviews
    reviews.schedule(SYSTEM, review_id, body_id=body_id, meeting_date=today())
    present = sorted(services.bodies.load(body_id).members)
    reviews.open_session(gov.chair, review_id, present=present)


def g1_meeting(services: GovernanceServices, group: Group, gov: Governance, project: UUID) -> UUID:
    """G1 requested with its deliverable, and its meeting open before the decision body."""
    submit_deliverables(services, group.manager, project)
    review: UUID = services.gate_reviews.request_gate(group.manager, project, gate="G1").id
    hold_meeting(services, gov, review, gov.decision_body)
    return review


def body_for(services: GovernanceServices, gov: Governance, review_id: UUID) -> UUID:
    kind = services.gate_reviews.designated_body(review_id)
    return gov.decision_body if kind is BodyKind.DECISION else gov.copil


def approve(services: GovernanceServices, gov: Governance, review_id: UUID) -> None:
    """Hold the meeting before the designated body; everyone votes for; the chair approves."""
    body = body_for(services, gov, review_id)
    hold_meeting(services, gov, review_id, body)
    for member in gov.everyone:
        if member.person_id in services.bodies.load(body).members:
            services.gate_reviews.vote(member, review_id, vote=Vote.APPROVE)
    services.gate_reviews.decide(gov.chair, review_id, outcome=Outcome.APPROVED, reason="ok")


def pass_gate(
    services: GovernanceServices, gov: Governance, who: Principal, project_id: UUID
) -> UUID:
    """Walk the project through the gate leaving its phase."""
    submit_deliverables(services, who, project_id)
    phase = services.projects.load(project_id).phase
    gate = services.rulesets.in_force().rules.gate_leaving(phase)
    assert gate is not None
    review = services.gate_reviews.request_gate(who, project_id, gate=gate.id).id
    approve(services, gov, review)
    return review


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
