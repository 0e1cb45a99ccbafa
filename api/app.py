"""The FastAPI application: routers and error handlers, wired to one Jalon."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import APIRouter, FastAPI

from api.errors import install_error_handlers
from api.routers import (
    mco_services,
    people,
    portfolio,
    project_time,
    projects,
    reference,
    reports,
    system,
    teams,
    timesheets,
)
from infrastructure.bootstrap import Jalon

ROUTERS: list[APIRouter] = [
    system.router,
    reference.establishments,
    reference.functional_areas,
    people.router,
    projects.router,
    portfolio.router,
    teams.router,
    timesheets.router,
    project_time.router,
    reports.router,
    mco_services.router,
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
    return app
