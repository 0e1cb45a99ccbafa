"""The escalation and what-if routes through HTTP: the matrix walk on these routes alone
(the whole walk is tests/e2e/test_authorization_matrix.py), and the what-if answer."""

from __future__ import annotations

from fastapi.testclient import TestClient

from api.app import api_routes
from domain.values import Role
from tests.e2e.escalation_cases import ESCALATION_CASES
from tests.e2e.test_authorization_matrix import Walk, route_key, scoped_roles, walk  # noqa: F401


def test_escalation_routes_allow_exactly_what_the_matrix_says(walk: Walk) -> None:  # noqa: F811
    mine = [
        (r, m)
        for r in api_routes()
        for m in sorted(r.methods or ())
        if route_key(r, m) in ESCALATION_CASES
    ]
    assert {route_key(r, m) for r, m in mine} == set(ESCALATION_CASES)
    outcomes = [
        walk.check(route, method, role, relation)
        for route, method in mine
        for role in Role
        for relation in ESCALATION_CASES[route_key(route, method)].touches.relations
    ]
    checked = [o for o in outcomes if o is not None]
    wrong = [o for o in checked if o.expected != "ok"]
    assert wrong == [], "\n".join(map(str, wrong))
    through = {o.route for o in checked if o.allowed and 200 <= o.status < 300}
    assert set(ESCALATION_CASES) - through == set()
    one_way = [
        (route_key(r, m), role.value)
        for r, m in mine
        for role in scoped_roles(r, m)
        if {o.allowed for o in checked if (o.route, o.role) == (route_key(r, m), role.value)}
        != {True, False}
    ]
    assert one_way == []
    auditor_writes = [
        o for o in checked if o.role == "auditor" and o.route.startswith("POST /api/v1/escalations")
    ]
    assert auditor_writes and all(o.status == 403 for o in auditor_writes)


def test_what_if_refuses_a_bad_rule_set_naming_the_field(walk: Walk) -> None:  # noqa: F811
    _, bearer = walk.caller(Role.PMO)
    walk.world.jalon.runner.catch_up()
    client: TestClient = walk.client
    headers = {"Authorization": f"Bearer {bearer}"}
    body = {"source": "name: x\n", "from": "2025-01", "to": "2025-03"}
    answer = client.post("/api/v1/rules/what-if", json=body, headers=headers)
    assert answer.status_code == 422
    assert answer.json()["field"]
    answer = client.post("/api/v1/rules/what-if", json={**body, "to": "2024-01"}, headers=headers)
    assert answer.status_code == 422
    assert answer.json()["field"] == "to"
