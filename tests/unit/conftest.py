"""Unit tests run in memory: the library's in-memory recorder and in-memory ports."""

from __future__ import annotations

from dataclasses import dataclass
from zoneinfo import ZoneInfo

import pytest

from domain.services.people import PeopleService
from domain.services.projects import ProjectService
from domain.services.reference import ReferenceService
from domain.store import EventStore
from tests.support import (
    Group,
    InMemoryCredentials,
    InMemoryDirectory,
    InMemoryPasswords,
    seed_group,
)


@dataclass
class Services:
    store: EventStore
    projects: ProjectService
    people: PeopleService
    reference: ReferenceService
    directory: InMemoryDirectory
    credentials: InMemoryCredentials
    passwords: InMemoryPasswords


@pytest.fixture
def services() -> Services:
    store = EventStore(env={"PERSISTENCE_MODULE": "eventsourcing.popo"})
    directory, credentials, passwords = (
        InMemoryDirectory(),
        InMemoryCredentials(),
        InMemoryPasswords(),
    )
    return Services(
        store=store,
        projects=ProjectService(store, ZoneInfo("Europe/Paris")),
        people=PeopleService(store, directory, credentials, passwords),
        reference=ReferenceService(store),
        directory=directory,
        credentials=credentials,
        passwords=passwords,
    )


@pytest.fixture
def group(services: Services) -> Group:
    return seed_group(services.reference, services.people)
