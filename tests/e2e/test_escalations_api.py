"""The escalation, what-if and monthly-review routes through HTTP (their roles are walked by
tests/e2e/test_authorization_matrix.py with tests/e2e/escalation_cases.py)."""

from __future__ import annotations

from fastapi.testclient import TestClient

from domain.values import Role
from tests.e2e.test_authorization_matrix import Walk, walk  # noqa: F401


def test_what_if_refuses_a_bad_rule_set_naming_the_field(walk: Walk) -> None:  # noqa: F811
    _, bearer = walk.caller(Role.PMO)
    walk.world.jalon.runner.catch_up()
    client: TestClient = walk.client
    headers = {"Authorization": f"Bearer {bearer}"}
    body = {"source": "name: x\n", "from": "2025-01", "to": "2025-03"}
    answer = client.post("/api/v1/rules/what-if", json=body, headers=headers)
    assert answer.status_code == 422
    assert answer.json()["field"]
    answer = client.post("/api/v1/rules/what-if", json={**body, "to": "2024-01"}, headers=headers)
    assert answer.status_code == 422
    assert answer.json()["field"] == "to"


def test_monthly_review_answers_decimal_strings_and_a_workbook(walk: Walk) -> None:  # noqa: F811
    _, bearer = walk.caller(Role.AUDITOR)
    walk.world.jalon.runner.catch_up()
    headers = {"Authorization": f"Bearer {bearer}"}
    answer = walk.client.get("/api/v1/reports/monthly-review?month=2025-10", headers=headers)
    assert answer.status_code == 200
    found = answer.json()
    assert found["month"] == "2025-10" and found["run_share_ceiling"] == "0.70"
    assert all(isinstance(p["envelope"], str) for p in found["projects"])
    sheet = walk.client.get(
        "/api/v1/reports/monthly-review.xlsx?month=2025-10&lang=en", headers=headers
    )
    assert sheet.status_code == 200 and sheet.content[:2] == b"PK"
    assert "monthly-review-2025-10.xlsx" in sheet.headers["content-disposition"]
    assert (
        walk.client.get("/api/v1/reports/monthly-review?month=2025-13", headers=headers).status_code
        == 422
    )
