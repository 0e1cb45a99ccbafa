"""Signing in to the pages from a test, as a browser would: a client with its own cookies."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

from fastapi import FastAPI
from fastapi.testclient import TestClient

from domain.principal import SYSTEM, Principal
from infrastructure.bootstrap import Jalon

_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def bearer(jalon: Jalon, who: Principal) -> str:
    assert who.person_id is not None
    result, issued, _ = jalon.people.issue_token(SYSTEM, who.person_id, valid_days=1)
    jalon.wait_for(result.position)
    return issued.bearer


def csrf(html: str) -> str:
    found = _CSRF.search(html)
    assert found, "the page has no form token"
    return found.group(1)


def plain(text: str) -> str:
    """Narrow and non-breaking spaces as plain spaces (French number formatting)."""
    return "".join(" " if unicodedata.category(c) == "Zs" else c for c in text)


class WebUser:
    def __init__(self, app: FastAPI) -> None:
        self.client = TestClient(app, follow_redirects=False)
        self.token = ""

    def sign_in(self, secret: str, login: str = "", next_page: str = "/portfolio") -> int:
        form = self.client.get("/sign-in").text
        response = self.client.post(
            "/sign-in",
            data={"secret": secret, "login": login, "csrf_token": csrf(form), "next": next_page},
        )
        if response.status_code == 303:
            self.token = csrf(self.client.get("/portfolio").text)
        return response.status_code

    def post(self, path: str, data: dict[str, object], **kwargs: object):  # type: ignore[no-untyped-def]
        return self.client.post(path, data={"csrf_token": self.token, **data}, **kwargs)  # type: ignore[arg-type]


SignIn = Callable[[Principal], WebUser]  # the pages' `signed_in` fixture (tests/e2e/pages)
