"""The web pages' tests: the real app in-process, on SQLite (the pages read the same views as
the API, which is tested on both backends), and people signed in through the sign-in form."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi import FastAPI

from api.app import create_app
from domain.principal import Principal
from infrastructure.bootstrap import Jalon
from tests.web import SignIn, WebUser, bearer


@pytest.fixture
def database_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'jalon.db'}"


@pytest.fixture
def app(jalon: Jalon) -> FastAPI:
    return create_app(jalon, background_projections=False)


@pytest.fixture
def signed_in(jalon: Jalon, app: FastAPI) -> SignIn:
    def sign_in(who: Principal) -> WebUser:
        user = WebUser(app)
        assert user.sign_in(bearer(jalon, who)) == 303
        return user

    return sign_in
