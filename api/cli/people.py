"""`jalon people ...`: personal data (GDPR): erasure, subject access, retention."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated
from uuid import UUID

import typer

from api.cli.context import opened
from api.cli.output import console, fail
from domain.principal import SYSTEM
from domain.retention import retention_cutoff
from infrastructure.bootstrap import Jalon
from projections.queries.subject_access import subject_access

app = typer.Typer(help="Personal data: erasure, subject access, retention.", no_args_is_help=True)
retention = typer.Typer(help="Retention of time-sheet detail.", no_args_is_help=True)
app.add_typer(retention, name="retention")

PERSON_HELP = "a login, a person id (UUID) or a person number (#N or N)"


def resolve_person(jalon: Jalon, person: str) -> UUID:
    """A person by login, id or number (an erased person has no login left)."""
    text = person.strip()
    try:
        return UUID(text)
    except ValueError:
        pass
    if text.removeprefix("#").isdigit():
        with jalon.database.reading() as cursor:
            found = cursor.scalar(
                "SELECT person_id FROM people WHERE number=%s", (int(text.removeprefix("#")),)
            )
        if found is None:
            fail(f"no person number {text.removeprefix('#')}")
        return UUID(found)
    person_id = jalon.directory.find_by_login(text)
    if person_id is None:
        fail(f"no person with login {text!r}")
    return person_id


@app.command("erase")
def erase(
    person: Annotated[str, typer.Argument(help=PERSON_HELP)],
    reason: Annotated[str, typer.Option(help="why (do not name the person here)")],
) -> None:
    """Erase a person's name, login, e-mail, credentials and sessions (GDPR). The history
    keeps them as "erased person #N"; the erasure is an event naming no personal data."""
    with opened() as jalon:
        person_id = resolve_person(jalon, person)
        result = jalon.privacy.erase(SYSTEM, person_id, reason=reason)
        jalon.wait_for(result.position)
        number = jalon.privacy.number(person_id)
        console.print(f"person #{number} ({person_id}) is erased")


@app.command("export")
def export(
    person: Annotated[str, typer.Argument(help=PERSON_HELP)],
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="file to write (default: stdout)")
    ] = None,
) -> None:
    """Write everything held about a person as JSON (GDPR subject access)."""
    with opened() as jalon:
        jalon.privacy.authorize_export(SYSTEM)
        person_id = resolve_person(jalon, person)
        jalon.runner.catch_up()
        with jalon.database.reading() as cursor:
            document = subject_access(cursor, jalon.runner.log, str(person_id))
    text = json.dumps(document, indent=2, ensure_ascii=False, default=str)
    if output is None:
        sys.stdout.write(text + "\n")
    else:
        output.write_text(text + "\n", encoding="utf-8")
        console.print(f"wrote {output}")


@retention.command("apply")
def apply_retention(
    months: Annotated[
        int | None,
        typer.Option(help="retention period (default JALON_TIMESHEET_RETENTION_MONTHS)"),
    ] = None,
) -> None:
    """Erase the detail of validated time sheets of weeks past the retention period (whose
    sheet, which lines); the time-share totals stay. Recorded as an event."""
    with opened() as jalon:
        period = months or jalon.settings.timesheet_retention_months
        if period is None:
            fail("give --months or set JALON_TIMESHEET_RETENTION_MONTHS")
        result = jalon.retention.apply(SYSTEM, months=period, today=jalon.today())
        jalon.wait_for(result.position)
        before = retention_cutoff(jalon.today(), period)
    console.print(f"time-sheet detail of validated weeks before {before} is erased")
