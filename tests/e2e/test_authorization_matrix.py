"""The authorization matrix, walked through HTTP: every route of the OpenAPI document,
every role (one fresh caller each, with a real token), on fresh objects that are the
caller's own, someone else's in their establishment, or someone else's elsewhere. The
expected outcome is `domain.authorization.MATRIX` for the route's declared operation on that
object: allowed → 2xx (or the domain refusal the case names), denied → 403."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from api.app import api_routes, create_app
from api.deps import Allow, operation_of
from domain.authorization import MATRIX, Scope, may
from domain.ports import PersonDetails
from domain.principal import SYSTEM, Principal
from domain.values import Role
from infrastructure.bootstrap import Jalon
from tests.e2e.route_cases import CASES
from tests.e2e.route_objects import COLLECTION, NOTHING, SHAREABLE, Relation, Subject, World
from tests.support import Group, seed_governance


@dataclass(frozen=True)
class Outcome:
    role: str
    route: str
    relation: Relation
    allowed: bool
    expected: str
    status: int
    detail: str

    def __str__(self) -> str:
        return (
            f"{self.role:16} {self.route} ({self.relation}): expected {self.expected}, "
            f"got {self.status} {self.detail[:120]}"
        )


def route_key(route: APIRoute, method: str) -> str:
    return f"{method} {route.path}"


def every_route() -> list[tuple[APIRoute, str]]:
    return [(r, m) for r in api_routes() for m in sorted(r.methods or ())]


def test_every_route_says_what_it_touches() -> None:
    missing = [route_key(r, m) for r, m in every_route() if route_key(r, m) not in CASES]
    assert missing == [], (
        "routes without an entry in tests/e2e/route_cases.py::CASES (name the object the "
        "route touches, e.g. Case(PROJECT, body), so the matrix walk can check its roles): "
        + ", ".join(missing)
    )
    stale = set(CASES) - {route_key(r, m) for r, m in every_route()}
    assert stale == set(), f"entries for routes that no longer exist: {sorted(stale)}"


class Walk:
    def __init__(self, jalon: Jalon, group: Group, client: TestClient) -> None:
        self.world = World(jalon, group, seed_governance(jalon))
        self.client = client
        self.serial = 0
        # Someone else's objects left as they were (refused, or not used up): the next
        # caller may have them rather than new ones.
        self.spare: dict[tuple[str, Relation], Subject] = {}
        self.unused_callers: dict[Role, tuple[Principal, str]] = {}

    def caller(self, role: Role) -> tuple[Principal, str]:
        """A fresh person holding only `role`, in the CHRU establishment, and their token."""
        self.serial += 1
        login = f"caller-{self.serial}"
        people = self.world.jalon.people
        person = people.register(
            SYSTEM,
            details=PersonDetails(login, f"Caller {self.serial}", f"{login}@example.org"),
            establishment="CHRU",
            roles=[role],
            reason="matrix walk",
        )
        _, token, _ = people.issue_token(SYSTEM, person.id, valid_days=1)
        return Principal(person.id, frozenset({role}), "CHRU"), token.bearer

    def request(self, route: APIRoute, method: str, subject: Subject, bearer: str | None):  # type: ignore[no-untyped-def]
        case = CASES[route_key(route, method)]
        self.world.jalon.wait_for(self.world.jalon.store.recorder.max_notification_id() or 0)
        headers = {"Authorization": f"Bearer {bearer}"} if bearer else {}
        body = case.body(self.world, subject) if case.body else None
        return self.client.request(
            method, route.path_format.format(**subject.path), headers=headers, json=body
        )

    def check(self, route: APIRoute, method: str, role: Role, relation: Relation) -> Outcome | None:
        case = CASES[route_key(route, method)]
        caller, bearer = self.unused_callers.pop(role, None) or self.caller(role)
        spare = (route_key(route, method), relation)
        subject = self.spare.pop(spare, None) or case.touches.make(self.world, caller, relation)
        if subject is None:  # the caller cannot stand so to such an object: keep them fresh
            self.unused_callers[role] = caller, bearer
            return None
        declared = operation_of(route)
        allowed = not isinstance(declared, Allow) or may(caller, declared.operation, subject.target)
        response = self.request(route, method, subject, bearer)
        used_up = case.consumes and method != "GET" and response.is_success
        if relation in SHAREABLE and not used_up:
            self.spare[spare] = subject
        expected = case.refusals.get(relation) if allowed else 403
        good = response.status_code == expected if expected else response.is_success
        return Outcome(
            role.value,
            route_key(route, method),
            relation,
            allowed,
            "ok" if good else ("allowed" if allowed else "403"),
            response.status_code,
            "" if good else response.text,
        )


@pytest.fixture
def walk(jalon: Jalon, group: Group) -> Walk:
    return Walk(jalon, group, TestClient(create_app(jalon, background_projections=False)))


def test_every_route_allows_exactly_what_the_matrix_says_for_every_role(walk: Walk) -> None:
    outcomes = [
        walk.check(route, method, role, relation)
        for route, method in every_route()
        for role in Role
        for relation in CASES[route_key(route, method)].touches.relations
    ]
    checked = [o for o in outcomes if o is not None]
    wrong = [o for o in checked if o.expected != "ok"]
    unexpected_allows = [o for o in wrong if o.expected == "403"]
    unexpected_denies = [o for o in wrong if o.expected == "allowed"]
    assert (len(unexpected_allows), len(unexpected_denies)) == (0, 0), "\n".join(map(str, wrong))
    assert len(checked) > 600
    assert {o.route for o in checked} == set(CASES)
    # Every case proves its object can take the command (an allowed caller got a 2xx), and
    # every object-level scope was seen both ways (allowed on some objects, not on others).
    through = {o.route for o in checked if o.allowed and 200 <= o.status < 300}
    assert set(CASES) - through == set(), "no allowed caller got a 2xx on these routes"
    one_way = [
        (route_key(route, method), role.value)
        for route, method in every_route()
        for role in scoped_roles(route, method)
        if {o.allowed for o in checked if (o.route, o.role) == (route_key(route, method), role)}
        != {True, False}
    ]
    assert one_way == [], "scopes the walk saw only one way (add the relations they need)"


def scoped_roles(route: APIRoute, method: str) -> list[Role]:
    """The roles the matrix lets perform the route's operation on some objects only (when
    the route acts on an object)."""
    declared = operation_of(route)
    if not isinstance(declared, Allow) or CASES[route_key(route, method)].touches in (
        NOTHING,
        COLLECTION,
    ):
        return []
    return [role for role, scope in MATRIX[declared.operation].items() if scope is not Scope.ALL]


def test_without_a_token_every_route_but_the_public_ones_is_401(walk: Walk) -> None:
    anonymous = Principal(UUID(int=0), frozenset(), None)
    statuses = {}
    for route, method in every_route():
        touches = CASES[route_key(route, method)].touches
        subject = touches.make(walk.world, anonymous, touches.relations[-1])
        assert subject is not None
        statuses[route_key(route, method)] = walk.request(route, method, subject, None).status_code
    public = {route_key(r, m) for r, m in every_route() if not isinstance(operation_of(r), Allow)}
    assert public == {"GET /api/v1/health", "POST /api/v1/auth/login"}
    assert {k: s for k, s in statuses.items() if k not in public and s != 401} == {}
    assert all(statuses[k] == 200 for k in public)


# Routes that take a body but record nothing.
CHECKS = {"POST /api/v1/rule-sets/check", "POST /api/v1/rules/what-if"}  # issue 6: what-if


def test_auditors_are_refused_every_write(walk: Walk) -> None:
    writes = [
        (r, m)
        for r, m in every_route()
        if m != "GET" and isinstance(operation_of(r), Allow) and route_key(r, m) not in CHECKS
    ]
    assert len(writes) > 25
    outcomes = [
        walk.check(r, m, Role.AUDITOR, relation)
        for r, m in writes
        for relation in CASES[route_key(r, m)].touches.relations
    ]
    accepted = [o for o in outcomes if o is not None and o.status != 403]
    assert accepted == [], "\n".join(map(str, accepted))
