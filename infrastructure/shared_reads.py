"""One read shared by the coroutines waiting for it, each getting a read that started after
it asked: what it sees is at least as recent as the moment it asked (read-your-writes holds),
and N concurrent callers cost about two reads, not N."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Generic, TypeVar

T = TypeVar("T")


class SharedRead(Generic[T]):
    """For one event loop: `read` runs in a driver task, one at a time."""

    def __init__(self, read: Callable[[], Awaitable[T]]) -> None:
        self._read = read
        self._next: asyncio.Future[T] | None = None  # the read not started yet
        self._running = False
        self._driver: asyncio.Task[None] | None = None  # referenced while it runs

    async def __call__(self) -> T:
        if self._next is None:
            self._next = asyncio.get_running_loop().create_future()
        next_read = self._next
        if not self._running:
            self._running = True
            self._driver = asyncio.get_running_loop().create_task(self._drive())
        return await asyncio.shield(next_read)

    async def _drive(self) -> None:
        try:
            while self._next is not None:
                chosen, self._next = self._next, None  # later callers wait for the next read
                try:
                    chosen.set_result(await self._read())
                except Exception as error:  # every caller of this read gets its failure
                    chosen.set_exception(error)
                except BaseException:  # the loop is cancelling its tasks
                    chosen.cancel()
                    raise
        finally:
            self._running = False
            self._driver = None
