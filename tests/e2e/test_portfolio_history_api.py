"""The portfolio as of an instant and the diff, over HTTP and from the `jalon` command."""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime

import pytest
from typer.testing import CliRunner

from api.cli.main import app
from tests.e2e.conftest import Api
from tests.e2e.test_projects_api import GREEN, new_project
from tests.support import Group


def _between(api: Api, group: Group) -> str:
    """Project A, then an instant, then project B with a red status report."""
    new_project(api, group, "A-1")
    time.sleep(0.002)
    instant = datetime.now(UTC).isoformat().replace("+00:00", "Z")
    time.sleep(0.002)
    project = new_project(api, group, "B-1")
    api.post(f"/api/v1/projects/{project}/status-reports", "pmo",
             {"month": "2025-01", "weather": dict(GREEN, risk="red")})  # fmt: skip
    return instant


def test_the_portfolio_as_of_an_instant_and_the_diff(api: Api, group: Group) -> None:
    instant = _between(api, group)
    now = api.get("/api/v1/portfolio", "auditor").json()
    then = api.get("/api/v1/portfolio", "auditor", params={"as_of": instant}).json()
    assert [r["code"] for r in then["items"]] == ["A-1"] and then["total"] == 1
    assert then["items"][0] == now["items"][0]  # same fields, A-1 unchanged since
    assert (
        api.get("/api/v1/portfolio", "auditor", params={"as_of": "2000-01-01"}).json()["items"]
        == []
    )
    diff = api.get("/api/v1/portfolio/diff", "auditor", params={"from": instant}).json()
    assert [p["code"] for p in diff["added"]] == ["B-1"]
    assert diff["weather_changes"] == [] and diff["phase_changes"] == []
    assert api.get("/api/v1/portfolio/diff", "staff").status_code == 200  # default: 30 days
    backwards = api.get("/api/v1/portfolio/diff", "auditor",
                        params={"from": "2025-02-01", "to": "2025-01-01"})  # fmt: skip
    assert (backwards.status_code, backwards.json()["field"]) == (422, "to")
    bad = api.get("/api/v1/portfolio", "auditor", params={"as_of": "yesterday"})
    assert bad.status_code == 422 and bad.json()["field"] == "as_of"


def test_the_cli_prints_the_portfolio_as_of_and_the_diff(
    api: Api, group: Group, database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    instant = _between(api, group)
    monkeypatch.setenv("JALON_DATABASE_URL", database_url)
    cli = CliRunner()

    def run(*args: str) -> tuple[int, str]:
        result = cli.invoke(app, list(args))
        return result.exit_code, result.output

    code, out = run("portfolio", "--as-of", instant, "--format", "json")
    assert code == 0 and [r["code"] for r in json.loads(out)] == ["A-1"]
    code, out = run("portfolio", "--as-of", "2000-01-01", "--format", "json")
    assert code == 0 and json.loads(out) == []
    code, out = run("portfolio", "--diff", instant, "2100-01-01", "--format", "json")
    assert code == 0, out
    changes = {(c["change"], c["code"]) for c in json.loads(out)}
    assert changes == {("added", "B-1")}
    code, out = run("portfolio", "--as-of", "last week")
    assert code == 2 and "--as-of: 'last week' is not an ISO date" in out
    code, out = run("portfolio", "--as-of", "0001-01-01")
    assert code == 2 and "between the years 1900 and 2200" in out
    code, out = run("portfolio", "--diff", "2025-02-01", "2025-01-01")
    assert code == 2 and "is before" in out


def test_instants_far_out_are_refused_naming_the_field(api: Api) -> None:
    for params, field in [
        ({"as_of": "0001-01-01T00:00:00+01:00"}, "as_of"),
        ({"as_of": "9999-12-31T23:00:00-05:00"}, "as_of"),
    ]:
        response = api.get("/api/v1/portfolio", "auditor", params=params)
        assert (response.status_code, response.json()["field"]) == (422, field)
    response = api.get("/api/v1/portfolio/diff", "auditor", params={"to": "0001-01-05"})
    assert (response.status_code, response.json()["field"]) == (422, "to")
