"""Audit verify: recomputing the hash chain over the whole log, against bare reads of the
same log in the same run.

    python -m bench.verify [--backend sqlite|postgres] [--events 200000] [--rounds 3]

Per backend, on a fresh store: N status-report-like events (1,000 aggregates, 1,000 events per
transaction), the chain view built by the runner; then, each round, (1) the bare
read: the same stored rows streamed from the same table (every column, global order),
(2) the library reading its notification log (`select_notifications`, 1,000 at a time, no
decoding), (3) `verify` in this process (stream the records, recompute every link, compare with the
recorded chain every 5,000 events), (4) `verify` proving two halves in two processes (process
start-up included). Medians in events/s; target for verify: >= 200,000 events/s.
"""

from __future__ import annotations

import argparse
import time
from typing import Any

from eventsourcing.domain import Aggregate, event

from bench.common import backends, median
from infrastructure.bootstrap import Jalon, bootstrap
from infrastructure.settings import Settings
from projections.audit.chain import AuditChainProjection
from projections.audit.verify import verify
from projections.runner import ProjectionRunner

WEATHER = {"quality": "green", "cost": "yellow", "deadline": "green", "risk": "orange"}


class Reported(Aggregate):
    @event("Registered")
    def __init__(self, code: str) -> None:
        self.code = code

    @event("StatusReported")
    def report(self, actor: str, month: str, weather: dict[str, str], comment: str) -> None:
        pass


def fill(jalon: Jalon, events: int, aggregates: int = 1000) -> None:
    """`aggregates` created, then one status report each per transaction until `events`."""
    items = [Reported(code=f"P-{i:04d}") for i in range(aggregates)]
    jalon.store.save(*items)
    written = aggregates
    while written < events:
        chosen = items[: events - written]
        for item in chosen:
            item.report(actor="system", month="2025-06", weather=WEATHER, comment="on track")
        jalon.store.save(*chosen)
        written += len(chosen)


def build_chain(jalon: Jalon) -> float:
    runner = ProjectionRunner(
        jalon.database, jalon.runner.log, [AuditChainProjection(jalon.runner.log.table)],
        batch_size=5000,
    )  # fmt: skip
    runner.setup()
    started = time.perf_counter()
    runner.catch_up()
    return time.perf_counter() - started


def bare_read(jalon: Jalon, head: int) -> int:
    """The stored rows, every column, in global order: what any reader of the log reads."""
    count = 0
    position = "rowid" if jalon.database.dialect == "sqlite" else "notification_id"
    sql = (
        f"SELECT {position}, originator_id, originator_version, topic, state "  # noqa: S608
        f"FROM {jalon.runner.log.table} WHERE {position} > %s AND {position} <= %s "
        f"ORDER BY {position}"
    )
    with jalon.database.streaming() as rows:
        for chunk in rows(sql, (0, head)):
            count += len(chunk)
    return count


def library_read(jalon: Jalon, head: int) -> int:
    recorder: Any = jalon.store.recorder
    count, start = 0, 0
    while True:
        batch = recorder.select_notifications(start, 1000, inclusive_of_start=False)
        if not batch:
            return count
        count += len(batch)
        start = batch[-1].id


def verify_in_processes(jalon: Jalon) -> Any:
    return verify(
        jalon.database, jalon.runner.log.table, location=jalon.location, workers=2,
        parallel_from=0,
    )  # fmt: skip


def timed(action: Any, *args: Any) -> tuple[float, Any]:
    started = time.perf_counter()
    result = action(*args)
    return time.perf_counter() - started, result


def run(backend: str, make_url: Any, events: int, rounds: int) -> dict[str, float]:
    with make_url() as url:
        jalon = bootstrap(Settings(database_url=url, projections="worker"))
        try:
            fill(jalon, events)
            head = jalon.runner.log.head_position()
            chain_seconds = build_chain(jalon)
            bare, library, checked, parallel = [], [], [], []
            for _ in range(rounds):
                seconds, count = timed(bare_read, jalon, head)
                bare.append(count / seconds)
                seconds, count = timed(library_read, jalon, head)
                library.append(count / seconds)
                seconds, result = timed(verify, jalon.database, jalon.runner.log.table)
                if not result.intact or result.checked != head:
                    raise SystemExit(f"verify failed on an intact log: {result}")
                checked.append(result.checked / seconds)
                seconds, result = timed(verify_in_processes, jalon)
                if not result.intact or result.checked != head:
                    raise SystemExit(f"verify failed on an intact log: {result}")
                parallel.append(result.checked / seconds)
        finally:
            jalon.close()
    return {
        "events": head,
        "chain view": head / chain_seconds,
        "bare": median(bare),
        "library": median(library),
        "verify": median(checked),
        "verify x2": median(parallel),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[1])
    parser.add_argument("--backend", choices=["sqlite", "postgres"])
    parser.add_argument("--events", type=int, default=200_000)
    parser.add_argument("--rounds", type=int, default=3)
    arguments = parser.parse_args()
    print(
        "| backend | events | chain view built (events/s) | bare read | library read "
        "| verify | verify / bare | verify, 2 processes | its ratio to bare |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for backend, make_url in backends(arguments.backend):
        r = run(backend, make_url, arguments.events, arguments.rounds)
        print(
            f"| {backend} | {r['events']:,.0f} | {r['chain view']:,.0f} | {r['bare']:,.0f} "
            f"| {r['library']:,.0f} | {r['verify']:,.0f} | {r['verify'] / r['bare']:.2f} "
            f"| {r['verify x2']:,.0f} | {r['verify x2'] / r['bare']:.2f} |",
            flush=True,
        )


if __name__ == "__main__":
    main()
