"""Opening Jalon from the environment, for one CLI command."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from uuid import UUID

from pydantic import ValidationError

from api.cli.output import fail
from infrastructure.bootstrap import Jalon, bootstrap
from infrastructure.settings import Settings


def load_settings() -> Settings:
    try:
        return Settings()
    except ValidationError as error:
        first = error.errors()[0]
        field = ".".join(str(p) for p in first["loc"])
        fail(f"JALON_{field.upper()}: {first['msg']}")


@contextmanager
def opened() -> Iterator[Jalon]:
    jalon = bootstrap(load_settings())
    try:
        yield jalon
    finally:
        jalon.close()


def person_by_login(jalon: Jalon, login: str) -> UUID:
    person_id = jalon.directory.find_by_login(login)
    if person_id is None:
        fail(f"no person with login {login!r}")
    return person_id
