"""The `jalon` command: exit code 0 on success, 2 with one sentence on bad input."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from api.app import create_app
from api.cli.main import app, run
from domain.errors import InvalidCommand
from governance_rules.loading import SHIPPED, content_hash
from infrastructure.bootstrap import bootstrap
from infrastructure.settings import Settings
from tests.support import rule_source


@pytest.fixture
def cli(database_url: str, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setenv("JALON_DATABASE_URL", database_url)
    return CliRunner()


def invoke(cli: CliRunner, *args: str) -> tuple[int, str]:
    result = cli.invoke(app, list(args), catch_exceptions=True)
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.output


def test_users_tokens_and_portfolio(cli: CliRunner) -> None:
    assert invoke(cli, "establishments", "add", "CHRU", "CHRU de Nancy")[0] == 0
    code, out = invoke(cli, "users", "add", "j.dupont", "--name", "Jeanne Dupont", "--email", "j@chru.fr",
                       "--establishment", "chru", "--role", "project_manager", "--role", "staff")  # fmt: skip
    assert code == 0, out
    code, out = invoke(cli, "users", "list", "--format", "json")
    [person] = json.loads(out)
    assert (person["login"], person["roles"]) == ("j.dupont", "project_manager,staff")
    code, out = invoke(cli, "tokens", "create", "j.dupont", "--days", "3")
    assert code == 0 and "jalon_" in out
    code, out = invoke(cli, "portfolio", "--format", "csv")
    assert code == 0 and out.startswith("code,name,establishment")
    code, out = invoke(cli, "projections", "status", "--format", "json")
    assert {v["view"] for v in json.loads(out)} >= {"portfolio", "people", "reference"}
    assert all(v["lag"] == 0 for v in json.loads(out))


def test_errors_exit_2_with_a_sentence(
    cli: CliRunner, capsys: pytest.CaptureFixture[str], monkeypatch
) -> None:
    monkeypatch.setattr("sys.argv", ["jalon", "users", "grant", "nobody", "pmo", "--reason", "x"])
    with pytest.raises(SystemExit) as exit_:
        run()
    assert exit_.value.code == 2
    assert capsys.readouterr().err.strip() == "jalon: error: no person with login 'nobody'"
    monkeypatch.setattr("sys.argv", ["jalon", "users", "add", "x.y", "--name", "X", "--email", "bad",
                                     "--establishment", "CHRU"])  # fmt: skip
    with pytest.raises(SystemExit) as exit_:
        run()
    assert exit_.value.code == 2
    assert "email is not an e-mail address" in capsys.readouterr().err


def test_an_unusable_database_url_is_one_line(
    monkeypatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("JALON_DATABASE_URL", "postgresql://postgres@127.0.0.1:1/nowhere")
    monkeypatch.setattr("sys.argv", ["jalon", "portfolio"])
    with pytest.raises(SystemExit) as exit_:
        run()
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("jalon: error: cannot reach PostgreSQL") and err.count("\n") == 1


def test_rebuild_replays_the_log(cli: CliRunner) -> None:
    invoke(cli, "establishments", "add", "CHRU", "CHRU de Nancy")
    code, out = invoke(cli, "projections", "rebuild")
    assert code == 0 and "rebuilt all views" in out
    code, out = invoke(cli, "projections", "rebuild", "nope")
    assert code == 2


def test_rules_validate_adopt_and_the_diagrams(
    cli: CliRunner, capsys: pytest.CaptureFixture[str], monkeypatch, tmp_path
) -> None:
    shipped = str(SHIPPED / "anap-default-v1.yaml")
    code, out = invoke(cli, "rules", "validate", shipped)
    assert code == 0 and content_hash(rule_source(1)) in out
    broken = tmp_path / "broken.yaml"
    broken.write_text(rule_source(1).replace("decision_mode: chair", "decision_mode: vote"))
    monkeypatch.setattr("sys.argv", ["jalon", "rules", "validate", str(broken)])
    with pytest.raises(SystemExit) as exit_:
        run()
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    line = broken.read_text().splitlines().index("    decision_mode: vote") + 1
    assert f"{broken}:{line}: bodies.decision.decision_mode: Input should be" in err
    code, out = invoke(cli, "rules", "adopt", shipped, "--reason", "initial")
    assert code == 0, out
    code, out = invoke(cli, "rules", "list", "--format", "json")
    assert [a["version"] for a in json.loads(out)] == [1]
    code, out = invoke(cli, "lifecycle", "diagram")
    assert code == 0
    assert out.count("stateDiagram-v2") == 2 and "under_review --> decided" in out


def test_an_operator_sets_a_password_that_signs_in(cli: CliRunner, database_url: str) -> None:
    invoke(cli, "establishments", "add", "CHRU", "CHRU de Nancy")
    invoke(cli, "users", "add", "j.dupont", "--name", "J D", "--email", "j@chru.fr",
           "--establishment", "chru", "--role", "staff")  # fmt: skip
    result = cli.invoke(app, ["users", "password", "j.dupont"], input="too short\ntoo short\n")
    assert isinstance(result.exception, InvalidCommand)
    assert "12 to 128" in str(result.exception)
    code, out = invoke(cli, "users", "password", "j.dupont", "--password", "a long passphrase")
    assert code == 0, out
    jalon = bootstrap(Settings(database_url=database_url))
    try:
        client = TestClient(create_app(jalon, background_projections=False))
        body = {"login": "j.dupont", "password": "a long passphrase"}
        assert client.post("/api/v1/auth/login", json=body).status_code == 200
    finally:
        jalon.close()
