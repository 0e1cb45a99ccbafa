"""`jalon report monthly-review`: the Monthly Commitment Review on screen, as JSON, or as a
workbook (`--xlsx FILE`)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Literal

import typer

from api.cli.context import opened
from api.cli.output import Format, console, emit, fail
from api.routers.monthly_review import plain
from api.spreadsheets.monthly_review import review_workbook
from domain.calendar import Month
from domain.errors import InvalidCommand
from projections.queries.monthly_review import review


def monthly_review(
    month: Annotated[str | None, typer.Option(help="YYYY-MM (default: last month)")] = None,
    xlsx: Annotated[Path | None, typer.Option(help="write the workbook to this file")] = None,
    lang: Annotated[str, typer.Option(help="fr or en (workbook)")] = "fr",
    fmt: Annotated[Format, typer.Option("--format", help="table or json")] = Format.TABLE,
) -> None:
    """The Monthly Commitment Review: weather, budgets, milestones, decisions, escalations,
    MCO services, run/build share, and what changed since the previous month."""
    if lang not in ("fr", "en"):
        fail("--lang must be fr or en")
    language: Literal["fr", "en"] = "fr" if lang == "fr" else "en"
    with opened() as jalon:
        try:
            chosen = (
                Month.parse(month, field="--month") if month else Month.of(jalon.today()).previous()
            )
        except InvalidCommand as error:
            fail(error.message)
        with jalon.database.reading() as cursor:
            found = review(cursor, chosen, zone=jalon.settings.zone, now=jalon.now())
    if xlsx is not None:
        try:
            xlsx.write_bytes(review_workbook(found, language))
        except OSError as error:
            fail(f"cannot write {xlsx}: {error}")
        console.print(f"{xlsx}: monthly review {chosen} written")
        return
    if fmt is Format.JSON:
        print(json.dumps(plain(found), indent=2, default=str))
        return
    rows = [
        {"code": p["code"], **{d: (p["weather"] or {}).get(d, "") for d in ("quality", "cost", "deadline", "risk")},
         "trend": p["trend"], "envelope": p["envelope"], "forecast": p["forecast"], "variance %": p["variance_percent"]}
        for p in found["projects"]
    ]  # fmt: skip
    emit(rows, ["code", "quality", "cost", "deadline", "risk", "trend", "envelope", "forecast", "variance %"], fmt,
         title=f"Monthly Commitment Review {chosen}")  # fmt: skip
    console.print(f"summary: {plain(found['summary'])}")
    for change in found["changes"]:
        console.print(
            f"changed: {change['kind']} {change['subject']}: {change['before']} → {change['after']}"
        )
