"""Altering stored events behind the application's back, in SQL, as an intruder with write
access to the database would: the same statements on SQLite (rowid) and PostgreSQL
(notification_id)."""

from __future__ import annotations

import uuid

from infrastructure.bootstrap import Jalon


def _position(jalon: Jalon) -> str:
    return "rowid" if jalon.database.dialect == "sqlite" else "notification_id"


def _table(jalon: Jalon) -> str:
    return jalon.runner.log.table


def modify_state(jalon: Jalon, position: int) -> None:
    """Change the stored state, keeping it readable: the reason rewritten (or, where the
    event has none, its last byte flipped)."""
    pos, table = _position(jalon), _table(jalon)
    with jalon.database.transaction() as cursor:
        state = bytes(cursor.scalar(f"SELECT state FROM {table} WHERE {pos}=%s", (position,)))
        changed = state.replace(b'"reason":"', b'"reason":"as agreed: ', 1)
        if changed == state:
            changed = state[:-1] + bytes([state[-1] ^ 1])
        cursor.execute(f"UPDATE {table} SET state=%s WHERE {pos}=%s", (changed, position))


def delete(jalon: Jalon, position: int, *, renumber: bool = False) -> None:
    """Remove the event; with `renumber`, move the later ones up to close the gap."""
    pos, table = _position(jalon), _table(jalon)
    with jalon.database.transaction() as cursor:
        cursor.execute(f"DELETE FROM {table} WHERE {pos}=%s", (position,))
        if renumber:
            _shift(cursor, table, pos, position + 1, -1)


def insert(jalon: Jalon, position: int) -> None:
    """A forged event at `position` (a copy of the event there under another aggregate id),
    the later ones moved down to make room."""
    pos, table = _position(jalon), _table(jalon)
    with jalon.database.transaction() as cursor:
        row = cursor.execute(
            f"SELECT topic, state FROM {table} WHERE {pos}=%s", (position,)
        ).fetchone()
        assert row is not None
        _shift(cursor, table, pos, position, +1)
        cursor.execute(
            f"INSERT INTO {table} ({pos}, originator_id, originator_version, topic, state) "
            "VALUES (%s, %s, 1, %s, %s)",
            (position, str(uuid.uuid4()), row["topic"], bytes(row["state"])),
        )


def swap(jalon: Jalon, first: int, second: int) -> None:
    """Exchange the places of two events in the global order."""
    pos, table = _position(jalon), _table(jalon)
    with jalon.database.transaction() as cursor:
        cursor.execute(f"UPDATE {table} SET {pos}=%s WHERE {pos}=%s", (-1, first))
        cursor.execute(f"UPDATE {table} SET {pos}=%s WHERE {pos}=%s", (first, second))
        cursor.execute(f"UPDATE {table} SET {pos}=%s WHERE {pos}=%s", (second, -1))


def _shift(cursor, table: str, pos: str, start: int, by: int) -> None:  # type: ignore[no-untyped-def]
    # through negative numbers, so that no two rows share a position on the way
    cursor.execute(f"UPDATE {table} SET {pos} = -({pos} + %s) WHERE {pos} >= %s", (by, start))
    cursor.execute(f"UPDATE {table} SET {pos} = -{pos} WHERE {pos} < 0")
