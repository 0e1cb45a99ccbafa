"""`jalon report ...`: the time-share report as a table, CSV or JSON; the commitments review."""

from __future__ import annotations

import csv
import io
import json

import pytest
from typer.testing import CliRunner

from domain.principal import SYSTEM
from domain.services.mco_services import commitments_of
from domain.timesheet import LineInput
from infrastructure.bootstrap import Jalon
from tests.e2e.test_cli import invoke
from tests.support import Group, seed_activity


@pytest.fixture
def cli(
    jalon: Jalon, group: Group, database_url: str, monkeypatch: pytest.MonkeyPatch
) -> CliRunner:
    """A validated week of 30 h run and 7.5 h build for the MCO-DPI team (2025-W41), and a
    service measured in October 2025."""
    activity = seed_activity(group, people=jalon.people, projects=jalon.projects, teams=jalon.teams)
    person = group.staff.person_id
    jalon.timesheets.record(
        SYSTEM,
        person,
        "2025-W41",
        [LineInput(activity.run, "30"), LineInput(activity.build, "7.5")],
    )  # type: ignore[arg-type]
    jalon.timesheets.submit(SYSTEM, person, "2025-W41")  # type: ignore[arg-type]
    jalon.timesheets.validate(SYSTEM, person, "2025-W41")  # type: ignore[arg-type]
    jalon.mco_services.register(SYSTEM, code="DPI", name="Dossier patient", team="MCO-DPI",
                                commitments=commitments_of("99.5", 4), effective_from="2025-01")  # fmt: skip
    jalon.mco_services.record_availability(SYSTEM, "DPI", month="2025-10", availability="99.9")
    jalon.runner.catch_up()
    monkeypatch.setenv("JALON_DATABASE_URL", database_url)
    return CliRunner()


def test_time_share_as_csv_json_and_table(cli: CliRunner) -> None:
    window = ("report", "time-share", "--from", "2025-10", "--to", "2025-10")
    code, out = invoke(cli, *window, "--format", "csv")
    assert code == 0, out
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [(r["group"], r["month"], r["run_hours"], r["build_hours"], r["run_share"], r["above_threshold"])
            for r in rows] == [
        ("MCO Dossier patient", "2025-10", "30.00", "7.50", "80.0", "True"),
        ("whole group", "2025-10", "30.00", "7.50", "80.0", "False"),
    ]  # fmt: skip
    code, out = invoke(
        cli, *window, "--format", "json", "--by", "establishment", "--threshold", "0.9"
    )
    report = json.loads(out)
    assert (report["by"], report["rows"][0]["code"], report["alerts"]) == (
        "establishment",
        "GHT",
        [],
    )
    code, out = invoke(cli, *window)
    assert code == 0 and "MCO Dossier patient" in out and "80.0 !" in out


def test_commitments_review(cli: CliRunner) -> None:
    code, out = invoke(cli, "report", "commitments", "--month", "2025-10", "--format", "json")
    assert code == 0, out
    [service] = json.loads(out)["services"]
    assert (service["code"], service["availability"], service["verdict"]) == (
        "DPI",
        "99.900",
        "met",
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--from", "2025-13"), "--from is not a valid month"),
        (("--from", "2025-10", "--to", "2025-09"), "--to is before --from"),
        (("--by", "person"), "--by must be team or establishment"),
        (("--threshold", "70"), "--threshold must be a fraction"),
    ],
)
def test_bad_options_exit_2_with_a_sentence(
    cli: CliRunner, args: tuple[str, ...], message: str
) -> None:
    code, out = invoke(cli, "report", "time-share", *args)
    assert code == 2
    assert message in out
