"""Failures as pages: sign in again, 403 "access denied", 404, a refused command, 503."""

from __future__ import annotations

from urllib.parse import quote, urlsplit

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import RedirectResponse, Response
from starlette.exceptions import HTTPException

from api.errors import status_for
from api.web.deps import optional_viewer
from api.web.i18n import N_, translations
from api.web.refusals import refusal_text
from api.web.templating import language_of, render
from domain.errors import DomainError, Unauthenticated
from infrastructure.database import DatabaseUnavailable


def _sign_in_again(request: Request, error: Exception) -> Response:
    target = "/sign-in"
    if request.method == "GET":
        target += "?next=" + quote(
            request.url.path + (f"?{request.url.query}" if request.url.query else ""), safe=""
        )
    if request.headers.get("HX-Request"):
        return Response(status_code=204, headers={"HX-Redirect": target})
    return RedirectResponse(target, status_code=303)


TITLES = {
    403: N_("Access denied"),
    404: N_("Not found"),
    409: N_("Refused"),
    413: N_("File too large"),
    422: N_("Refused"),
    503: N_("Service unavailable"),
}


def _back(request: Request) -> str | None:
    """After a refused form: the page that showed the form (a path of this site), if known."""
    if request.method != "POST":
        return None
    referer = urlsplit(request.headers.get("referer", ""))
    if not referer.path.startswith("/") or referer.netloc not in ("", request.url.netloc):
        return None
    return referer.path + (f"?{referer.query}" if referer.query else "")


def error_page(request: Request, status: int, message: str, *, signed_in: bool = True) -> Response:
    viewer = optional_viewer(request, request.app.state.jalon) if signed_in else None
    context = {
        "status": status, "message": message, "title": TITLES.get(status, N_("Error")),
        "back": _back(request),
    }  # fmt: skip
    return render(request, "error.html", context, viewer=viewer, status=status)


def _refused(request: Request, error: Exception) -> Response:
    assert isinstance(error, DomainError)
    return error_page(request, status_for(error), said_in_page_language(request, error))


def said_in_page_language(request: Request, error: DomainError) -> str:
    """The domain's sentence on English pages; the catalogue's, when it has one, on others."""
    language = language_of(request)
    if language == "en":
        return error.message
    return refusal_text(error, translations(language).gettext) or error.message


def _http_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, HTTPException)
    return error_page(request, error.status_code, str(error.detail))


def _invalid_form(request: Request, error: Exception) -> Response:
    assert isinstance(error, RequestValidationError)
    problems = "; ".join(
        f"{'.'.join(str(p) for p in e['loc'][1:])}: {e['msg']}" for e in error.errors()
    )
    return error_page(request, 422, problems)


def _unavailable(request: Request, error: Exception) -> Response:
    response = error_page(request, 503, "", signed_in=False)
    response.headers["Retry-After"] = "5"
    return response


def install_page_errors(web: FastAPI) -> None:
    web.add_exception_handler(Unauthenticated, _sign_in_again)
    web.add_exception_handler(DomainError, _refused)
    web.add_exception_handler(HTTPException, _http_error)
    web.add_exception_handler(RequestValidationError, _invalid_form)
    web.add_exception_handler(DatabaseUnavailable, _unavailable)
