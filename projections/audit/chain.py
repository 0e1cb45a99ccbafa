"""Tamper evidence: a hash chain over the event log in global order.

Each link is SHA-256(previous link ‖ the stored record), the record being the event exactly as
the store keeps it: position, originator id, originator version, topic and the state bytes
(encrypted when a cipher is configured, so that verifying needs no key). The chain is a view:
its rows are written in the runner's transaction, with its tracking position, so it never
skips or doubles an event. `verify.py` recomputes it from the store."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from infrastructure.database import Cursor, Database, Dialect
from projections.base import Projection
from projections.events import RecordedEvent

GENESIS = bytes(32)  # the "previous link" of the first event
EVENTS_TABLE = "stored_events"  # the library's default; PostgreSQL names it after the application

_sha256 = hashlib.sha256


def record_bytes(
    position: int, originator_id: str, version: int, topic: str, state: bytes
) -> bytes:
    """The stored record as hashed: its fields separated by a byte no UUID, number or topic
    holds, the state last (it may hold any byte)."""
    return f"{position}\x1f{originator_id}\x1f{version}\x1f{topic}\x1f".encode() + state


def link(previous: bytes, record: bytes) -> bytes:
    return _sha256(previous + record).digest()


@dataclass(frozen=True)
class ChainHead:
    position: int  # 0: nothing chained yet
    link: str  # hex


def records_sql(dialect: Dialect, table: str = EVENTS_TABLE, *, keys: bool = False) -> str:
    """Stored records with after < position <= up_to, oldest first: (position, [originator id,
    version,] record bytes). The database joins the record's fields (as `record_bytes` does),
    so that a row reaches Python as two values."""
    if dialect == "sqlite":
        position = "rowid"
        record = (
            "CAST(rowid || char(31) || originator_id || char(31) || originator_version "
            "|| char(31) || topic || char(31) || state AS BLOB)"
        )
        originator = "originator_id"
    else:
        position = "notification_id"
        record = (
            "convert_to(notification_id::text || chr(31) || originator_id::text || chr(31) "
            "|| originator_version::text || chr(31) || topic || chr(31), 'UTF8') || state"
        )
        originator = "originator_id::text"
    key_columns = f"{originator}, originator_version, " if keys else ""
    # identifiers come from the store's configuration, never from a request
    return (
        f"SELECT {position}, {key_columns}{record} FROM {table} "  # noqa: S608
        f"WHERE {position} > %s AND {position} <= %s ORDER BY {position}"
    )


def chain_links(
    previous: bytes, records: Iterable[tuple[Any, ...]]
) -> Iterator[tuple[int, str, int, bytes]]:
    """(position, originator id, version, link) for each (position, originator id, version,
    record), in order."""
    for position, originator_id, version, record in records:
        previous = _sha256(previous + record).digest()
        yield position, str(originator_id), version, previous


class AuditChainProjection(Projection):
    """One row per event: its position, which event it is, and the chain's link there."""

    name = "audit_chain"
    version = 1
    tables = ("audit_chain",)
    self_contained = True

    def __init__(self, events_table: str = EVENTS_TABLE) -> None:
        self.events_table = events_table

    def ddl(self, database: Database) -> list[str]:
        return [
            "CREATE TABLE IF NOT EXISTS audit_chain ("
            "position BIGINT PRIMARY KEY, originator_id TEXT NOT NULL, "
            "originator_version BIGINT NOT NULL, link TEXT NOT NULL)"
        ]

    def apply(self, cursor: Cursor, events: Sequence[RecordedEvent]) -> None:
        # The batch is a contiguous slice of the log: read the same rows as stored.
        after, until = events[0].position - 1, events[-1].position
        rows = cursor.execute(records_sql(cursor.dialect, self.events_table), (after, until))
        records = [tuple(r.values()) for r in rows.fetchall()]
        last = cursor.execute(
            "SELECT link FROM audit_chain ORDER BY position DESC LIMIT 1"
        ).fetchone()
        previous = bytes.fromhex(last["link"]) if last else GENESIS
        links = []
        for _, record in records:
            previous = _sha256(previous + record).digest()
            links.append(previous.hex())
        # The database copies which event each position holds; only the links travel.
        if cursor.dialect == "postgresql":
            cursor.execute(
                _INSERT_PG.format(table=self.events_table), (",".join(links), after, until)
            )
        else:
            cursor.executemany(
                _INSERT_SQLITE.format(table=self.events_table),
                [(link, position) for (position, _), link in zip(records, links, strict=True)],
            )


# identifiers come from the store's configuration, never from a request
_INSERT_SQLITE = (
    "INSERT INTO audit_chain (position, originator_id, originator_version, link) "
    "SELECT rowid, originator_id, originator_version, %s FROM {table} WHERE rowid = %s"
)
_INSERT_PG = (
    "INSERT INTO audit_chain (position, originator_id, originator_version, link) "
    "SELECT s.notification_id, s.originator_id::text, s.originator_version, l.link "
    "FROM unnest(string_to_array(%s, ',')) WITH ORDINALITY AS l(link, ord) JOIN ("
    "SELECT notification_id, originator_id, originator_version, "
    "row_number() OVER (ORDER BY notification_id) AS ord FROM {table} "
    "WHERE notification_id > %s AND notification_id <= %s) s ON s.ord = l.ord"
)


def chain_head(cursor: Cursor) -> ChainHead:
    row = cursor.execute(
        "SELECT position, link FROM audit_chain ORDER BY position DESC LIMIT 1"
    ).fetchone()
    if row is None:
        return ChainHead(0, GENESIS.hex())
    return ChainHead(int(row["position"]), str(row["link"]))
