"""Idempotency-Key: a retried command answers what the first did and records nothing new,
also after a dropped connection and when duplicates arrive at the same time. If-Match: the
header form of expected_version."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from uuid import UUID

import httpx2
import pytest

from infrastructure.bootstrap import Jalon
from tests.e2e.conftest import Api
from tests.e2e.test_projects_api import new_project
from tests.support import Group

MILESTONE = {"name": "Go-live", "baseline": "2025-06-01"}


def _milestones(jalon: Jalon, project: str) -> int:
    return len(jalon.projects.load(UUID(project)).milestones)


def _post(api: Api, path: str, key: str, body: object, who: str = "manager") -> httpx2.Response:
    headers = api.headers(who) | {"Idempotency-Key": key}
    return api.client.post(path, headers=headers, json=body)


def test_a_retry_with_the_same_key_replays_the_answer_and_records_nothing(
    api: Api, jalon: Jalon, group: Group
) -> None:
    project = new_project(api, group)
    path = f"/api/v1/projects/{project}/milestones"
    first = _post(api, path, "add-go-live-1", MILESTONE)
    again = _post(api, path, "add-go-live-1", MILESTONE)
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.json() == first.json() and again.headers["Idempotency-Replayed"] == "true"
    assert "Idempotency-Replayed" not in first.headers
    assert _milestones(jalon, project) == 1
    assert _post(api, path, "add-pilot", dict(MILESTONE, name="Pilot")).status_code == 201
    assert _milestones(jalon, project) == 2


def test_a_key_reused_for_another_request_is_refused(api: Api, jalon: Jalon, group: Group) -> None:
    project = new_project(api, group)
    path = f"/api/v1/projects/{project}/milestones"
    assert _post(api, path, "k-1", MILESTONE).status_code == 201
    reused = _post(api, path, "k-1", dict(MILESTONE, name="Pilot"))
    assert reused.status_code == 422 and "different request" in reused.json()["detail"]
    assert _milestones(jalon, project) == 1
    # Keys belong to their caller: the PMO's "k-1" is another key.
    assert _post(api, path, "k-1", dict(MILESTONE, name="Pilot"), who="pmo").status_code == 201
    assert _milestones(jalon, project) == 2


def test_refusals_are_replayed_too_and_malformed_keys_are_422(api: Api, group: Group) -> None:
    project = new_project(api, group)
    path = f"/api/v1/projects/{project}/milestones"
    stale = dict(MILESTONE, expected_version=99)
    assert [_post(api, path, "stale", stale).status_code for _ in range(2)] == [409, 409]
    assert _post(api, path, "with spaces", MILESTONE).status_code == 422
    assert _post(api, path, "x" * 256, MILESTONE).status_code == 422


def test_answers_holding_a_secret_are_never_stored_for_replay(api: Api, group: Group) -> None:
    response = _post(api, f"/api/v1/people/{group.manager.person_id}/tokens", "t-1", {})
    assert response.status_code == 422 and response.json()["field"] == "Idempotency-Key"


class DropsFirstAnswer(httpx2.BaseTransport):
    """The server gets and runs the request, but the connection drops before the answer."""

    def __init__(self, inner: httpx2.BaseTransport) -> None:
        self.inner = inner
        self.dropped = 0

    def handle_request(self, request: httpx2.Request) -> httpx2.Response:
        response = self.inner.handle_request(request)
        if self.dropped == 0:
            self.dropped += 1
            response.close()
            raise httpx2.ReadError("connection reset by peer", request=request)
        return response


def test_a_client_retrying_after_a_dropped_connection_gets_the_first_answer(
    api: Api, jalon: Jalon, group: Group
) -> None:
    project = new_project(api, group)
    transport = DropsFirstAnswer(api.client._transport)
    client = httpx2.Client(transport=transport, base_url="http://testserver")
    headers = api.headers("manager") | {"Idempotency-Key": "once-only"}
    path = f"/api/v1/projects/{project}/milestones"
    with pytest.raises(httpx2.ReadError):
        client.post(path, headers=headers, json=MILESTONE)
    assert _milestones(jalon, project) == 1  # it did run
    retried = client.post(path, headers=headers, json=MILESTONE)
    assert retried.status_code == 201 and retried.headers["Idempotency-Replayed"] == "true"
    assert UUID(retried.json()["id"]) in jalon.projects.load(UUID(project)).milestones
    assert _milestones(jalon, project) == 1


def test_concurrent_duplicates_run_once(api: Api, jalon: Jalon, group: Group) -> None:
    project = new_project(api, group)
    path = f"/api/v1/projects/{project}/milestones"
    with ThreadPoolExecutor(max_workers=6) as pool:
        answers = list(pool.map(lambda _: _post(api, path, "same", MILESTONE), range(12)))
    assert {a.status_code for a in answers} <= {201, 409}
    created = [a for a in answers if a.status_code == 201]
    assert len({a.json()["id"] for a in created}) == 1
    assert sum("Idempotency-Replayed" not in a.headers for a in created) == 1
    assert all("still running" in a.json()["detail"] for a in answers if a.status_code == 409)
    assert _milestones(jalon, project) == 1


def test_if_match_is_the_expected_version_and_a_stale_one_is_412(
    api: Api, jalon: Jalon, group: Group
) -> None:
    project = new_project(api, group)
    path = f"/api/v1/projects/{project}/milestones"
    headers = api.headers("manager") | {"If-Match": '"1"'}
    assert api.client.post(path, headers=headers, json=MILESTONE).status_code == 201
    stale = api.client.post(path, headers=headers, json=dict(MILESTONE, name="Pilot"))
    assert stale.status_code == 412 and stale.json()["current_version"] == 2
    assert _milestones(jalon, project) == 1
    disagree = api.client.post(
        path, headers=headers, json=dict(MILESTONE, name="Pilot", expected_version=2)
    )
    assert disagree.status_code == 422 and disagree.json()["field"] == "If-Match"
    weak = api.headers("manager") | {"If-Match": 'W/"2"'}
    assert api.client.post(path, headers=weak, json=dict(MILESTONE, name="Pilot")).is_success
    bad = api.headers("manager") | {"If-Match": "yesterday"}
    assert api.client.post(path, headers=bad, json=MILESTONE).status_code == 422
    # Without If-Match, a stale expected_version stays a 409.
    old = api.post(path, "manager", dict(MILESTONE, name="Later", expected_version=1))
    assert old.status_code == 409
