"""Signing in and out, and the choice of language."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from api.deps import JalonDep
from api.web.deps import Public, SignedInAction, Viewer, optional_viewer
from api.web.i18n import LANGUAGES
from api.web.security import (
    CSRF_FIELD,
    LANGUAGE_COOKIE,
    SESSION_COOKIE,
    check_anonymous_csrf,
    check_session_csrf,
    set_cookie,
)
from api.web.templating import render, translate
from domain.errors import TooManyAttempts, Unauthenticated

router = APIRouter(include_in_schema=False)
HOME = "/portfolio"


def safe_next(target: str | None) -> str:
    """Only a path of this site (no open redirect)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return HOME
    return target


@router.get("/", dependencies=[Depends(Public)])
def home() -> Response:
    return RedirectResponse(HOME, status_code=303)


@router.get("/sign-in", dependencies=[Depends(Public)])
def sign_in_form(request: Request, jalon: JalonDep, next: str | None = None) -> Response:
    if optional_viewer(request, jalon) is not None:
        return RedirectResponse(safe_next(next), status_code=303)
    return render(request, "sign_in.html", {"next": safe_next(next), "error": None}, viewer=None)


@router.post("/sign-in", dependencies=[Depends(Public)])
def sign_in(
    request: Request,
    jalon: JalonDep,
    secret: Annotated[str, Form(max_length=500)],
    login: Annotated[str, Form(max_length=64)] = "",
    csrf_token: Annotated[str, Form(alias=CSRF_FIELD, max_length=500)] = "",
    next: Annotated[str, Form(max_length=2000)] = HOME,
) -> Response:
    check_anonymous_csrf(request, request.app.state.signer, csrf_token)
    client = request.client.host if request.client else "unknown"
    try:
        signed_in = jalon.web_sign_in.check(login, secret, client=client)
    except TooManyAttempts as refused:
        context = {
            "next": safe_next(next),
            "error": translate(request, "Too many failed sign-ins: try again later."),
            "login": login,
        }
        throttled = render(request, "sign_in.html", context, viewer=None, status=429)
        throttled.headers["Retry-After"] = str(refused.retry_after)
        return throttled
    except Unauthenticated:
        context = {
            "next": safe_next(next),
            "error": translate(request, "Unknown login, or wrong password or API token."),
            "login": login,
        }
        return render(request, "sign_in.html", context, viewer=None, status=401)
    hours = jalon.settings.session_hours
    session_id = jalon.sessions.open(
        signed_in.principal, signed_in.token_id, timedelta(hours=hours)
    )
    response = RedirectResponse(safe_next(next), status_code=303)
    cookie = request.app.state.signer.session_cookie(session_id)
    set_cookie(request, response, SESSION_COOKIE, cookie, hours * 3600, http_only=True)
    return response


@router.post("/sign-out")
def sign_out(
    request: Request, jalon: JalonDep, viewer: Annotated[Viewer, Depends(SignedInAction())]
) -> Response:
    jalon.sessions.close(viewer.session_id)
    response = RedirectResponse("/sign-in", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@router.post("/language", dependencies=[Depends(Public)])
def choose_language(
    request: Request,
    jalon: JalonDep,
    language: Annotated[str, Form(max_length=5)],
    csrf_token: Annotated[str, Form(alias=CSRF_FIELD, max_length=500)] = "",
    next: Annotated[str, Form(max_length=2000)] = HOME,
) -> Response:
    viewer = optional_viewer(request, jalon)
    if viewer is None:
        check_anonymous_csrf(request, request.app.state.signer, csrf_token)
    else:
        check_session_csrf(viewer.csrf_token, csrf_token)
    response = RedirectResponse(safe_next(next), status_code=303)
    if language in LANGUAGES:
        set_cookie(request, response, LANGUAGE_COOKIE, language, 365 * 24 * 3600, http_only=False)
    return response
