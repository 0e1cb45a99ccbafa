"""The response cache: entries live while the stamp stays, within a bound."""

from __future__ import annotations

from api.response_cache import ResponseCache


def test_a_new_stamp_empties_the_cache() -> None:
    cache = ResponseCache()
    cache.put((1,), "a", b"one")
    assert cache.get((1,), "a") == b"one"
    assert cache.get((2,), "a") is None  # the views moved: nothing is served
    cache.put((2,), "b", b"two")
    assert cache.get((1,), "a") is None and cache.get((2,), "a") is None
    assert cache.get((2,), "b") == b"two"


def test_the_least_recently_used_go_first_within_the_bounds() -> None:
    cache = ResponseCache(max_entries=2, max_bytes=10)
    cache.put((1,), "a", b"aaa")
    cache.put((1,), "b", b"bbb")
    assert cache.get((1,), "a") == b"aaa"  # now the most recent
    cache.put((1,), "c", b"ccc")
    assert cache.get((1,), "b") is None and cache.get((1,), "a") == b"aaa"
    cache.put((1,), "d", b"dddddddd")  # 8 + 3 bytes > 10: only d is left
    assert cache.get((1,), "a") is None and cache.get((1,), "c") is None
    assert cache.get((1,), "d") == b"dddddddd"
    cache.put((1,), "e", b"e" * 11)  # larger than the whole cache: not kept
    assert cache.get((1,), "e") is None and cache.get((1,), "d") == b"dddddddd"
