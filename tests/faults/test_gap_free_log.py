"""Gap-free log: writers commit concurrently while two readers tail the notification log
(one through the library's recorder, one through the projections' own reader). A reader only
asks for positions after the last it saw, so a position skipped then filled later would be
missing from what it saw: each must have seen exactly the final log, in order.

On PostgreSQL this is the classic problem of concurrent inserts (a later sequence number
committed before an earlier one); the library's recorder takes `LOCK TABLE ... IN EXCLUSIVE
MODE` when it inserts, so positions are given in commit order."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from bench.portfolio_data import past_month
from infrastructure.bootstrap import Jalon
from tests.faults.conftest import size
from tests.integration.helpers import GREEN, register
from tests.support import Group

WRITERS = size(4, 10)
EVENTS = size(40, 1000)


def _tail(next_after: Callable[[int], list[int]], done: threading.Event, seen: list[int]) -> None:
    last = 0
    while True:
        finished = done.is_set()  # read before the last query: nothing is written after it
        positions = next_after(last)
        seen.extend(positions)
        if positions:
            last = positions[-1]
        elif finished:
            return
        else:
            time.sleep(0.001)


def test_readers_tailing_the_log_never_skip_a_position(jalon: Jalon, group: Group) -> None:
    projects = [register(jalon, group, code=f"GAP-{n}").id for n in range(WRITERS)]
    month = past_month(0, jalon.today())
    recorder = jalon.store.recorder
    log = jalon.runner.log

    def through_recorder(after: int) -> list[int]:
        notifications = recorder.select_notifications(
            start=after, limit=50, inclusive_of_start=False
        )
        return [n.id for n in notifications]

    def through_projection_log(after: int) -> list[int]:
        with jalon.database.reading() as cursor:
            return [e.position for e in log.read(cursor, after, 50)]

    done = threading.Event()
    seen: list[list[int]] = [[], []]
    readers = [
        threading.Thread(target=_tail, args=(read, done, into))
        for read, into in zip([through_recorder, through_projection_log], seen, strict=True)
    ]

    def writer(n: int) -> None:
        for i in range(EVENTS):
            jalon.projects.report_status(
                group.manager, projects[n], month=month, weather=GREEN, comment=f"{n}/{i}"
            )

    writers = [threading.Thread(target=writer, args=(n,)) for n in range(WRITERS)]
    for thread in readers + writers:
        thread.start()
    for thread in writers:
        thread.join()
    done.set()
    for thread in readers:
        thread.join()

    everything = [n.id for n in recorder.select_notifications(start=0, limit=10**9)]
    assert len(everything) >= WRITERS * EVENTS
    for positions in seen:
        assert positions == everything
