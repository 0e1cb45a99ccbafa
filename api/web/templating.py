"""Rendering a page: Jinja2 with the i18n extension, the caller's language and formats, the
menu, and the CSRF token of the forms."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from api.web.deps import Viewer
from api.web.erased import erased_people_in_language
from api.web.i18n import LANGUAGES, Formats, language_or_default, template_gettext, translations
from api.web.labels import label_of
from api.web.navigation import entries_for
from api.web.security import (
    LANGUAGE_COOKIE,
    anonymous_csrf_token,
    remember_anonymous_nonce,
)

TEMPLATES = Path(__file__).parent / "templates"

environment = Environment(
    loader=FileSystemLoader(TEMPLATES),
    autoescape=select_autoescape(["html"]),
    extensions=["jinja2.ext.i18n"],
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)
environment.newstyle_gettext = True  # type: ignore[attr-defined]
environment.finalize = erased_people_in_language  # issue 11: « personne effacée n° N »


def language_of(request: Request) -> str:
    return language_or_default(request.cookies.get(LANGUAGE_COOKIE))


def translate(request: Request, message: str, **variables: Any) -> str:
    """A message of the Python code (notices, errors) in the caller's language."""
    text = translations(language_of(request)).gettext(message)
    return text % variables if variables else text


def render(
    request: Request,
    template: str,
    context: dict[str, Any],
    *,
    viewer: Viewer | None,
    status: int = 200,
) -> HTMLResponse:
    language = language_of(request)
    catalogue = translations(language)
    signer = request.app.state.signer
    page: dict[str, Any] = {
        "request": request,
        "lang": language,
        "languages": LANGUAGES,
        "fmt": Formats(language, request.app.state.jalon.settings.zone),
        "label": lambda group, code: catalogue.gettext(label_of(group, code)) if code else "",
        "viewer": viewer,
        "nav": entries_for(viewer.principal) if viewer else [],
        "csrf_token": viewer.csrf_token if viewer else anonymous_csrf_token(request, signer),
        "here": request.url.path + (f"?{request.url.query}" if request.url.query else ""),
        **template_gettext(language),
        **context,
    }
    response = HTMLResponse(environment.get_template(template).render(page), status_code=status)
    remember_anonymous_nonce(request, response)
    return response
