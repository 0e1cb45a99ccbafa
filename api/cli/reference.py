"""`jalon establishments ...` and `jalon areas ...`: reference data."""

from __future__ import annotations

from typing import Annotated

import typer

from api.cli.context import opened
from api.cli.output import Format, console, emit
from domain.principal import SYSTEM
from domain.reference import Category
from projections.queries.people import list_reference


def reference_app(category: Category) -> typer.Typer:
    words = category.value.replace("_", " ")
    app = typer.Typer(help=f"{words.capitalize()}s (reference data).", no_args_is_help=True)

    @app.command("add")
    def add(code: str, name: str) -> None:
        """Define a new entry."""
        with opened() as jalon:
            result = jalon.reference.define(SYSTEM, category=category, code=code, name=name)
            jalon.wait_for(result.position)
        console.print(f"{words} {code.upper()} defined")

    @app.command("rename")
    def rename(code: str, name: str, reason: Annotated[str, typer.Option()]) -> None:
        """Rename an entry."""
        with opened() as jalon:
            result = jalon.reference.rename(
                SYSTEM, category=category, code=code, name=name, reason=reason
            )
            jalon.wait_for(result.position)
        console.print(f"{words} {code.upper()} renamed")

    @app.command("list")
    def list_(fmt: Annotated[Format, typer.Option("--format")] = Format.TABLE) -> None:
        """List the entries."""
        with opened() as jalon, jalon.database.reading() as cursor:
            rows = list_reference(cursor, category.value)
        emit(rows, ["code", "name", "active"], fmt)

    return app
