"""Every route states what it allows: a route added without a role declaration fails here."""

from __future__ import annotations

from fastapi.routing import APIRoute

from api.app import ROUTERS, create_app
from api.deps import declarations
from infrastructure.bootstrap import Jalon


def test_every_api_route_declares_its_operation(jalon: Jalon) -> None:
    routes = [r for router in ROUTERS for r in router.routes if isinstance(r, APIRoute)]
    undeclared = [f"{sorted(r.methods)} {r.path}" for r in routes if not declarations(r.dependant)]
    assert undeclared == []
    declared = {(m.lower(), r.path) for r in routes for m in r.methods}
    document = create_app(jalon, background_projections=False).openapi()
    served = {(m, p) for p, ops in document["paths"].items() for m in ops}
    assert served - declared == set(), "routes served outside api.app.ROUTERS"
    assert len(served) > 20
