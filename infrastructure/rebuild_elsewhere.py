"""A share of a rebuild in a process of its own, so that a rebuild on PostgreSQL uses both
cores: the self-contained views (projections/base.py) are caught up there while the runner
catches up the others. Each process locks only its own views' tracking rows, and writes
their rows and positions in its own transactions, so exactly-once holds as for any runner.

The process is a new interpreter (`python -m infrastructure.rebuild_elsewhere`), not a fork
of this one, which holds connections and threads; it reads its settings, secrets included,
from a pipe, never from its command line. If it fails, the parent's rebuild raises once its
own share is done; the views it left behind catch up like any lagging view."""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from collections.abc import Callable, Sequence
from typing import Any

from pydantic import SecretStr

from infrastructure.database import open_database
from infrastructure.eventstore import events_table, open_event_store
from infrastructure.location import parse_database_url
from infrastructure.settings import Settings
from projections.events import EventDecoder
from projections.log import EventLog
from projections.registry import all_projections
from projections.runner import ProjectionRunner, RebuildElsewhere


class RebuildShareFailed(RuntimeError):
    """The other process of a rebuild did not finish its share."""


def in_another_process(settings: Settings) -> RebuildElsewhere:
    def start(names: Sequence[str], batch: int) -> Callable[[], None]:
        order = {"settings": _plain(settings), "names": list(names), "batch": batch}
        errors = tempfile.TemporaryFile("w+")  # noqa: SIM115 - wait() closes it; a pipe could fill unread
        process = subprocess.Popen(
            [sys.executable, "-m", "infrastructure.rebuild_elsewhere"],
            stdin=subprocess.PIPE,
            stderr=errors,
            text=True,
        )
        assert process.stdin is not None
        process.stdin.write(json.dumps(order))
        process.stdin.close()

        def wait() -> None:
            with errors:
                if process.wait() != 0:
                    errors.seek(0)
                    raise RebuildShareFailed(
                        f"rebuilding {', '.join(names)} failed in process {process.pid} "
                        f"(exit code {process.returncode}): {errors.read().strip()[-500:]}"
                    )

        return wait

    return start


def _plain(settings: Settings) -> dict[str, Any]:
    values = settings.model_dump(mode="json")  # secrets come out masked: take them as they are
    secrets = {k: v.get_secret_value() for k, v in settings if isinstance(v, SecretStr)}
    return values | secrets


def catch_up_share(settings: Settings, names: list[str], batch: int) -> None:
    """In the other process: catch the named views up to the head of the log."""
    location = parse_database_url(settings.database_url)
    database = open_database(location, 2, settings.database_wait)
    store = open_event_store(location, settings)
    try:
        log = EventLog(database, EventDecoder(store.mapper), events_table(store))
        views = [p for p in all_projections(log.table) if p.name in names]
        ProjectionRunner(database, log, views).fill(batch)
    finally:
        store.close()
        database.close()


if __name__ == "__main__":
    order = json.loads(sys.stdin.read())
    catch_up_share(Settings(**order["settings"]), order["names"], order["batch"])
