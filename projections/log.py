"""Reads the event log in global order, straight from the store's table."""

from __future__ import annotations

from infrastructure.database import Cursor, Database
from projections.events import EventDecoder, RecordedEvent


class EventLog:
    def __init__(self, database: Database, decoder: EventDecoder, table: str) -> None:
        self.database = database
        self.decoder = decoder
        self.table = table
        position = "rowid" if database.dialect == "sqlite" else "notification_id"
        columns = f"{position} AS position, originator_id, originator_version, topic, state"
        # identifiers come from the store's configuration, never from a request
        self._select = (
            f"SELECT {columns} FROM {table} WHERE {position} > %s ORDER BY {position} LIMIT %s"  # noqa: S608
        )
        self._max = f"SELECT MAX({position}) FROM {table}"  # noqa: S608

    def read(self, cursor: Cursor, after: int, limit: int) -> list[RecordedEvent]:
        rows = cursor.execute(self._select, (after, limit)).fetchall()
        return [
            self.decoder.decode(
                r["position"], r["originator_id"], r["originator_version"], r["topic"], r["state"]
            )
            for r in rows
        ]

    def head(self, cursor: Cursor) -> int:
        return int(cursor.scalar(self._max) or 0)

    def head_position(self) -> int:
        with self.database.reading() as cursor:
            return self.head(cursor)
