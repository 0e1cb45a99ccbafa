"""The web pages as an application mounted under `/` by api/app.py (the API keeps
`/api/v1`): its own error pages, static files and page headers."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

from fastapi import APIRouter, FastAPI, Request, Response
from fastapi.staticfiles import StaticFiles

from api.web.errors import install_page_errors
from api.web.routes import (
    activity,
    audit,
    audit_trail,
    committee,
    escalation_steps,  # issue 9: the escalation steps on pages
    exports,
    imports,
    portfolio,
    prioritisation,
    projects,
    signin,
)
from api.web.routes import escalations as escalation_pages  # issue 6
from api.web.security import CookieSigner
from infrastructure.bootstrap import Jalon

STATIC = Path(__file__).parent / "static"

PAGES: list[APIRouter] = [
    signin.router,
    portfolio.router,
    projects.router,
    committee.router,
    audit.router,
    imports.router,
    exports.router,
    activity.router,
    audit_trail.router,  # issue 4
    escalation_pages.router,  # issue 6
    escalation_steps.router,  # issue 9
    prioritisation.router,  # issue 7 (read-only pages)
]

# Pages hold personal and internal data: never cached; no inline script or style; no framing.
PAGE_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self'; "
    "img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'self'; "
    "object-src 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}


async def page_headers(
    request: Request, call_next: Callable[[Request], Awaitable[Response]]
) -> Response:
    response = await call_next(request)
    if response.headers.get("content-type", "").startswith("text/html"):
        for name, value in PAGE_HEADERS.items():
            response.headers.setdefault(name, value)
    return response


def create_web_app(jalon: Jalon) -> FastAPI:
    web = FastAPI(openapi_url=None, docs_url=None, redoc_url=None)
    web.state.jalon = jalon
    settings = jalon.settings
    key = (
        settings.session_secret.get_secret_value()
        if settings.session_secret
        else jalon.sessions.signing_key()
    )
    web.state.signer = CookieSigner(key, settings.session_hours * 3600)
    web.mount("/static", StaticFiles(directory=STATIC), name="static")
    for router in PAGES:
        web.include_router(router)
    install_page_errors(web)
    web.middleware("http")(page_headers)
    return web
