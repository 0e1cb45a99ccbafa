"""`jalon portfolio`: the portfolio view."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from api.cli.context import opened
from api.cli.output import Format, emit
from api.cli.prioritisation import print_ranking
from projections.queries.portfolio import PortfolioFilter, list_portfolio

COLUMNS = [
    "code", "name", "establishment", "kind", "phase", "manager", "weather", "envelope",
    "forecast", "next_milestone", "slippage_days", "open_risks", "max_criticality",
]  # fmt: skip


def flatten(row: dict[str, Any]) -> dict[str, Any]:
    weather = row["weather"]
    milestone = row["next_milestone"]
    return {
        **row,
        "manager": row["manager"]["name"] if row["manager"] else None,
        "weather": "/".join(weather[d] for d in ("quality", "cost", "deadline", "risk"))
        if weather
        else None,
        "envelope": row["budget"]["envelope"],
        "forecast": row["budget"]["forecast"],
        "next_milestone": milestone["name"] if milestone else None,
        "slippage_days": milestone["slippage_days"] if milestone else None,
    }


def portfolio(
    establishment: Annotated[str | None, typer.Option(help="establishment code")] = None,
    kind: Annotated[str | None, typer.Option(help="build or run")] = None,
    weather: Annotated[
        str | None, typer.Option(help="projects with this weather on any dimension")
    ] = None,
    fmt: Annotated[Format, typer.Option("--format", help="table, json or csv")] = Format.TABLE,
    rank: Annotated[
        bool, typer.Option("--rank", help="open build projects by priority score")
    ] = False,
    ruleset: Annotated[
        str | None, typer.Option(help="with --rank: sha256 (8+ hex digits) or name-vN")
    ] = None,
    at: Annotated[str | None, typer.Option(help="with --rank: scores as of (ISO 8601)")] = None,
) -> None:
    """Print the portfolio: one row per project (--rank: by priority score)."""
    if rank:
        print_ranking(ruleset, at, fmt)
        return
    where = PortfolioFilter(
        establishment=establishment.upper() if establishment else None, kind=kind, weather=weather
    )
    with opened() as jalon, jalon.database.reading() as cursor:
        rows, total = list_portfolio(cursor, where, limit=100_000)
    emit([flatten(r) for r in rows], COLUMNS, fmt, title=f"Portfolio ({total} projects)")
