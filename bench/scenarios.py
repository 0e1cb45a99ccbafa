"""Scenario evaluation over the demo group: every project, 36 months.

    python -m bench.scenarios [--database URL] [--runs 15] [--seed 2026]

Without `--database`, the demo group is loaded first into a temporary SQLite file (about a
minute and a half). Then, in the same run: the evaluation of scenario ARB-B (all open build
projects and the six candidates, 23 teams, 36 months: reading the views, planning maths),
its parts (team capacities; project plans), and as a baseline the portfolio query of every
project (`list_portfolio`, what the dashboard reads). Medians in ms; target: ≤ 200 ms.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

from bench.common import median, sqlite_url
from demo.loader import build_history
from domain.calendar import Month
from domain.planning import months_between
from infrastructure.bootstrap import Jalon, bootstrap
from infrastructure.settings import Settings
from projections.queries.capacity import project_plans, team_capacities
from projections.queries.portfolio import PortfolioFilter, list_portfolio
from projections.queries.scenarios import evaluate_scenario


@contextmanager
def demo_store(url: str | None, seed: int) -> Iterator[Jalon]:
    if url is not None:
        jalon = bootstrap(Settings(database_url=url))
        try:
            jalon.runner.catch_up()
            yield jalon
        finally:
            jalon.close()
        return
    with sqlite_url() as temporary:
        jalon = bootstrap(Settings(database_url=temporary))
        try:
            started = time.perf_counter()
            build_history(jalon, seed=seed, now=datetime.now(UTC))
            jalon.runner.batch_size = 5000
            jalon.runner.catch_up()
            print(f"demo loaded in {time.perf_counter() - started:.0f} s", flush=True)
            yield jalon
        finally:
            jalon.close()


def timed(jalon: Jalon, runs: int, work: Callable[..., object]) -> float:
    times = []
    for _ in range(runs):
        with jalon.database.reading() as cursor:
            started = time.perf_counter()
            work(cursor)
            times.append((time.perf_counter() - started) * 1000)
    return median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", help="a database holding the demo (default: load it)")
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    with demo_store(args.database, args.seed) as jalon:
        now = datetime.now(UTC)
        first = Month.containing(now, jalon.settings.zone)
        months = months_between(first, first.plus(35))
        every = PortfolioFilter()
        measured = {
            "portfolio query (baseline)": timed(
                jalon, args.runs, lambda c: list_portfolio(c, every, limit=500)
            ),
            "scenario evaluation": timed(
                jalon, args.runs, lambda c: evaluate_scenario(c, "ARB-B", months, now, first)
            ),
            "  team capacities": timed(
                jalon, args.runs, lambda c: team_capacities(c, months, None, first)
            ),
            "  project plans": timed(
                jalon, args.runs, lambda c: project_plans(c, months[0].plus(-3))
            ),
        }
        with jalon.database.reading() as cursor:
            found = evaluate_scenario(cursor, "ARB-B", months, now, first)
        print(
            f"{jalon.location.describe()}: {len(found.kept)} projects kept, "
            f"{len({t.team for t in found.evaluation.teams})} teams, {len(months)} months"
        )
        baseline = measured["portfolio query (baseline)"]
        for name, ms in measured.items():
            print(f"{name:30} {ms:8.1f} ms  ({ms / baseline:.2f} × baseline)")
        verdict = "met" if measured["scenario evaluation"] <= 200 else "MISSED"
        print(f"target ≤ 200 ms per evaluation: {verdict}")


if __name__ == "__main__":
    main()
