"""Every web page states who may open it: a page added without a declaration fails here."""

from __future__ import annotations

from fastapi.routing import APIRoute

from api.web.app import PAGES
from api.web.deps import Action, Page, PublicPage, SignedInAction
from domain.authorization import MATRIX

DECLARATIONS = Page | Action | SignedInAction | PublicPage


def test_every_page_declares_its_operation() -> None:
    routes = [r for router in PAGES for r in router.routes if isinstance(r, APIRoute)]
    undeclared = [
        f"{sorted(r.methods)} {r.path}"
        for r in routes
        if not any(isinstance(d.call, DECLARATIONS) for d in _all(r.dependant))
    ]
    assert undeclared == []
    operations = {d.call.operation for r in routes for d in _all(r.dependant) if isinstance(d.call, Page | Action)}  # fmt: skip
    assert operations <= set(MATRIX)
    assert len(routes) >= 15


def _all(dependant):  # type: ignore[no-untyped-def]
    found = list(dependant.dependencies)
    for sub in dependant.dependencies:
        found += _all(sub)
    return found
