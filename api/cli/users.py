"""`jalon users ...`: people and their roles."""

from __future__ import annotations

from typing import Annotated

import typer

from api.cli.context import opened, person_by_login
from api.cli.output import Format, console, emit
from domain.principal import SYSTEM
from domain.services.people import validated_details
from domain.values import Role
from projections.queries.people import list_people

app = typer.Typer(help="People, roles and access.", no_args_is_help=True)


@app.command("add")
def add(
    login: str,
    name: Annotated[str, typer.Option(help="display name")],
    email: Annotated[str, typer.Option()],
    establishment: Annotated[str, typer.Option(help="establishment code, or GHT for group-wide")],
    role: Annotated[list[Role], typer.Option(help="a role to grant (repeatable)")] = [],  # noqa: B006
    reason: Annotated[str, typer.Option()] = "account created",
) -> None:
    """Register a person (and grant roles)."""
    with opened() as jalon:
        result = jalon.people.register(
            SYSTEM,
            details=validated_details(login, name, email),
            establishment=establishment,
            roles=list(role),
            reason=reason,
        )
        jalon.wait_for(result.position)
        console.print(f"registered {login} as person {result.id}")


@app.command("list")
def list_(
    role: Annotated[Role | None, typer.Option(help="only people holding this role")] = None,
    fmt: Annotated[Format, typer.Option("--format")] = Format.TABLE,
) -> None:
    """List people with their roles."""
    with opened() as jalon, jalon.database.reading() as cursor:
        rows, _ = list_people(cursor, role=role.value if role else None, limit=100_000)
    for row in rows:
        row["roles"] = ",".join(row["roles"])
    emit(rows, ["number", "login", "name", "establishment", "roles", "enabled", "id"], fmt)


@app.command("grant")
def grant(login: str, role: Role, reason: Annotated[str, typer.Option()]) -> None:
    """Grant a role."""
    with opened() as jalon:
        result = jalon.people.grant(SYSTEM, person_by_login(jalon, login), role=role, reason=reason)
        jalon.wait_for(result.position)
        console.print(f"{login} now holds {role.value}")


@app.command("revoke")
def revoke(login: str, role: Role, reason: Annotated[str, typer.Option()]) -> None:
    """Revoke a role."""
    with opened() as jalon:
        result = jalon.people.revoke(
            SYSTEM, person_by_login(jalon, login), role=role, reason=reason
        )
        jalon.wait_for(result.position)
        console.print(f"{login} no longer holds {role.value}")


@app.command("disable")
def disable(login: str, reason: Annotated[str, typer.Option()]) -> None:
    """Disable a person: their tokens stop working at once."""
    with opened() as jalon:
        result = jalon.people.disable(SYSTEM, person_by_login(jalon, login), reason=reason)
        jalon.wait_for(result.position)
        console.print(f"{login} is disabled")


@app.command("enable")
def enable(login: str, reason: Annotated[str, typer.Option()]) -> None:
    """Enable a disabled person."""
    with opened() as jalon:
        result = jalon.people.enable(SYSTEM, person_by_login(jalon, login), reason=reason)
        jalon.wait_for(result.position)
        console.print(f"{login} is enabled")


@app.command("password")
def password(
    login: str,
    new_password: Annotated[
        str,
        typer.Option(
            "--password",
            prompt=True,
            hide_input=True,
            confirmation_prompt=True,
            help="asked for when not given (never echoed)",
        ),
    ],
) -> None:
    """Set a person's password (they sign in with POST /api/v1/auth/login)."""
    with opened() as jalon:
        result = jalon.people.set_password(
            SYSTEM, person_by_login(jalon, login), password=new_password
        )
        jalon.wait_for(result.position)
        console.print(f"{login}'s password is set")
