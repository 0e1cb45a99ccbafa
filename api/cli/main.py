"""The `jalon` command."""

from __future__ import annotations

import sys
from typing import Annotated

import typer
import uvicorn

from api.cli import (
    audit,
    cipher,
    escalations,
    lifecycle,
    monthly_review,
    people,
    portfolio,
    projections,
    reference,
    report,
    rules,
    spreadsheets,
    tokens,
    users,
)
from api.cli.context import load_settings
from api.cli.output import fail
from domain.errors import DomainError
from domain.reference import Category
from infrastructure.database import DatabaseUnavailable
from infrastructure.errors import ConfigurationError

app = typer.Typer(
    help="Jalon: the hospital group's IT project portfolio, as an event-sourced history.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
app.add_typer(users.app, name="users")
app.add_typer(tokens.app, name="tokens")
app.add_typer(projections.app, name="projections")
app.add_typer(rules.app, name="rules")
app.add_typer(lifecycle.app, name="lifecycle")
app.add_typer(report.app, name="report")
app.add_typer(reference.reference_app(Category.ESTABLISHMENT), name="establishments")
app.add_typer(reference.reference_app(Category.FUNCTIONAL_AREA), name="areas")
app.add_typer(spreadsheets.template_app, name="template")
app.add_typer(spreadsheets.import_app, name="import")
app.add_typer(spreadsheets.export_app, name="export")
app.command("portfolio")(portfolio.portfolio)
app.add_typer(people.app, name="people")  # issue 11
app.add_typer(cipher.app, name="cipher")  # issue 11
app.add_typer(audit.app, name="audit")  # issue 4
app.add_typer(escalations.app, name="escalations")  # issue 6
rules.app.command("what-if")(escalations.what_if_command)  # issue 6
report.app.command("monthly-review")(monthly_review.monthly_review)  # issue 6


@app.command("serve")
def serve(
    host: Annotated[str, typer.Option()] = "127.0.0.1",
    port: Annotated[int, typer.Option()] = 8000,
    workers: Annotated[int, typer.Option(help="API processes")] = 1,
) -> None:
    """Serve the API and web pages."""
    settings = load_settings()
    if workers > 1 and settings.database_url.startswith("sqlite"):
        fail("several workers need PostgreSQL (JALON_DATABASE_URL=postgresql://...)")
    # Jalon writes its own JSON access log (api/middleware/context.py).
    uvicorn.run(
        "api.asgi:create", factory=True, host=host, port=port, workers=workers, access_log=False
    )


@app.command("demo")
def demo(
    serve_after: Annotated[
        bool, typer.Option("--serve/--no-serve", help="serve once loaded")
    ] = True,
    seed: Annotated[int, typer.Option(help="random seed of the generated group")] = 2026,
    host: Annotated[str, typer.Option()] = "127.0.0.1",
    port: Annotated[int, typer.Option()] = 8000,
) -> None:
    """Load a realistic demo group (deterministic from the seed), print tokens, then serve."""
    from demo.loader import load_demo

    load_demo(load_settings(), seed=seed)
    if serve_after:
        serve(host=host, port=port, workers=1)


def run() -> None:
    try:
        app()
    except (DomainError, ConfigurationError, DatabaseUnavailable) as error:
        fail(str(error))
    except KeyboardInterrupt:
        sys.exit(130)
