"""A stamp of what the views show: it changes whenever a list read from them may change.

It combines the views' tracked positions and versions (events applied, views rebuilt) with
the person directory's counts (people added, released or erased: names live outside the
log, and an erasure is written after its event, so positions alone would miss it) and the
API tokens' counts (issued, revoked or erased: a token is usable before its event is
recorded, and revoked before its revocation is).

A token's check depends on less: the tokens, the people view (roles, enabled) and the
directory's erasures. `credentials_of` picks those parts (with the people view's count and
sum of versions), which most writes leave alone."""

from __future__ import annotations

from infrastructure.database import Cursor, Database, Row

Stamp = tuple[int, ...]

_STAMP = (
    "SELECT (SELECT COUNT(*) FROM projection_tracking) AS views, "
    "(SELECT COALESCE(MIN(position), 0) FROM projection_tracking) AS low, "
    "(SELECT COALESCE(SUM(position), 0) FROM projection_tracking) AS positions, "
    "(SELECT COALESCE(SUM(version), 0) FROM projection_tracking) AS versions, "
    "(SELECT COUNT(*) FROM person_directory) AS people, "
    "(SELECT COUNT(erased_at) FROM person_directory) AS erased, "
    "(SELECT COUNT(*) FROM api_tokens) AS tokens, "
    "(SELECT COUNT(revoked_at) FROM api_tokens) AS revoked, "
    "(SELECT COUNT(*) FROM people) AS holders, "
    "(SELECT COALESCE(SUM(version), 0) FROM people) AS holder_versions"
)
_PARTS = ("views", "low", "positions", "versions", "people", "erased", "tokens", "revoked",
          "holders", "holder_versions")  # fmt: skip
_CREDENTIALS = tuple(
    _PARTS.index(part) for part in ("erased", "tokens", "revoked", "holders", "holder_versions")
)


def views_stamp(cursor: Cursor) -> Stamp:
    """Read it before the data it stands for: the data are then at least that recent."""
    return _stamp(cursor.execute(_STAMP).fetchone())


def credentials_of(stamp: Stamp) -> Stamp:
    """The parts of the stamp a token's check depends on."""
    return tuple(stamp[index] for index in _CREDENTIALS)


def read_stamp(database: Database) -> Stamp:
    """The stamp now, in one statement of its own (no transaction around it)."""
    return _stamp(database.read_one(_STAMP))


async def read_stamp_async(database: Database) -> Stamp:
    """`read_stamp` from the event loop (PostgreSQL: without a thread)."""
    return _stamp(await database.read_one_async(_STAMP))


def _stamp(row: Row | None) -> Stamp:
    assert row is not None
    return tuple(int(row[k]) for k in _PARTS)
