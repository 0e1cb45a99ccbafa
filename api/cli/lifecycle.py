"""`jalon lifecycle diagram`: the life-cycle machines as mermaid text."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any

import typer

from lifecycle.gate_review import GATE_REVIEW_LIFE_CYCLE
from lifecycle.machine import LifeCycle
from lifecycle.project_phases import PROJECT_LIFE_CYCLE

app = typer.Typer(help="The life-cycle state machines.", no_args_is_help=True)


class MachineName(StrEnum):
    PROJECT = "project"
    GATE_REVIEW = "gate-review"


MACHINES: dict[MachineName, LifeCycle[Any, Any]] = {
    MachineName.PROJECT: PROJECT_LIFE_CYCLE,
    MachineName.GATE_REVIEW: GATE_REVIEW_LIFE_CYCLE,
}


@app.command("diagram")
def diagram(
    machine: Annotated[
        list[MachineName] | None, typer.Option(help="which machine (default: all)")
    ] = None,
) -> None:
    """Print each machine as a mermaid state diagram (paste it in a ```mermaid block)."""
    for name in machine or list(MachineName):
        print(MACHINES[name].mermaid())
        print()
