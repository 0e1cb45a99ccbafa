"""Minutes per team, establishment, month, kind (run, build) and state: what the time-share
report adds up, kept from the facts by adding and taking away, so that a report over years
reads a few thousand rows. Changes are summed in memory and written once per batch."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from infrastructure.database import Cursor, Row

NO_TEAM = ""  # primary keys cannot hold NULL

TOTALS_DDL = (
    "CREATE TABLE IF NOT EXISTS time_share_months ("
    "team_id TEXT NOT NULL, establishment TEXT NOT NULL, month TEXT NOT NULL, "
    "kind TEXT NOT NULL, state TEXT NOT NULL, minutes BIGINT NOT NULL, "
    "PRIMARY KEY (month, team_id, establishment, kind, state))"
)
_ADD = (
    "INSERT INTO time_share_months (team_id, establishment, month, kind, state, minutes) "
    "VALUES (%s, %s, %s, %s, %s, %s) ON CONFLICT (month, team_id, establishment, kind, state) "
    "DO UPDATE SET minutes = time_share_months.minutes + excluded.minutes"
)
FACT_COLUMNS = "team_id, establishment, month, kind, state, minutes"

Key = tuple[str, str, str, str, str]


class MonthlyTotals:
    def __init__(self) -> None:
        self._changes: dict[Key, int] = defaultdict(int)

    def add(
        self,
        team_id: str | None,
        establishment: str,
        month: str,
        kind: str,
        state: str,
        minutes: int,
    ) -> None:
        self._changes[(team_id or NO_TEAM, establishment, month, kind, state)] += minutes

    def add_rows(self, facts: Iterable[Row], *, sign: int = 1, state: str | None = None) -> None:
        """Facts read back (columns FACT_COLUMNS): added, or taken away with sign=-1;
        `state` counts them under another state."""
        for f in facts:
            self.add(f["team_id"], f["establishment"], f["month"], f["kind"],
                     state or f["state"], sign * int(f["minutes"]))  # fmt: skip

    def flush(self, cursor: Cursor) -> None:
        cursor.executemany(
            _ADD, [(*key, minutes) for key, minutes in self._changes.items() if minutes]
        )
        self._changes.clear()
