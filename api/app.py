"""The FastAPI application: routers and error handlers, wired to one Jalon."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import APIRouter, FastAPI
from fastapi.routing import APIRoute

from api.deps import kept_operations
from api.errors import install_error_handlers
from api.middleware import install_middleware
from api.openapi import install_openapi
from api.routers import (
    audit,
    auth,
    bodies,
    escalations,
    events,
    gate_reviews,
    lifecycle,
    mco_services,
    monthly_review,
    people,
    portfolio,
    prioritisation,
    privacy,
    project_time,
    projects,
    reference,
    reports,
    rulesets,
    scenarios,
    system,
    teams,
    timesheets,
    what_if,
)
from api.web.app import create_web_app
from infrastructure.bootstrap import Jalon

ROUTERS: list[APIRouter] = [
    system.router,
    auth.router,
    reference.establishments,
    reference.functional_areas,
    people.router,
    projects.router,
    portfolio.router,
    lifecycle.router,
    bodies.router,
    gate_reviews.router,
    rulesets.router,
    teams.router,
    timesheets.router,
    project_time.router,
    reports.router,
    mco_services.router,
    privacy.router,  # issue 11
    audit.router,  # issue 4
    audit.replays,  # issue 4
    events.router,  # issue 4
    escalations.router,  # issue 6
    what_if.router,  # issue 6
    monthly_review.router,  # issue 6
    prioritisation.router,  # issue 7
    scenarios.router,  # issue 7
]


def create_app(jalon: Jalon, *, background_projections: bool = True) -> FastAPI:
    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if background_projections:
            jalon.start_background_projections()
        yield

    app = FastAPI(
        title="Jalon",
        version="0.1.0",
        summary="Event-sourced IT project portfolio with workflow governance",
        lifespan=lifespan,
    )
    app.state.jalon = jalon
    install_error_handlers(app)
    for router in ROUTERS:
        app.include_router(router)
    routes = api_routes()
    install_middleware(app, jalon, routes, kept_operations(routes))
    install_openapi(app, routes)
    app.mount("/", create_web_app(jalon))  # the web pages; after the API's routes
    return app


def api_routes() -> list[APIRoute]:
    """Every API route, with its full path (routers are included with their prefix)."""
    return [r for router in ROUTERS for r in router.routes if isinstance(r, APIRoute)]
