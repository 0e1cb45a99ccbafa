"""`jalon projections ...`: the read models."""

from __future__ import annotations

import time
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from api.cli.context import load_settings, opened
from api.cli.output import Format, console, emit, fail
from infrastructure.bootstrap import Jalon

app = typer.Typer(help="Read models (views) kept from the event log.", no_args_is_help=True)


@app.command("status")
def status(fmt: Annotated[Format, typer.Option("--format")] = Format.TABLE) -> None:
    """Each view's version, position and lag behind the log."""
    with opened() as jalon:
        rows = [
            {
                "view": s.name,
                "version": s.version,
                "position": s.position,
                "head": s.head,
                "lag": s.lag,
            }
            for s in jalon.runner.status()
        ]
    emit(rows, ["view", "version", "position", "head", "lag"], fmt)


def _replay_with_progress(jalon: Jalon, names: list[str] | None) -> None:
    started = time.perf_counter()
    head = jalon.runner.log.head_position()
    with Progress(
        TextColumn("rebuilding"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.fields[rate]}"),
        TimeElapsedColumn(), console=console,
    ) as progress:  # fmt: skip
        task = progress.add_task("rebuild", total=head or 1, rate="")

        def advance(position: int, _head: int) -> None:
            rate = position / max(time.perf_counter() - started, 1e-9)
            progress.update(task, completed=position, rate=f"{rate:,.0f} events/s")

        jalon.runner.rebuild(names, progress=advance)
    elapsed = time.perf_counter() - started
    console.print(
        f"rebuilt {', '.join(names or ['all views'])}: {head:,} events in {elapsed:.1f} s"
    )


@app.command("rebuild")
def rebuild(
    names: Annotated[
        list[str] | None, typer.Argument(help="views to rebuild (default all)")
    ] = None,
) -> None:
    """Drop views and replay the whole log into them."""
    with opened() as jalon:
        known = {p.name for p in jalon.runner.projections}
        unknown = set(names or ()) - known
        if unknown:
            fail(f"no view named {', '.join(sorted(unknown))} (views: {', '.join(sorted(known))})")
        _replay_with_progress(jalon, names or None)


@app.command("run")
def run(interval: Annotated[float, typer.Option(help="seconds between polls")] = 0.2) -> None:
    """Keep the views up to date, as a separate worker process (JALON_PROJECTIONS=worker)."""
    load_settings()
    with opened() as jalon:
        console.print(f"projection worker on {jalon.location.describe()}; Ctrl-C to stop")
        try:
            while True:
                jalon.runner.catch_up()
                time.sleep(interval)
        except KeyboardInterrupt:
            console.print("stopped")
