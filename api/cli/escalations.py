"""`jalon escalations ...`: the escalation board, hand-opened escalations and their steps,
and the automatic policy; `jalon rules what-if FILE`: the history under another rule set.
The CLI acts as the system principal (administrator rights)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Annotated
from uuid import UUID

import typer

from api.cli.context import opened, person_by_login
from api.cli.output import Format, console, emit, fail
from domain.calendar import Month
from domain.errors import InvalidCommand
from domain.principal import SYSTEM
from domain.project import project_id_for
from domain.services.escalations import ActionInput
from domain.services.what_if import what_if
from domain.values import parse_code
from projections.history import governance_history
from projections.queries.escalations import board, list_escalations

app = typer.Typer(
    help="Escalations (project assistance) and the automatic policy.", no_args_is_help=True
)

Reason = Annotated[str, typer.Option(help="why (recorded in the event)")]
Id = Annotated[str, typer.Argument(help="the escalation's id")]
COLUMNS = ["opened_at", "id", "project", "state", "origin", "rule", "reason"]


def _uuid(value: str, what: str) -> UUID:
    try:
        return UUID(value)
    except ValueError:
        fail(f"{what} {value!r} is not an id (a UUID)")


@app.command("list")
def list_(
    state: Annotated[
        str | None,
        typer.Option(
            help="opened, acknowledged, action_plan_agreed, monitoring, closed, cancelled"
        ),
    ] = None,
    origin: Annotated[str | None, typer.Option(help="manual or automatic")] = None,
    limit: Annotated[int, typer.Option(min=1, max=500)] = 100,
    fmt: Annotated[Format, typer.Option("--format")] = Format.TABLE,
) -> None:
    """Escalations, newest first."""
    with opened() as jalon, jalon.database.reading() as cursor:
        rows = list_escalations(cursor, state=state, origin=origin, limit=limit)
    flat = [{**r, "project": r["project"]["code"]} for r in rows]
    emit(
        flat, [*COLUMNS, "threshold", "rule_set_hash"] if fmt is not Format.TABLE else COLUMNS, fmt
    )


@app.command("board")
def board_(fmt: Annotated[Format, typer.Option("--format")] = Format.TABLE) -> None:
    """How many escalations stand in each state."""
    with opened() as jalon, jalon.database.reading() as cursor:
        counts = board(cursor)["counts"]
    emit([{"state": s, "escalations": n} for s, n in counts.items()], ["state", "escalations"], fmt)


@app.command("open")
def open_(project: Annotated[str, typer.Argument(help="project code")], reason: Reason) -> None:
    """Open an escalation by hand on a project."""
    with opened() as jalon:
        try:
            project_id = project_id_for(parse_code(project))
            result = jalon.escalations.open(SYSTEM, project_id=project_id, reason=reason)
        except InvalidCommand as error:
            fail(f"{error.message} ({project})")
        jalon.wait_for(result.position)
    console.print(f"escalation {result.id} opened")


def _step(name: str) -> None:
    def step(escalation: Id, reason: Reason) -> None:
        with opened() as jalon:
            command = getattr(jalon.escalations, name)
            result = command(SYSTEM, _uuid(escalation, "escalation"), reason=reason)
            jalon.wait_for(result.position)
        console.print(
            f"escalation {escalation}: {name.replace('_', ' ')} (version {result.version})"
        )

    step.__doc__ = f"{name.replace('_', ' ').capitalize()}."
    app.command(name.replace("_", "-"))(step)


for _name in ("acknowledge", "start_monitoring", "close", "cancel"):
    _step(_name)


@app.command("assign")
def assign(
    escalation: Id,
    assistant: Annotated[str, typer.Option(help="login of the assistant")],
    reason: Reason,
) -> None:
    """Assign the assistant (a person, by login)."""
    with opened() as jalon:
        result = jalon.escalations.assign_assistant(
            SYSTEM,
            _uuid(escalation, "escalation"),
            assistant_id=person_by_login(jalon, assistant),
            reason=reason,
        )
        jalon.wait_for(result.position)
    console.print(f"escalation {escalation}: assistant assigned")


@app.command("plan")
def plan(
    escalation: Id,
    action: Annotated[list[str], typer.Option(help="DESCRIPTION|OWNER_LOGIN|YYYY-MM-DD (repeat)")],
    reason: Reason,
) -> None:
    """Agree the action plan: each action with its owner and due date."""
    with opened() as jalon:
        actions = []
        for text in action:
            parts = text.split("|")
            if len(parts) != 3:
                fail(f"--action {text!r}: write DESCRIPTION|OWNER_LOGIN|YYYY-MM-DD")
            try:
                due = date.fromisoformat(parts[2])
            except ValueError:
                fail(f"--action {text!r}: the due date is written YYYY-MM-DD")
            actions.append(ActionInput(parts[0], person_by_login(jalon, parts[1]), due))
        result = jalon.escalations.agree_action_plan(
            SYSTEM, _uuid(escalation, "escalation"), actions=actions, reason=reason
        )
        jalon.wait_for(result.position)
    console.print(f"escalation {escalation}: action plan agreed ({len(actions)} actions)")


@app.command("policy")
def policy(
    until: Annotated[
        str | None, typer.Option(help="last month to close, YYYY-MM (default: last month)")
    ] = None,
) -> None:
    """Run the automatic policy: raise the escalations the rules call for at each closed
    month's close, that are not recorded yet (run it from cron; running it twice raises nothing new)."""
    with opened() as jalon:
        try:
            last = Month.parse(until, field="--until") if until else None
        except InvalidCommand as error:
            fail(error.message)
        run = jalon.escalation_policy.run(jalon.now(), until=last)
        if run.position:
            jalon.wait_for(run.position)
    months = f"{run.evaluated[0]} to {run.evaluated[1]}" if run.evaluated else "no month"
    console.print(
        f"months closed: {months}; escalations due: {run.found}; newly raised: {len(run.raised)}"
    )


def what_if_command(
    path: Annotated[Path, typer.Argument(help="the alternative rule set (YAML)")],
    from_: Annotated[str, typer.Option("--from", help="first month, YYYY-MM")],
    to: Annotated[str, typer.Option(help="last month, YYYY-MM")],
    fmt: Annotated[Format, typer.Option("--format")] = Format.TABLE,
) -> None:
    """Replay the recorded history under another rule set (in memory, writing nothing): the
    escalations it would have raised, and the difference with those recorded."""
    try:
        source = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        fail(f"cannot read {path}: {error}")
    with opened() as jalon:
        try:
            report = what_if(
                SYSTEM, governance_history(jalon.runner.log), source=source, first=from_, last=to,
                zone=jalon.settings.zone,
            )  # fmt: skip
        except InvalidCommand as error:
            fail(error.message)
    if fmt is Format.JSON:
        print(json.dumps(report, indent=2, default=str))
        return
    columns = ["month", "project_code", "rule", "threshold"]
    emit(
        report["only_under_alternative"], columns, fmt, title="Only under the alternative rule set"
    )
    emit(
        report["only_recorded"],
        ["month", "project_code", "rule"],
        fmt,
        title="Recorded, not under the alternative",
    )
    console.print(
        f"{report['rule_set']['label']} ({report['rule_set']['content_hash'][:12]}): {report['summary']}"
    )
