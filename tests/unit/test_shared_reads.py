"""SharedRead: callers share a read that started after they asked; failures reach every
caller of that read, and the next read is tried afresh."""

from __future__ import annotations

import asyncio

import pytest

from infrastructure.shared_reads import SharedRead


class Source:
    """A value that callers change; each read takes a while and records when it started."""

    def __init__(self) -> None:
        self.value = 0
        self.reads = 0
        self.fail_next = False

    async def read(self) -> int:
        self.reads += 1
        seen = self.value  # the read's snapshot is taken when it starts
        await asyncio.sleep(0.01)
        if self.fail_next:
            self.fail_next = False
            raise ConnectionError("the server went away")
        return seen


def test_concurrent_callers_share_reads_and_see_what_was_there_when_they_asked() -> None:
    async def scenario() -> None:
        source = Source()
        shared = SharedRead(source.read)
        first = asyncio.create_task(shared())
        await asyncio.sleep(0.001)  # the first read has started, with value 0
        source.value = 1  # a write acknowledged before the next callers ask
        later = [asyncio.create_task(shared()) for _ in range(20)]
        assert await first == 0
        assert await asyncio.gather(*later) == [1] * 20  # never the read that began before
        assert source.reads == 2

    asyncio.run(scenario())


def test_a_failed_read_fails_its_callers_and_the_next_read_is_new() -> None:
    async def scenario() -> None:
        source = Source()
        shared = SharedRead(source.read)
        source.fail_next = True
        callers = [asyncio.create_task(shared()) for _ in range(5)]
        results = await asyncio.gather(*callers, return_exceptions=True)
        assert all(isinstance(r, ConnectionError) for r in results)
        source.value = 7
        assert await shared() == 7
        assert source.reads == 2

    asyncio.run(scenario())


def test_a_caller_that_gives_up_does_not_cancel_the_read_of_the_others() -> None:
    async def scenario() -> None:
        source = Source()
        shared = SharedRead(source.read)
        impatient = asyncio.create_task(shared())
        patient = asyncio.create_task(shared())
        await asyncio.sleep(0.001)
        impatient.cancel()
        with pytest.raises(asyncio.CancelledError):
            await impatient
        assert await patient == 0

    asyncio.run(scenario())
