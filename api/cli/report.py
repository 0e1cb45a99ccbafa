"""`jalon report ...`: the time-share and commitments reports."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Annotated, Any, Literal

import typer

from api.cli.context import opened
from api.cli.output import Format, console, emit, fail
from domain.calendar import Month
from domain.errors import InvalidCommand
from governance_rules.run_share import RunShareCeiling
from projections.queries.commitments import commitments_report
from projections.queries.timeshare import run_share_ceiling_in_force, time_share_report

app = typer.Typer(help="Reports: run/build time share, MCO commitments.", no_args_is_help=True)

LONG_COLUMNS = [
    "group", "code", "month", "run_hours", "build_hours", "run_share", "unvalidated_hours",
    "above_threshold",
]  # fmt: skip


def _month(value: str | None, field: str, default: Month) -> Month:
    try:
        return Month.parse(value, field=field) if value else default
    except InvalidCommand as error:
        fail(error.message)


def _long_rows(report: dict[str, Any]) -> list[dict[str, Any]]:
    """One row per group and month (the whole group last): for spreadsheets."""
    return [
        {"group": row["name"], "code": row.get("code") or "", **cell}
        for row in [*report["rows"], report["group"]]
        for cell in row["months"]
    ]


def _pivot(report: dict[str, Any]) -> tuple[list[dict[str, Any]], list[str]]:
    """One row per group: run share (%) each month, then the period's totals."""
    months = [cell["month"] for cell in report["group"]["months"]]
    rows = []
    for row in [*report["rows"], report["group"]]:
        shares = {
            cell["month"]: ("" if cell["run_share"] is None else f"{cell['run_share']}")
            + (" !" if cell["above_threshold"] else "")
            for cell in row["months"]
        }
        total = row["total"]
        rows.append({
            "group": row["name"], **shares, "run %": total["run_share"],
            "run h": total["run_hours"], "build h": total["build_hours"],
            "unvalidated h": total["unvalidated_hours"],
            "trend (pts)": row["trend"]["change_points"],
        })  # fmt: skip
    return rows, ["group", *months, "run %", "run h", "build h", "unvalidated h", "trend (pts)"]


@app.command("time-share")
def time_share(
    from_: Annotated[str | None, typer.Option("--from", help="first month, YYYY-MM")] = None,
    to: Annotated[
        str | None, typer.Option(help="last month, YYYY-MM (default: this month)")
    ] = None,
    by: Annotated[str, typer.Option(help="team or establishment")] = "team",
    threshold: Annotated[
        Decimal | None,
        typer.Option(help="run-share threshold, a fraction (default: the rule set in force)"),
    ] = None,
    fmt: Annotated[Format, typer.Option("--format", help="table, json or csv")] = Format.TABLE,
) -> None:
    """Run vs build hours per month and team (or establishment), validated time only."""
    if by not in ("team", "establishment"):
        fail("--by must be team or establishment")
    grouping: Literal["team", "establishment"] = "team" if by == "team" else "establishment"
    if threshold is not None and not Decimal(0) <= threshold <= Decimal(1):
        fail("--threshold must be a fraction between 0 and 1, e.g. 0.7")
    with opened() as jalon:
        last = _month(to, "--to", Month.of(jalon.today()))
        first = _month(from_, "--from", last.plus(-11))
        if last < first:
            fail("--to is before --from")
        with jalon.database.reading() as cursor:
            ceiling = (
                RunShareCeiling(threshold)
                if threshold is not None
                else run_share_ceiling_in_force(cursor, jalon.now())
            )
            report = time_share_report(cursor, first=first, last=last, by=grouping, ceiling=ceiling)
    if fmt is Format.JSON:
        print(json.dumps(report, indent=2, default=str))
    elif fmt is Format.CSV:
        emit(_long_rows(report), LONG_COLUMNS, fmt)
    else:
        rows, columns = _pivot(report)
        emit(
            rows,
            columns,
            fmt,
            title=f"Run share (%) by {by}, {first} to {last} (! above {report['run_share_threshold']} %)",
        )
        unvalidated = report["unvalidated"]
        console.print(f"Not validated yet: {unvalidated['hours']} h {unvalidated['by_state']}")


@app.command("commitments")
def commitments(
    month: Annotated[str | None, typer.Option(help="YYYY-MM (default: last month)")] = None,
    fmt: Annotated[Format, typer.Option("--format", help="table, json or csv")] = Format.TABLE,
) -> None:
    """Each MCO service in the month: availability vs target, P1 incidents, met / missed."""
    with opened() as jalon:
        chosen = _month(month, "--month", Month.of(jalon.today()).previous())
        with jalon.database.reading() as cursor:
            report = commitments_report(cursor, chosen, zone=jalon.settings.zone, now=jalon.now())
    if fmt is Format.JSON:
        print(json.dumps(report, indent=2, default=str))
        return
    rows = [{**r, "team": r["team"]["code"]} for r in report["services"]]
    columns = [
        "code", "name", "team", "availability_target", "availability", "p1_incidents",
        "p1_over_limit", "verdict",
    ]  # fmt: skip
    emit(rows, columns, fmt, title=f"MCO commitments, {chosen}: {report['summary']}")
