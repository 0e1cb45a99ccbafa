"""`jalon audit ...`: verify the hash chain, read the audit trail, replay a gate decision."""

from __future__ import annotations

import json
import sys
import time
from dataclasses import asdict
from datetime import UTC, datetime
from typing import Annotated, Any
from uuid import UUID

import typer

from api.cli.context import opened
from api.cli.output import Format, console, emit, fail
from infrastructure.sqlvalues import timestamp_text
from projections.audit.replay import replay_decision
from projections.audit.verify import verify as verify_chain
from projections.queries.audit import TrailFilter, audit_trail, trail_actor, trail_project

app = typer.Typer(
    help="Audit: tamper evidence, the audit trail, decision replay.", no_args_is_help=True
)

PAGE = 500
TRAIL_COLUMNS = [
    "position",
    "recorded_at",
    "actor",
    "action",
    "project",
    "object",
    "changes",
    "reason",
]


def _anchor(text: str) -> tuple[int, str]:
    position, _, link = text.partition(":")
    if not position.isdigit() or len(link) != 64:
        fail(f"--anchor {text!r}: write POSITION:LINK (the link as 64 hex digits)")
    return int(position), link.lower()


@app.command("verify")
def verify(
    anchor: Annotated[
        list[str] | None,
        typer.Option(help="POSITION:LINK published earlier (GET /api/v1/audit/head); repeatable"),
    ] = None,
    workers: Annotated[
        int, typer.Option(min=1, max=64, help="processes proving stretches of a long log")
    ] = 1,
) -> None:
    """Recompute the hash chain from the stored events; exit 1 at the first altered one."""
    anchors = [_anchor(a) for a in anchor or []]
    with opened() as jalon:
        started = time.perf_counter()
        result = verify_chain(
            jalon.database, jalon.runner.log.table, anchors, location=jalon.location,
            workers=workers,
        )  # fmt: skip
        elapsed = time.perf_counter() - started
    rate = result.checked / elapsed if elapsed > 0 else 0.0
    if result.mismatch is not None:
        m = result.mismatch
        print(f"TAMPERED at position {m.position}: {m.kind.value}: {m.detail}")
        print(f"{result.checked:,} events before it verified")
        sys.exit(1)
    print(
        f"intact: {result.checked:,} events verified in {elapsed:.2f} s ({rate:,.0f} events/s); "
        f"head {result.chain_position}:{result.chain_link}"
    )
    if result.unchained:
        print(f"{result.unchained:,} newer events not chained yet (the views are catching up)")


def _when(text: str | None, option: str) -> str | None:
    if text is None:
        return None
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        fail(f"{option} {text!r}: write a date or an instant (2025-06-30 or 2025-06-30T12:00Z)")
    return timestamp_text(value if value.tzinfo else value.replace(tzinfo=UTC))


def _flat(row: dict[str, Any]) -> dict[str, Any]:
    actor = row["actor"]
    return {
        "position": row["position"],
        "recorded_at": row["recorded_at"],
        "actor": "system" if actor is None else f"#{actor['number']} {actor['name']}",
        "action": row["action_words"],
        "project": row["project_code"] or row["project_id"] or "",
        "object": f"{row['object_type']} {row['object_id']}",
        "changes": "; ".join(
            f"{c['field']}: {c['before'] if c['before'] is not None else '∅'} → {c['after']}"
            for c in row["changes"]
        ),
        "reason": row["reason"],
    }


@app.command("trail")
def trail(
    project: Annotated[str | None, typer.Option(help="project code or id")] = None,
    actor: Annotated[str | None, typer.Option(help='person id, number ("#12") or "system"')] = None,
    since: Annotated[str | None, typer.Option("--from", help="from this date or instant")] = None,
    until: Annotated[str | None, typer.Option("--to", help="before this date or instant")] = None,
    action: Annotated[
        str | None, typer.Option(help='"Project.BudgetRecorded" or "Project"')
    ] = None,
    limit: Annotated[int, typer.Option(min=0, help="rows at most (0: all)")] = 1000,
    offset: Annotated[int, typer.Option(min=0)] = 0,
    fmt: Annotated[Format, typer.Option("--format")] = Format.TABLE,
) -> None:
    """The audit trail: one row per event, changed fields before → after (CSV: --format csv)."""
    with opened() as jalon, jalon.database.reading() as cursor:
        where = TrailFilter(
            project_id=trail_project(project),
            actor=trail_actor(cursor, actor),
            since=_when(since, "--from"),
            until=_when(until, "--to"),
            action=action,
        )
        rows: list[dict[str, Any]] = []
        while True:
            size = PAGE if limit == 0 else min(PAGE, limit - len(rows))
            if size <= 0:
                break
            page, _ = audit_trail(cursor, where, limit=size, offset=offset + len(rows))
            rows += page
            if len(page) < size:
                break
    emit([_flat(r) for r in rows], TRAIL_COLUMNS, fmt, title="audit trail")
    if fmt is Format.TABLE:
        console.print(f"{len(rows)} rows")


@app.command("replay")
def replay(review: Annotated[str, typer.Argument(help="the gate review's id")]) -> None:
    """Replay a gate decision: the state it was taken in, the rule set in force, whether it
    allowed the decision; exit 1 when the replay does not match the record."""
    try:
        review_id = UUID(review)
    except ValueError:
        fail(f"REVIEW {review!r}: a gate review id (UUID)")
    with opened() as jalon, jalon.database.reading() as cursor:
        found = replay_decision(cursor, jalon.store, jalon.runner.log.table, review_id)
    print(json.dumps(asdict(found) | {"matches_record": found.matches_record}, indent=2))
    if not found.matches_record:
        sys.exit(1)
