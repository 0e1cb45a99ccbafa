"""The history of the portfolio's rows: after every event that changes a project's row, a
copy of the row valid from that event (position and timestamp) until the next change.

Kept by the portfolio view in the runner's transaction, so the history and the current rows
never disagree: the open copy (`valid_to_position IS NULL`) of a project is its current row.
"As of T" is, per project, the latest copy stamped at or before T, found by one index seek
(`portfolio_history_as_of`), never by replaying events."""

from __future__ import annotations

from collections.abc import Sequence


class RowHistory:
    """Copies of the rows of `table`, keyed by `key`, into `history`."""

    def __init__(
        self, table: str, history: str, key: str, columns: Sequence[str], columns_ddl: str
    ) -> None:
        self.table = table
        self.history = history
        self.key = key
        # identifiers are constants of the view, never from a request
        self.close_sql = (
            f"UPDATE {history} SET valid_to_position=%s, valid_to=%s "  # noqa: S608
            f"WHERE {key}=%s AND valid_to_position IS NULL"
        )
        self.insert_columns = (
            *columns,
            "valid_from_position",
            "valid_from",
            "valid_to_position",
            "valid_to",
        )
        self._ddl = [
            f"CREATE TABLE IF NOT EXISTS {history} ({columns_ddl}, "
            "valid_from_position BIGINT NOT NULL, valid_from TEXT NOT NULL, "
            "valid_to_position BIGINT, valid_to TEXT, "
            f"PRIMARY KEY ({key}, valid_from_position))",
            f"CREATE INDEX IF NOT EXISTS {history}_as_of "
            f"ON {history} ({key}, valid_from, valid_from_position)",
            f"CREATE INDEX IF NOT EXISTS {history}_open ON {history} ({key}) "
            "WHERE valid_to_position IS NULL",
        ]

    def ddl(self) -> list[str]:
        return list(self._ddl)

    def as_of_source(self, dialect: str) -> str:
        """A FROM item with the rows as of an instant (one `%s`, a timestamp text), under the
        current table's column names; rows not yet registered then are absent. One backward
        index seek per project: a LATERAL join on PostgreSQL; on SQLite (no LATERAL) a CROSS
        JOIN, which makes it read the current rows first, never the whole history, and
        reaches the copy by the rowid the index holds."""
        latest = (
            f"FROM {self.history} x WHERE x.{self.key} = c.{self.key} AND x.valid_from <= %s "
            "ORDER BY x.valid_from DESC, x.valid_from_position DESC LIMIT 1"
        )
        if dialect == "postgresql":
            return f"(SELECT h.* FROM {self.table} c CROSS JOIN LATERAL (SELECT x.* {latest}) h)"  # noqa: S608
        return (
            f"(SELECT h.* FROM {self.table} c CROSS JOIN {self.history} h "  # noqa: S608
            f"WHERE h.rowid = (SELECT x.rowid {latest}))"
        )
