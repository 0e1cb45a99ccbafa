"""The demo group's reference data and people."""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime
from uuid import UUID, uuid5

from demo.catalogue import ESTABLISHMENTS, FIRST_NAMES, FUNCTIONAL_AREAS, LAST_NAMES
from domain.clock import recording_at
from domain.ports import PersonDetails
from domain.principal import SYSTEM, Principal
from domain.reference import Category
from domain.values import Role
from infrastructure.bootstrap import Jalon

DEMO_NAMESPACE = UUID("d3e1a7c4-5b2f-4e8a-9c6d-1f0b2a3c4d5e")


@dataclass(frozen=True)
class DemoPerson:
    person_id: UUID
    login: str
    name: str
    establishment: str
    roles: tuple[Role, ...]

    @property
    def principal(self) -> Principal:
        return Principal(self.person_id, frozenset(self.roles), self.establishment)


@dataclass
class Cast:
    """Who is who in the demo group."""

    people: list[DemoPerson] = field(default_factory=list)

    def with_role(self, role: Role) -> list[DemoPerson]:
        return [p for p in self.people if role in p.roles]

    def first(self, role: Role) -> DemoPerson:
        return self.with_role(role)[0]


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


# (role, how many, establishment chooser)
STAFFING: list[tuple[tuple[Role, ...], int]] = [
    ((Role.ADMIN,), 1),
    ((Role.PMO,), 3),
    ((Role.PROJECT_MANAGER,), 28),
    ((Role.COMMITTEE_MEMBER,), 10),
    ((Role.AUDITOR,), 2),
    ((Role.STAFF,), 24),
]


# The IT staff of the teams, drawn from their own random stream (after the cast above, whose
# draws feed the projects): about 300 staff in all.
IT_STAFF = 276


def cast_people(
    rng: random.Random, it_staff: random.Random | None = None, *, count: int = IT_STAFF
) -> Cast:
    cast = Cast()
    used: set[str] = set()
    fixed_logins = {Role.ADMIN: "admin", Role.AUDITOR: "auditor", Role.PMO: "pmo"}
    for roles, how_many in STAFFING:
        for index in range(how_many):
            fixed = fixed_logins.get(roles[0]) if index == 0 else None
            cast.people.append(_person(rng, used, roles, fixed))
    for _ in range(count if it_staff else 0):
        assert it_staff is not None
        cast.people.append(_person(it_staff, used, (Role.STAFF,)))
    return cast


def _person(
    rng: random.Random, used: set[str], roles: tuple[Role, ...], login: str | None = None
) -> DemoPerson:
    sites = [code for code, _ in ESTABLISHMENTS]
    first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
    login = login or f"{_ascii(first)}.{_ascii(last)}".replace(" ", "-")
    while login in used:
        login += str(rng.randint(1, 9))
    used.add(login)
    group_role = roles[0] in (Role.ADMIN, Role.PMO, Role.AUDITOR, Role.COMMITTEE_MEMBER)
    establishment = "GHT" if group_role else rng.choice(sites[1:])
    return DemoPerson(uuid5(DEMO_NAMESPACE, login), login, f"{first} {last}", establishment, roles)


def load_reference_and_people(jalon: Jalon, cast: Cast, at: datetime) -> None:
    """Reference data and people exist before the history starts."""
    with recording_at(at), jalon.store.batch():
        for code, name in ESTABLISHMENTS:
            jalon.reference.define(SYSTEM, category=Category.ESTABLISHMENT, code=code, name=name)
        for code, name in FUNCTIONAL_AREAS:
            jalon.reference.define(SYSTEM, category=Category.FUNCTIONAL_AREA, code=code, name=name)
    with recording_at(at), jalon.store.batch():
        for person in cast.people:
            jalon.people.register(
                SYSTEM,
                person_id=person.person_id,
                details=PersonDetails(
                    person.login, person.name, f"{person.login}@ght-sud-lorraine.fr"
                ),
                establishment=person.establishment,
                roles=list(person.roles),
                reason="compte créé lors de la reprise du portefeuille",
            )
