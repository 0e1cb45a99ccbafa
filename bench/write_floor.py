"""The storage floor of a rebuild: how long the database alone takes to write the rows the
views hold, with no Python per row: each view table is copied, `INSERT INTO ... SELECT`,
into an empty twin with the same columns, keys and indexes. A rebuild cannot write its rows
faster than this, so `events / floor seconds` bounds its rate, and that bound over the bare
library's decode rate bounds the ratio the rebuild benchmark asks for.

    python -m bench.write_floor DATABASE_URL     (a database whose views are rebuilt)

`bench.rebuild` runs it after each rebuild."""

from __future__ import annotations

import re
import sys
import time
from collections.abc import Callable

from infrastructure.bootstrap import Jalon, bootstrap
from infrastructure.settings import Settings

TWIN = "floor_"  # prefix of the twin tables (and of their indexes on SQLite)


def write_floor(jalon: Jalon) -> tuple[float, int]:
    """Seconds the database takes to copy every view table into an empty twin; the rows."""
    database = jalon.database
    rename = _renamer([t for p in jalon.runner.projections for t in p.tables])
    seconds, rows = 0.0, 0
    for projection in jalon.runner.projections:
        with database.transaction() as cursor:
            for statement in projection.ddl(database):
                cursor.execute(rename(statement))
        for table in projection.tables:
            started = time.perf_counter()
            with database.transaction() as cursor:
                # identifiers are the views' own table names
                cursor.execute(f"INSERT INTO {TWIN}{table} SELECT * FROM {table}")  # noqa: S608
                rows += cursor.rowcount
            seconds += time.perf_counter() - started
        with database.transaction() as cursor:
            for table in projection.tables:
                cursor.execute(f"DROP TABLE {TWIN}{table}")
    return seconds, rows


def _renamer(tables: list[str]) -> Callable[[str], str]:
    """A view's DDL for the twins: each view table's name, and each name starting with one
    and an underscore (its indexes), gets the prefix."""
    names = re.compile(r"\b((?:" + "|".join(map(re.escape, tables)) + r")(?:_\w+)?)\b")
    return lambda statement: names.sub(lambda m: TWIN + m.group(1), statement)


def main() -> None:
    jalon = bootstrap(Settings(database_url=sys.argv[1]))
    try:
        events = jalon.runner.log.head_position()
        seconds, rows = write_floor(jalon)
    finally:
        jalon.close()
    print(f"{rows:,} view rows written by the database alone in {seconds:.1f} s: "
          f"at most {events / seconds:,.0f} events/s for a rebuild of {events:,} events")  # fmt: skip


if __name__ == "__main__":
    main()
