"""Cookies of the pages and CSRF protection.

- Session cookie: a random session id signed with itsdangerous (HttpOnly, SameSite=Lax,
  Secure over HTTPS); the session itself lives on the server (infrastructure/web_sessions.py).
- CSRF: every form carries a token. Signed in, it is the session's secret (kept on the
  server); before sign-in, a signed double-submit nonce (cookie + form field)."""

from __future__ import annotations

import hmac
import secrets

from fastapi import Request, Response
from itsdangerous import BadSignature, URLSafeTimedSerializer

from domain.errors import Forbidden, Refusal

SESSION_COOKIE = "jalon_session"
ANONYMOUS_COOKIE = "jalon_csrf"
LANGUAGE_COOKIE = "jalon_lang"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "X-CSRF-Token"


FORM_EXPIRED = "the form has expired or did not come from this site: reload the page"


class CsrfRefused(Forbidden):
    """A form post without the token of the page that showed the form."""


class CookieSigner:
    def __init__(self, key: str, max_age_seconds: int) -> None:
        self._session = URLSafeTimedSerializer(key, salt="jalon-session")
        self._anonymous = URLSafeTimedSerializer(key, salt="jalon-anonymous-csrf")
        self.max_age = max_age_seconds

    def session_cookie(self, session_id: str) -> str:
        return self._session.dumps(session_id)

    def session_id(self, cookie: str | None) -> str | None:
        if not cookie:
            return None
        try:
            value = self._session.loads(cookie, max_age=self.max_age)
        except BadSignature:
            return None
        return value if isinstance(value, str) else None

    def anonymous_token(self, nonce: str) -> str:
        return self._anonymous.dumps(nonce)

    def anonymous_nonce(self, token: str) -> str | None:
        try:
            value = self._anonymous.loads(token, max_age=24 * 3600)
        except BadSignature:
            return None
        return value if isinstance(value, str) else None


def set_cookie(
    request: Request, response: Response, name: str, value: str, max_age: int, *, http_only: bool
) -> None:
    response.set_cookie(
        name,
        value,
        max_age=max_age,
        path="/",
        httponly=http_only,
        samesite="lax",
        secure=request.url.scheme == "https",
    )


def anonymous_csrf_token(request: Request, signer: CookieSigner) -> str:
    """The form token before sign-in; the nonce cookie is set by `remember_anonymous_nonce`."""
    nonce = request.cookies.get(ANONYMOUS_COOKIE) or getattr(request.state, "new_nonce", None)
    if not nonce:
        nonce = secrets.token_urlsafe(24)
        request.state.new_nonce = nonce
    return signer.anonymous_token(nonce)


def remember_anonymous_nonce(request: Request, response: Response) -> None:
    nonce = getattr(request.state, "new_nonce", None)
    if nonce:
        set_cookie(request, response, ANONYMOUS_COOKIE, nonce, 24 * 3600, http_only=True)


def check_anonymous_csrf(request: Request, signer: CookieSigner, token: str | None) -> None:
    nonce = request.cookies.get(ANONYMOUS_COOKIE)
    signed = signer.anonymous_nonce(token or "")
    if not nonce or signed is None or not hmac.compare_digest(nonce, signed):
        raise CsrfRefused(FORM_EXPIRED, code=Refusal.FORM_EXPIRED)


def check_session_csrf(expected: str, token: str | None) -> None:
    if not token or not hmac.compare_digest(expected, token):
        raise CsrfRefused(FORM_EXPIRED, code=Refusal.FORM_EXPIRED)
