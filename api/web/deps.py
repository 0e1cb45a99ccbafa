"""What every page declares: the caller must be signed in and the matrix must allow the
page's operation (`Page`); a form post also needs its CSRF token (`Action`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi import Request

from api.deps import JalonDep
from api.web.security import CSRF_FIELD, CSRF_HEADER, SESSION_COOKIE, check_session_csrf
from domain.authorization import Operation, authorize
from domain.errors import DomainError, Unauthenticated
from domain.principal import Principal
from infrastructure.bootstrap import Jalon


@dataclass(frozen=True)
class Viewer:
    """The signed-in person looking at a page."""

    principal: Principal
    name: str
    session_id: str
    csrf_token: str


def current_viewer(request: Request, jalon: Jalon) -> Viewer:
    known: Viewer | None = getattr(request.state, "viewer", None)
    if known is not None:
        return known
    session_id = request.app.state.signer.session_id(request.cookies.get(SESSION_COOKIE))
    if session_id is None:
        raise Unauthenticated("sign in to see this page")
    session = jalon.sessions.find(session_id)
    assert session.principal.person_id is not None
    details = jalon.directory.details(session.principal.person_id)
    viewer = Viewer(
        principal=session.principal,
        name=details.display_name if details else "",
        session_id=session_id,
        csrf_token=session.csrf_secret,
    )
    request.state.viewer = viewer
    return viewer


def optional_viewer(request: Request, jalon: Jalon) -> Viewer | None:
    try:
        return current_viewer(request, jalon)
    except DomainError:
        return None


class Page:
    """Declares a page's operation: signed in, and allowed by the authorization matrix."""

    def __init__(self, operation: Operation) -> None:
        self.operation = operation

    def __call__(self, request: Request, jalon: JalonDep) -> Viewer:
        viewer = current_viewer(request, jalon)
        authorize(viewer.principal, self.operation)
        return viewer


class Action:
    """Declares a form post's operation: as `Page`, plus the form's CSRF token."""

    def __init__(self, operation: Operation) -> None:
        self.operation = operation

    async def __call__(self, request: Request, jalon: JalonDep) -> Viewer:
        viewer = await checked_form(request, jalon)
        authorize(viewer.principal, self.operation)
        return viewer


async def checked_form(request: Request, jalon: Jalon) -> Viewer:
    """The signed-in viewer, once the posted form's CSRF token matches their session's."""
    viewer = current_viewer(request, jalon)
    form: Any = await request.form()
    token = form.get(CSRF_FIELD) or request.headers.get(CSRF_HEADER)
    check_session_csrf(viewer.csrf_token, token if isinstance(token, str) else None)
    return viewer


class SignedInAction:
    """Declares a form post any signed-in person may send (signing out): CSRF checked."""

    async def __call__(self, request: Request, jalon: JalonDep) -> Viewer:
        return await checked_form(request, jalon)


class PublicPage:
    """Declares a page open before sign-in (the sign-in form, the language choice)."""

    def __call__(self) -> None:
        return None


Public = PublicPage()
