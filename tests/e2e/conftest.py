"""End-to-end: the real app over HTTP (in-process ASGI client), with real tokens."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from domain.principal import SYSTEM, Principal
from infrastructure.bootstrap import Jalon
from tests.support import Activity, Group, seed_activity


@dataclass
class Api:
    client: TestClient
    tokens: dict[str, str]

    def headers(self, who: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[who]}"}

    def get(self, path: str, who: str, **kwargs: object):  # type: ignore[no-untyped-def]
        return self.client.get(path, headers=self.headers(who), **kwargs)  # type: ignore[arg-type]

    def post(self, path: str, who: str, json: object = None):  # type: ignore[no-untyped-def]
        return self.client.post(path, headers=self.headers(who), json=json)

    def put(self, path: str, who: str, json: object = None):  # type: ignore[no-untyped-def]
        return self.client.put(path, headers=self.headers(who), json=json)

    def patch(self, path: str, who: str, json: object = None):  # type: ignore[no-untyped-def]
        return self.client.patch(path, headers=self.headers(who), json=json)


@pytest.fixture
def api(jalon: Jalon, group: Group) -> Iterator[Api]:
    tokens: dict[str, str] = {}
    for who in ("admin", "pmo", "manager", "other_manager", "member", "auditor", "staff"):
        principal: Principal = getattr(group, who)
        assert principal.person_id is not None
        result, token, _ = jalon.people.issue_token(SYSTEM, principal.person_id, valid_days=1)
        jalon.wait_for(result.position)
        tokens[who] = token.bearer
    with TestClient(create_app(jalon, background_projections=False)) as client:
        yield Api(client, tokens)


@pytest.fixture
def activity(jalon: Jalon, group: Group, api: Api) -> Activity:
    """The time-sheet setting of tests.support.seed_activity, and a token for its team lead."""
    activity = seed_activity(group, people=jalon.people, projects=jalon.projects, teams=jalon.teams)
    assert activity.lead.person_id is not None
    result, token, _ = jalon.people.issue_token(SYSTEM, activity.lead.person_id, valid_days=1)
    jalon.wait_for(result.position)
    api.tokens["lead"] = token.bearer
    return activity
