"""How the authorization-matrix walk (tests/e2e/test_authorization_matrix.py) describes the
objects a route acts on: how they stand to the caller, how to make one, and a route's case.
The cases themselves are in tests/e2e/route_cases.py and tests/e2e/governance_cases.py."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any
from uuid import UUID

from domain.authorization import Target
from domain.ports import PersonDetails
from domain.principal import SYSTEM, Principal
from domain.values import Role
from infrastructure.bootstrap import Jalon
from tests.support import Governance, Group, project_registration

_serial = itertools.count(1)


def unique_code(prefix: str) -> str:
    return f"{prefix}-{next(_serial)}"


class Relation(StrEnum):
    """How the object stands to the caller (callers belong to the CHRU establishment)."""

    OWN = "own"  # theirs: a project they manage, their person or token, a body they chair
    MEMBER = "member"  # a governance body they sit on without chairing it (and its reviews)
    SAME_ESTABLISHMENT = "same establishment"  # someone else's, in the caller's establishment
    ELSEWHERE = "elsewhere"  # someone else's, in another establishment


# What most objects are checked against: the caller's own, and someone else's here or there.
OWN_OR_OTHERS = (Relation.OWN, Relation.SAME_ESTABLISHMENT, Relation.ELSEWHERE)
# Objects that are someone else's whoever calls: the walk may share them between callers.
SHAREABLE = frozenset({Relation.SAME_ESTABLISHMENT, Relation.ELSEWHERE})


@dataclass
class World:
    jalon: Jalon
    group: Group
    governance: Governance  # rule set v1 in force; committee members who sit on the bodies made

    def person(
        self, establishment: str, role: Role = Role.STAFF, *, disabled: bool = False
    ) -> UUID:
        login = unique_code("p")
        people = self.jalon.people
        person_id = people.register(
            SYSTEM,
            details=PersonDetails(login, f"Person {login}", f"{login}@example.org"),
            establishment=establishment,
            roles=[role],
            reason="matrix walk",
        ).id
        if disabled:
            people.disable(SYSTEM, person_id, reason="matrix walk")
        return person_id

    def project(self, manager_id: UUID, establishment: str) -> UUID:
        registration = project_registration(
            self.group, unique_code("PRJ"), manager_id=manager_id, establishment=establishment
        )
        return self.jalon.projects.register(SYSTEM, registration).id


@dataclass
class Subject:
    path: dict[str, str]
    target: Target | None  # None: a list filtered to what the caller may see
    data: dict[str, Any] = field(default_factory=dict)


Maker = Callable[[World, Principal, Relation], Subject | None]


@dataclass(frozen=True)
class Touches:
    """A kind of object a route acts on, and how to make a fresh one (None: the caller
    cannot stand so to such an object, e.g. own a project without managing projects)."""

    make: Maker
    relations: tuple[Relation, ...] = OWN_OR_OTHERS


Body = Callable[[World, Subject], dict[str, Any]]


@dataclass(frozen=True)
class Case:
    touches: Touches
    body: Body | None = None
    # Allowed by the matrix but refused by the domain, by relation (disabling oneself...).
    refusals: dict[Relation, int] = field(default_factory=dict)
    # Whether a successful call uses its object up (a withdrawn review cannot be withdrawn
    # again); if not, or if the call was refused, the walk may hand the object to the next
    # caller when it is someone else's. Reads never use their object up.
    consumes: bool = True


def _nothing(world: World, caller: Principal, relation: Relation) -> Subject:
    return Subject({}, Target())


NOTHING = Touches(_nothing, (Relation.OWN,))


def _collection(world: World, caller: Principal, relation: Relation) -> Subject:
    return Subject({}, None)


# A list the route filters to what the caller may see: any role holding some scope for the
# operation may ask for it.
COLLECTION = Touches(_collection, (Relation.OWN,))


def reason_only(world: World, subject: Subject) -> dict[str, Any]:
    return {"reason": "matrix walk"}


def constant(body: dict[str, Any]) -> Body:
    return lambda world, subject: dict(body)
