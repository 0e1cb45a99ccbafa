"""The stamp of what a read may show (projections/queries/freshness.py), known without a
round trip to a server where the backend allows it.

On SQLite, the stamp last read stays true while no connection has committed since (the
file's data version, a read of shared memory): a read then needs no query at all, and the
first read after any commit, of this process or another, reads the stamp again. PostgreSQL
has no such number: a read reads the stamp, in one statement on a connection kept for it;
from the event loop, concurrent requests share such a read (infrastructure/shared_reads.py)."""

from __future__ import annotations

import asyncio
import weakref

from infrastructure.database import Database
from infrastructure.shared_reads import SharedRead
from projections.queries.freshness import Stamp, read_stamp, read_stamp_async


class ReadStamps:
    def __init__(self, database: Database) -> None:
        self.database = database
        self._last: tuple[int, Stamp] | None = None  # (data version, stamp read after it)
        self._shared: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, SharedRead[Stamp]] = (
            weakref.WeakKeyDictionary()
        )

    def current(self) -> Stamp:
        """The current stamp: known, or read in one statement (one round trip)."""
        known = self.known()
        return known if known is not None else read_stamp(self.database)

    async def current_async(self) -> Stamp:
        """`current` from the event loop: known, or read without a thread."""
        known = self.known()
        if known is not None:
            return known
        loop = asyncio.get_running_loop()
        shared = self._shared.get(loop)
        if shared is None:
            shared = self._shared[loop] = SharedRead(lambda: read_stamp_async(self.database))
        return await shared()

    def known(self) -> Stamp | None:
        """The current stamp, or None when only a query in a transaction can tell."""
        version = self.database.data_version()
        if version is None:
            return None
        last = self._last
        if last is not None and last[0] == version:
            return last[1]
        stamp = read_stamp(self.database)  # read after the version: at least as recent
        self._last = (version, stamp)
        return stamp
