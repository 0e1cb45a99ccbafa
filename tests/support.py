"""Builders shared by the tests: in-memory ports, a seeded group, principals."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from domain.errors import DuplicateCode
from domain.ports import PersonDetails
from domain.principal import SYSTEM, Principal
from domain.reference import Category
from domain.services.people import PeopleService
from domain.services.projects import ProjectRegistration
from domain.services.reference import ReferenceService
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
