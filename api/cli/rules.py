"""`jalon rules ...`: rule sets (validate a file, adopt it, list the adoptions)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from api.cli.context import opened
from api.cli.output import Format, console, emit, fail
from domain.principal import SYSTEM
from governance_rules.loading import LoadedRuleSet, RuleSetInvalid, load_file
from projections.queries.rulesets import list_adoptions

app = typer.Typer(
    help="Rule sets: which body decides which gate, quorum, thresholds.", no_args_is_help=True
)

FileArgument = Annotated[Path, typer.Argument(help="a rule-set file (YAML)")]


def _checked(path: Path) -> LoadedRuleSet:
    try:
        return load_file(path)
    except RuleSetInvalid as invalid:
        for problem in invalid.problems:
            print(problem, file=sys.stderr)
        fail(f"{path} is not a valid rule set ({len(invalid.problems)} problem(s) above)")


@app.command("validate")
def validate(path: FileArgument) -> None:
    """Check a rule-set file; each problem is printed as FILE:LINE: FIELD: MESSAGE."""
    loaded = _checked(path)
    console.print(f"{path}: {loaded.rules.label} is valid, sha256 {loaded.content_hash}")


@app.command("adopt")
def adopt(path: FileArgument, reason: Annotated[str, typer.Option()]) -> None:
    """Adopt a rule set: it is in force from now on; past decisions keep theirs."""
    loaded = _checked(path)
    with opened() as jalon:
        result = jalon.rulesets.adopt(SYSTEM, source=loaded.source, reason=reason, file=str(path))
        jalon.wait_for(result.position)
    console.print(f"{loaded.rules.label} adopted, sha256 {loaded.content_hash}")


@app.command("list")
def list_(fmt: Annotated[Format, typer.Option("--format")] = Format.TABLE) -> None:
    """Every adoption, oldest first."""
    with opened() as jalon, jalon.database.reading() as cursor:
        rows = list_adoptions(cursor)
    emit(rows, ["adopted_at", "name", "version", "content_hash", "adopted_by", "reason"], fmt)
