"""GET /api/v1/portfolio answers encoded pages, kept and served again in front of the routes
(api/middleware/kept_answers.py): the same bytes pydantic would give, fresh after every
write, never another caller's rows, and the caller checked on every request, whichever
process revoked or refused it."""

from __future__ import annotations

from uuid import UUID

import pytest
from starlette.types import ASGIApp

from api.middleware.kept_answers import KeptAnswers
from api.schemas.common import Page
from api.schemas.projects import PortfolioRow
from domain.authorization import MATRIX, Operation, Scope
from domain.principal import SYSTEM
from domain.tokens import parse_bearer
from domain.values import Role
from infrastructure.bootstrap import Jalon
from infrastructure.personal_data import SQLPersonalData
from projections.queries.portfolio import PortfolioFilter, list_portfolio
from tests.e2e.conftest import Api
from tests.support import Group, rule_source, submit_deliverables

GREEN = {"quality": "green", "cost": "green", "deadline": "green", "risk": "green"}
RED = {**GREEN, "risk": "red"}
PORTFOLIO = "/api/v1/portfolio"


def register(api: Api, group: Group, code: str, establishment: str, manager: str) -> str:
    response = api.post("/api/v1/projects", "pmo", {
        "code": code, "name": f"Projet {code} é", "establishment": establishment,
        "functional_area": "DPI", "kind": "build", "sponsor_id": str(group.member.person_id),
        "manager_id": str(getattr(group, manager).person_id),
    })  # fmt: skip
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


@pytest.fixture
def projects(api: Api, group: Group, jalon: Jalon) -> dict[str, str]:
    made = {
        "DPI-01": register(api, group, "DPI-01", "CHRU", "manager"),
        "TOUL-02": register(api, group, "TOUL-02", "CH-TOUL", "other_manager"),
        "GHT-03": register(api, group, "GHT-03", "GHT", "manager"),
    }
    base = f"/api/v1/projects/{made['DPI-01']}"
    assert api.put(f"{base}/budget/2025", "manager", {
        "envelope": "100000.00", "committed": "0", "spent": "12.5", "forecast": "130000.50",
        "reason": "initial",
    }).status_code == 200  # fmt: skip
    assert api.post(f"{base}/milestones", "manager", {"name": "Go-live", "baseline": "2025-06-01"}).status_code == 201  # fmt: skip
    assert api.post(f"{base}/status-reports", "manager", {"month": "2025-01", "weather": RED}).status_code == 201  # fmt: skip
    jalon.rulesets.adopt(SYSTEM, source=rule_source(1), reason="rules")
    submit_deliverables(jalon, group.manager, UUID(made["DPI-01"]))  # type: ignore[arg-type]
    result = jalon.gate_reviews.request_gate(group.manager, UUID(made["DPI-01"]), gate="G1")
    jalon.wait_for(result.position)
    return made


def test_the_answer_is_the_bytes_pydantic_gives(
    api: Api, jalon: Jalon, projects: dict[str, str]
) -> None:
    answer = api.get(PORTFOLIO, "auditor")
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "application/json"
    with jalon.database.reading() as cursor:
        rows, total = list_portfolio(cursor, PortfolioFilter(), limit=200)
    expected = Page[PortfolioRow].model_validate(
        {"items": rows, "total": total, "limit": 200, "offset": 0}
    )
    assert answer.content == expected.model_dump_json().encode()
    first = answer.json()["items"][0]
    assert first["gate"]["subject"] == "G1" and first["weather"]["risk"] == "red"
    assert first["budget"]["spent"] == "12.50" and first["next_milestone"]["name"] == "Go-live"
    schema = api.client.get("/openapi.json").json()["paths"][PORTFOLIO]["get"]
    assert schema["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].endswith(
        "Page_PortfolioRow_"
    )


def test_every_write_is_in_the_next_read(api: Api, projects: dict[str, str]) -> None:
    before = api.get(PORTFOLIO, "auditor").json()
    assert api.get(PORTFOLIO, "auditor").json() == before  # answered from the cache
    assert kept_answers(api).answers.hits >= 1
    project = projects["TOUL-02"]
    assert api.post(f"/api/v1/projects/{project}/status-reports", "other_manager", {
        "month": "2025-02", "weather": RED,
    }).status_code == 201  # fmt: skip
    after = {r["code"]: r for r in api.get(PORTFOLIO, "auditor").json()["items"]}
    assert after["TOUL-02"]["weather"]["risk"] == "red"
    assert after["TOUL-02"]["version"] > before["items"][2]["version"]


def test_the_caller_is_checked_on_every_request(
    api: Api, group: Group, jalon: Jalon, projects: dict[str, str]
) -> None:
    assert api.get(PORTFOLIO, "staff").status_code == 200
    assert api.client.get(PORTFOLIO).status_code == 401
    assert api.client.get(PORTFOLIO, headers={"Authorization": "Bearer jalon_x"}).status_code == 401
    assert group.staff.person_id is not None
    erased = api.post(f"/api/v1/people/{group.staff.person_id}/erase", "admin", {"reason": "GDPR"})
    assert erased.status_code == 200, erased.text
    assert api.get(PORTFOLIO, "staff").status_code == 401  # its tokens went with its data


def test_an_erasure_is_shown_even_when_no_view_moved(
    api: Api, group: Group, jalon: Jalon, projects: dict[str, str]
) -> None:
    """Names live outside the log, and the directory is erased after the event: a page
    cached in between must not outlive the erasure."""
    assert group.manager.person_id is not None
    shown = api.get(PORTFOLIO, "auditor").json()["items"][0]["manager"]["name"]
    assert shown == "Person manager"
    SQLPersonalData(jalon.database).erase(group.manager.person_id, jalon.now())  # directory only
    names = {r["manager"]["name"] for r in api.get(PORTFOLIO, "auditor").json()["items"]}
    assert "Person manager" not in names


def test_a_caller_sees_only_what_its_scope_allows(
    api: Api, group: Group, projects: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every role reads the whole portfolio today; were a role limited to its establishment
    or its projects, a page cached for a wider reader must not reach it."""
    scopes = dict(MATRIX[Operation.PORTFOLIO_READ])
    scopes[Role.STAFF] = Scope.OWN_ESTABLISHMENT
    scopes[Role.PROJECT_MANAGER] = Scope.OWN_PROJECT
    scopes[Role.AUDITOR] = Scope.SELF  # a scope that names no project: nothing
    monkeypatch.setitem(MATRIX, Operation.PORTFOLIO_READ, scopes)

    def codes(who: str, **params: object) -> tuple[list[str], int]:
        page = api.get(PORTFOLIO, who, params=params).json()
        return [r["code"] for r in page["items"]], page["total"]

    everything = (["DPI-01", "GHT-03", "TOUL-02"], 3)
    assert codes("admin") == everything  # cached first, for every project
    assert codes("staff") == (["DPI-01"], 1)  # CHRU
    assert codes("manager") == (["DPI-01", "GHT-03"], 2)
    assert codes("other_manager") == (["TOUL-02"], 1)
    assert codes("auditor") == ([], 0)
    assert codes("staff", establishment="GHT") == ([], 0)
    assert codes("pmo") == everything


def kept_answers(api: Api) -> KeptAnswers:
    layer: ASGIApp | None = api.client.app.middleware_stack  # type: ignore[attr-defined]
    while layer is not None and not isinstance(layer, KeptAnswers):
        layer = getattr(layer, "app", None)
    assert layer is not None, "the kept-answers layer is installed"
    return layer


def test_a_kept_answer_is_served_again_without_the_route(
    api: Api, projects: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    first = api.get(PORTFOLIO, "auditor", params={"sort": "name"})
    kept = kept_answers(api)
    hits = kept.answers.hits

    def no_route(*args: object) -> None:
        raise AssertionError("the route was asked")

    monkeypatch.setattr("api.routers.portfolio.list_portfolio", no_route)
    monkeypatch.setattr("api.routers.portfolio.visibility", no_route)
    again = api.get(PORTFOLIO, "auditor", params={"sort": "name"})
    assert again.status_code == 200 and again.content == first.content
    assert again.headers["content-type"] == "application/json"
    assert again.headers["x-content-type-options"] == "nosniff"  # outer layers still apply
    assert again.headers["x-request-id"]
    assert kept.answers.hits == hits + 1
    assert api.get(PORTFOLIO, "pmo", params={"sort": "name"}).content == first.content


def test_a_refused_or_invalid_request_is_never_kept_nor_served(
    api: Api, projects: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert api.get(PORTFOLIO, "staff", params={"limit": 0}).status_code == 422
    assert api.get(PORTFOLIO, "staff", params={"limit": 0}).status_code == 422
    scopes = {r: s for r, s in MATRIX[Operation.PORTFOLIO_READ].items() if r != Role.STAFF}
    scopes[Role.AUDITOR] = Scope.SELF  # allowed, sees no project: the refused see as much
    monkeypatch.setitem(MATRIX, Operation.PORTFOLIO_READ, scopes)
    assert api.get(PORTFOLIO, "auditor").json()["total"] == 0  # kept
    assert api.get(PORTFOLIO, "auditor").json()["total"] == 0
    refused = api.get(PORTFOLIO, "staff")
    assert refused.status_code == 403 and "may not perform" in refused.json()["detail"]


def test_a_revocation_in_another_process_ends_the_kept_answers_at_once(
    api: Api, group: Group, elsewhere: Jalon, projects: dict[str, str]
) -> None:
    assert api.get(PORTFOLIO, "staff").status_code == 200
    assert api.get(PORTFOLIO, "staff").status_code == 200  # kept, token remembered
    parsed = parse_bearer(api.tokens["staff"])
    assert parsed is not None and group.staff.person_id is not None
    elsewhere.people.revoke_token(
        SYSTEM, group.staff.person_id, token_id=parsed[0], reason="lost badge"
    )
    refused = api.get(PORTFOLIO, "staff")
    assert refused.status_code == 401 and "revoked" in refused.json()["detail"]
    assert api.get(PORTFOLIO, "auditor").status_code == 200


def test_a_write_in_another_process_is_in_the_next_read(
    api: Api, group: Group, elsewhere: Jalon, projects: dict[str, str]
) -> None:
    before = {r["code"]: r for r in api.get(PORTFOLIO, "auditor").json()["items"]}
    assert before["GHT-03"]["weather"] is None or before["GHT-03"]["weather"]["risk"] != "red"
    reported = elsewhere.projects.report_status(
        group.manager, UUID(projects["GHT-03"]), month="2025-03", weather=RED, comment="risque"
    )
    elsewhere.wait_for(reported.position)
    after = {r["code"]: r for r in api.get(PORTFOLIO, "auditor").json()["items"]}
    assert after["GHT-03"]["weather"]["risk"] == "red"
