"""`jalon template xlsx`, `jalon import xlsx FILE` and `jalon export ...`: spreadsheets."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from api.cli.context import opened
from api.cli.output import fail
from api.spreadsheets.exports import decisions_workbook, portfolio_workbook
from api.spreadsheets.template import template_workbook
from api.web.i18n import LANGUAGES
from domain.principal import SYSTEM
from domain.services.imports import ImportReport
from infrastructure.spreadsheet import MAX_FILE_BYTES, SpreadsheetRejected, read_xlsx
from projections.queries.exports import import_rows
from projections.queries.governance import RegisterFilter, decision_register
from projections.queries.portfolio import PortfolioFilter, find_project, list_portfolio

template_app = typer.Typer(help="Templates to fill in.", no_args_is_help=True)
import_app = typer.Typer(help="Import the PMO's spreadsheets.", no_args_is_help=True)
export_app = typer.Typer(help="Export views as spreadsheets.", no_args_is_help=True)
Language = Annotated[str, typer.Option("--lang", help="fr or en")]
Output = Annotated[Path, typer.Option("--output", "-o", help="file to write")]


def _language(value: str) -> str:
    if value not in LANGUAGES:
        fail(f"--lang must be one of {', '.join(LANGUAGES)}")
    return value


@template_app.command("xlsx")
def template(output: Output = Path("jalon-import.xlsx"), lang: Language = "fr") -> None:
    """Write the documented import template (projects, budgets, milestones, weather, time
    entries)."""
    output.write_bytes(template_workbook(_language(lang)))
    print(f"wrote {output}")


def print_report(report: ImportReport, source: str) -> None:
    for sheet in report.ignored_sheets:
        print(f"{source}: sheet {sheet!r} ignored (not an import sheet)", file=sys.stderr)
    if not report.accepted:
        for p in report.problems:
            column = f" column {p.column}" if p.column else ""
            print(f"{source}: {p.sheet} row {p.row}{column}: {p.reason}", file=sys.stderr)
        fail(f"{len(report.problems)} problem(s) in {source}: nothing was imported")
    for w in report.warnings:
        print(f"{source}: warning: {w.sheet} row {w.row}: {w.reason}", file=sys.stderr)
    if not report.recorded:
        print(f"{source}: nothing new: the workbook matches what Jalon holds")
    for what, count in sorted(report.recorded.items()):
        print(f"{what}: {count}")


@import_app.command("xlsx")
def import_xlsx(
    file: Annotated[Path, typer.Argument(help="an .xlsx workbook made from the template")],
) -> None:
    """Import a workbook, all or nothing; prints every problem (exit 2) or what was recorded."""
    if not file.is_file():
        fail(f"no file {file}")
    if file.stat().st_size > MAX_FILE_BYTES:
        fail(f"{file} is larger than {MAX_FILE_BYTES // 2**20} MB")
    try:
        sheets = read_xlsx(file.read_bytes())
    except SpreadsheetRejected as error:
        fail(f"{file.name}: {error.message}")
    with opened() as jalon:
        report = jalon.imports.run(SYSTEM, sheets, source=file.name)
        if report.position:
            jalon.wait_for(report.position)
    print_report(report, file.name)


@export_app.command("portfolio")
def export_portfolio(
    output: Output = Path("jalon-portfolio.xlsx"),
    establishment: Annotated[str | None, typer.Option(help="establishment code")] = None,
    lang: Language = "fr",
) -> None:
    """The portfolio view, and its projects in the import format."""
    where = PortfolioFilter(establishment=establishment.upper() if establishment else None)
    with opened() as jalon, jalon.database.reading() as cursor:
        rows, _ = list_portfolio(cursor, where, limit=100_000)
        sheets = import_rows(cursor, [r["id"] for r in rows])
        zone = jalon.settings.zone
    output.write_bytes(portfolio_workbook(rows, sheets, _language(lang), zone))
    print(f"wrote {output} ({len(rows)} projects)")


@export_app.command("decisions")
def export_decisions(
    project: Annotated[str, typer.Option(help="project code")],
    output: Output = Path("jalon-decisions.xlsx"),
    lang: Language = "fr",
) -> None:
    """A project's gate decisions."""
    with opened() as jalon, jalon.database.reading() as cursor:
        found = find_project(cursor, project)
        if found is None:
            fail(f"no project {project}")
        decisions, _ = decision_register(
            cursor, RegisterFilter(project_id=found["id"]), limit=100_000
        )
        zone = jalon.settings.zone
    output.write_bytes(decisions_workbook(decisions, _language(lang), zone))
    print(f"wrote {output} ({len(decisions)} decisions)")
