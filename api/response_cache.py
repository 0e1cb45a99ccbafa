"""Encoded answers of list reads, kept while the views they were read from do not change.

An entry is keyed by what the answer depends on: the views' stamp
(projections/queries/freshness.py), the query's parameters and what the caller may see
(domain/visibility.py). A new stamp empties the cache. The caller is authenticated and
authorized before the cache is asked, on every request (api/deps.py's `Allow`)."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable

from projections.queries.freshness import Stamp


class ResponseCache:
    def __init__(self, *, max_entries: int = 128, max_bytes: int = 32 * 1024 * 1024) -> None:
        self.max_entries = max_entries
        self.max_bytes = max_bytes
        self._lock = threading.Lock()
        self._stamp: Stamp | None = None
        self._entries: OrderedDict[Hashable, bytes] = OrderedDict()
        self._bytes = 0
        self.hits = 0
        self.misses = 0

    def get(self, stamp: Stamp, key: Hashable) -> bytes | None:
        with self._lock:
            body = self._entries.get(key) if stamp == self._stamp else None
            if body is None:
                self.misses += 1
                return None
            self._entries.move_to_end(key)
            self.hits += 1
            return body

    def put(self, stamp: Stamp, key: Hashable, body: bytes) -> None:
        if len(body) > self.max_bytes:
            return
        with self._lock:
            if stamp != self._stamp:
                self._entries.clear()
                self._bytes = 0
                self._stamp = stamp
            previous = self._entries.pop(key, None)
            self._bytes -= len(previous) if previous is not None else 0
            self._entries[key] = body
            self._bytes += len(body)
            while len(self._entries) > self.max_entries or self._bytes > self.max_bytes:
                _, dropped = self._entries.popitem(last=False)
                self._bytes -= len(dropped)
