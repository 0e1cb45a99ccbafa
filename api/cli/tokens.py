"""`jalon tokens ...`: API tokens."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

import typer

from api.cli.context import load_settings, opened, person_by_login
from api.cli.output import console
from domain.principal import SYSTEM

app = typer.Typer(help="API tokens (bearer).", no_args_is_help=True)


@app.command("create")
def create(
    login: str,
    days: Annotated[
        int | None, typer.Option(help="validity in days (default JALON_TOKEN_VALID_DAYS)")
    ] = None,
) -> None:
    """Issue a token for a person; it is printed once and only its hash is kept."""
    valid_days = days or load_settings().token_valid_days
    with opened() as jalon:
        result, token, expires_at = jalon.people.issue_token(
            SYSTEM, person_by_login(jalon, login), valid_days=valid_days
        )
        jalon.wait_for(result.position)
    console.print(
        f"token {token.token_id} for {login}, valid until {expires_at:%Y-%m-%d %H:%M} UTC:"
    )
    print(token.bearer)


@app.command("revoke")
def revoke(login: str, token_id: UUID, reason: Annotated[str, typer.Option()]) -> None:
    """Revoke a token: it stops working at once."""
    with opened() as jalon:
        result = jalon.people.revoke_token(
            SYSTEM, person_by_login(jalon, login), token_id=token_id, reason=reason
        )
        jalon.wait_for(result.position)
    console.print(f"token {token_id} revoked")
