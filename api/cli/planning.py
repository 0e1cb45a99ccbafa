"""`jalon capacity` and `jalon scenarios ...`: team capacity and load, scenarios (read; the
PMO builds scenarios through the API, as the PMO, and the decision body arbitrates there)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Annotated, Any

import typer

from api.cli.context import opened
from api.cli.output import Format, emit, fail
from domain.calendar import Month
from domain.errors import DomainError
from domain.planning import Evaluation, months_between
from infrastructure.bootstrap import Jalon
from projections.queries.capacity import live_capacity
from projections.queries.scenarios import evaluate_scenario, list_scenarios

app = typer.Typer(help="Scenarios: list them, evaluate one month by month.", no_args_is_help=True)
FromOption = Annotated[str | None, typer.Option("--from", help="first month YYYY-MM")]
ToOption = Annotated[str | None, typer.Option("--to", help="last month YYYY-MM")]
FormatOption = Annotated[Format, typer.Option("--format")]
TEAM_COLUMNS = [
    "team", "month", "staff", "capacity", "run_load", "available", "build_load", "free",
    "overloaded",
]  # fmt: skip


def _months(jalon: Jalon, first: str | None, last: str | None, count: int) -> list[Month]:
    try:
        start = (
            Month.parse(first, field="--from")
            if first
            else Month.containing(datetime.now(UTC), jalon.settings.zone)
        )
        end = Month.parse(last, field="--to") if last else start.plus(count - 1)
    except DomainError as error:
        fail(error.message)
    if not start <= end <= start.plus(59):
        fail("--to must be within the 60 months from --from")
    return months_between(start, end)


def _team_rows(evaluation: Evaluation) -> list[dict[str, Any]]:
    return [
        {
            "team": t.team, "month": str(t.month), "staff": t.staff, "capacity": t.capacity,
            "run_load": t.run_load, "available": t.available, "build_load": t.build_load,
            "free": t.free, "overloaded": t.overloaded,
        }
        for t in evaluation.teams
    ]  # fmt: skip


def capacity(
    first: FromOption = None, last: ToOption = None, fmt: FormatOption = Format.TABLE
) -> None:
    """Each team's capacity, run load, what is left and the committed projects' load."""
    with opened() as jalon:
        months = _months(jalon, first, last, 12)
        with jalon.database.reading() as cursor:
            now = datetime.now(UTC)
            current = Month.containing(now, jalon.settings.zone)
            found = live_capacity(cursor, months, now, current)
    emit(_team_rows(found.evaluation), TEAM_COLUMNS, fmt, title="Capacity and committed load")


@app.command("list")
def list_(fmt: FormatOption = Format.TABLE) -> None:
    """Every scenario and its state."""
    with opened() as jalon, jalon.database.reading() as cursor:
        rows = list_scenarios(cursor)
    emit(rows, ["code", "name", "state", "selected", "updated_at"], fmt)


@app.command("evaluate")
def evaluate(
    code: Annotated[str, typer.Argument(help="scenario code")],
    first: FromOption = None,
    last: ToOption = None,
    fmt: FormatOption = Format.TABLE,
) -> None:
    """Month by month: spending against the envelope, then each team's load."""
    with opened() as jalon:
        months = _months(jalon, first, last, 36)
        with jalon.database.reading() as cursor:
            try:
                now = datetime.now(UTC)
                current = Month.containing(now, jalon.settings.zone)
                found = evaluate_scenario(cursor, code, months, now, current)
            except DomainError as error:
                fail(error.message)
    budget = [
        {"month": str(b.month), "spend": b.spend, "year_to_date": b.year_to_date,
         "envelope": b.envelope, "over": b.over}
        for b in found.evaluation.budget
    ]  # fmt: skip
    if fmt is Format.JSON:
        teams = _team_rows(found.evaluation)
        print(json.dumps({"budget": budget, "teams": teams}, indent=2, default=str))
        return
    title = f"{found.scenario['code']} ({found.scenario['state']})"
    emit(budget, ["month", "spend", "year_to_date", "envelope", "over"], fmt, title=title)
    emit(_team_rows(found.evaluation), TEAM_COLUMNS, fmt, title="Team load")
