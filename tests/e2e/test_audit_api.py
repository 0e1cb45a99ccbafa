"""The audit trail and the chain's head through HTTP and the CLI: who reads them, what a row
holds, filters, pages, CSV; `jalon audit verify` exit codes."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal

import pytest
from typer.testing import CliRunner

from api.cli.main import app
from infrastructure.bootstrap import Jalon
from tests.e2e.conftest import Api
from tests.integration import tamper
from tests.integration.helpers import register
from tests.support import Group


@pytest.fixture
def history(jalon: Jalon, group: Group) -> str:
    """A project whose budget for 2025 was recorded, then revised; its id."""
    project = register(jalon, group, code="AUD-01").id
    for envelope in ("100000", "120000.50"):
        jalon.projects.record_budget(
            group.pmo, project, year=2025, envelope=Decimal(envelope), committed="0", spent="0",
            forecast=Decimal(envelope), reason=f"envelope {envelope}",
        )  # fmt: skip
    jalon.runner.catch_up()
    return str(project)


def test_auditors_pmo_and_admins_read_the_trail_with_before_and_after(
    api: Api, history: str, group: Group
) -> None:
    for who in ("auditor", "pmo", "admin"):
        assert api.get("/api/v1/audit/trail?project=AUD-01", who).status_code == 200
    for who in ("manager", "member", "staff"):
        assert api.get("/api/v1/audit/trail", who).status_code == 403
    page = api.get("/api/v1/audit/trail?project=AUD-01&action=Project.BudgetRecorded", "auditor")
    body = page.json()
    assert body["total"] == 2
    first, revised = body["items"]
    assert first["position"] < revised["position"]
    assert revised["action_words"] == "Project: budget recorded"
    assert revised["project_code"] == "AUD-01"
    assert revised["reason"] == "envelope 120000.50"
    assert {"field": "envelope", "before": "100000.00", "after": "120000.50"} in revised["changes"]
    assert all(c["field"] != "year" for c in revised["changes"])  # unchanged fields are left out
    assert revised["actor"]["id"] == str(group.pmo.person_id)
    assert revised["actor"]["name"]  # from the directory, at read time


def test_trail_filters_and_pages(api: Api, history: str, group: Group) -> None:
    everything = api.get("/api/v1/audit/trail?limit=500", "auditor").json()
    assert everything["total"] == len(everything["items"]) > 3
    page = api.get("/api/v1/audit/trail?limit=2&offset=1", "auditor").json()
    assert [r["position"] for r in page["items"]] == [
        r["position"] for r in everything["items"][1:3]
    ]
    by_actor = api.get(f"/api/v1/audit/trail?actor={group.pmo.person_id}", "auditor").json()
    assert by_actor["total"] >= 3
    assert {r["actor"]["id"] for r in by_actor["items"]} == {str(group.pmo.person_id)}
    number = by_actor["items"][0]["actor"]["number"]
    by_number = api.get(f"/api/v1/audit/trail?actor=%23{number}", "auditor").json()
    assert by_number["total"] == by_actor["total"]
    system = api.get("/api/v1/audit/trail?actor=system&action=Person", "auditor").json()
    assert system["total"] > 0
    assert all(r["actor_kind"] == "system" for r in system["items"])
    future = api.get("/api/v1/audit/trail?from=2100-01-01T00:00:00Z", "auditor").json()
    assert future["total"] == 0
    past = api.get("/api/v1/audit/trail?to=2000-01-01T00:00:00Z", "auditor").json()
    assert past["total"] == 0
    wrong = api.get("/api/v1/audit/trail?actor=%23999999", "auditor")
    assert (wrong.status_code, wrong.json()["field"]) == (422, "actor")
    assert api.get("/api/v1/audit/trail?action=DROP TABLE", "auditor").status_code == 422


def test_no_name_is_copied_into_the_trail(jalon: Jalon, history: str, group: Group) -> None:
    with jalon.database.reading() as cursor:
        names = [r["display_name"] for r in cursor.execute(
            "SELECT display_name FROM person_directory").fetchall()]  # fmt: skip
        stored = json.dumps(
            [dict(r) for r in cursor.execute("SELECT * FROM audit_trail").fetchall()]
        )
    assert names
    assert not [n for n in names if n and n in stored]


def test_head_then_verify_from_the_command_line(
    api: Api, history: str, jalon: Jalon, database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    head = api.get("/api/v1/audit/head", "auditor").json()
    assert head["position"] == head["log_position"] > 0
    assert len(head["link"]) == 64
    assert api.get("/api/v1/audit/head", "staff").status_code == 403
    monkeypatch.setenv("JALON_DATABASE_URL", database_url)
    cli = CliRunner()
    anchor = f"{head['position']}:{head['link']}"
    result = cli.invoke(app, ["audit", "verify", "--anchor", anchor])
    assert (result.exit_code, result.output.split(":")[0]) == (0, "intact"), result.output
    tamper.modify_state(jalon, 3)
    result = cli.invoke(app, ["audit", "verify"])
    assert result.exit_code == 1
    assert result.output.startswith("TAMPERED at position 3: modified")
    result = cli.invoke(app, ["audit", "verify", "--anchor", "3:xyz"])
    assert result.exit_code == 2


def test_trail_exports_csv_from_the_command_line(
    history: str, database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("JALON_DATABASE_URL", database_url)
    result = CliRunner().invoke(app, ["audit", "trail", "--project", "AUD-01", "--format", "csv"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert [r["action"] for r in rows] == [
        "Project: registered",
        "Project: budget recorded",
        "Project: budget recorded",
    ]
    assert "envelope: 100000.00 → 120000.50" in rows[2]["changes"]
    assert rows[2]["project"] == "AUD-01"
