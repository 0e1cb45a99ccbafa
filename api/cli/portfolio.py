"""`jalon portfolio`: the portfolio view, now or as of a past instant, and what changed
between two instants."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any
from zoneinfo import ZoneInfo

import typer

from api.cli.context import load_settings, opened
from api.cli.output import Format, emit, fail
from api.cli.prioritisation import print_ranking
from projections.queries.portfolio import PortfolioFilter, list_portfolio
from projections.queries.portfolio_diff import portfolio_diff

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


AS_OF_HELP = (
    "an ISO date or date and time; without a zone, read in the group's time zone "
    "(JALON_TIMEZONE); a date alone is its first instant (00:00)"
)
DIFF_COLUMNS = ["change", "code", "name", "before", "after"]


def parse_instant(text: str, zone: ZoneInfo, option: str) -> datetime:
    try:
        instant = datetime.fromisoformat(text.strip())
    except ValueError:
        fail(f"{option}: {text!r} is not an ISO date (2025-06-30) or date and time")
    if not 1900 <= instant.year <= 2200:
        fail(f"{option}: {text!r} is not between the years 1900 and 2200")
    return instant if instant.tzinfo else instant.replace(tzinfo=zone)


def _shown(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, dict):
        return " ".join(f"{k}={v}" for k, v in value.items() if k != "id")
    return str(value)


def diff_rows(changes: dict[str, list[dict[str, Any]]]) -> list[dict[str, Any]]:
    """One line per change, for a table, JSON or CSV."""
    rows: list[dict[str, Any]] = []
    for kind in ("added", "closed"):
        rows += [
            {
                "change": kind,
                "code": p["code"],
                "name": p["name"],
                "before": "",
                "after": p["phase"],
            }
            for p in changes[kind]
        ]
    for kind in ("phase", "weather", "budget", "milestone"):
        rows += [
            {
                "change": kind, "code": c["project"]["code"], "name": c["project"]["name"],
                "before": _shown(c["before"]), "after": _shown(c["after"]),
            }
            for c in changes[f"{kind}_changes"]
        ]  # fmt: skip
    return rows


def portfolio(
    establishment: Annotated[str | None, typer.Option(help="establishment code")] = None,
    kind: Annotated[str | None, typer.Option(help="build or run")] = None,
    weather: Annotated[
        str | None, typer.Option(help="projects with this weather on any dimension")
    ] = None,
    as_of: Annotated[
        str | None, typer.Option("--as-of", help=f"the portfolio as it stood then: {AS_OF_HELP}")
    ] = None,
    diff: Annotated[
        tuple[str, str] | None,
        typer.Option(help=f"FROM TO: what changed between two instants: {AS_OF_HELP}"),
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
    """Print the portfolio: one row per project (now, or --as-of a past instant), what
    changed between two instants (--diff FROM TO), or the ranking by priority score (--rank)."""
    if rank:
        if as_of is not None or diff is not None:
            fail("--rank goes with --ruleset and --at, not with --as-of or --diff")
        print_ranking(ruleset, at, fmt)
        return
    zone = load_settings().zone
    where = PortfolioFilter(
        establishment=establishment.upper() if establishment else None, kind=kind, weather=weather
    )
    if diff is not None:
        if as_of is not None:
            fail("--as-of and --diff do not go together")
        start, end = parse_instant(diff[0], zone, "--diff"), parse_instant(diff[1], zone, "--diff")
        if end < start:
            fail(f"--diff: {diff[1]} is before {diff[0]}")
        with opened() as jalon, jalon.database.reading() as cursor:
            changes = portfolio_diff(cursor, start, end, where)
        title = f"Changes from {start.isoformat()} to {end.isoformat()}"
        emit(diff_rows(changes), DIFF_COLUMNS, fmt, title=title)
        return
    instant = parse_instant(as_of, zone, "--as-of") if as_of is not None else None
    with opened() as jalon, jalon.database.reading() as cursor:
        rows, total = list_portfolio(cursor, where, limit=100_000, as_of=instant)
    when = f" as of {instant.isoformat()}" if instant else ""
    emit([flatten(r) for r in rows], COLUMNS, fmt, title=f"Portfolio{when} ({total} projects)")
