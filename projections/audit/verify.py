"""`jalon audit verify`: recompute the hash chain from the stored events and compare it,
position by position, with the chain the view recorded; name the first place where they part.

One streaming pass over both tables in a single snapshot (no event is decoded). Where they
part, a short look-ahead on both sides tells what happened there:
- modified: the same event (originator id and version) is there, its record differs;
- deleted: the event the chain recorded there is gone (the next ones may have moved up);
- inserted: an event the chain never saw sits there (the next ones may have moved down);
- reordered: the event recorded there, or the one now there, sits elsewhere nearby.
A rewrite of the chain view itself, made to match altered events, is caught by comparing with
a head published earlier (`anchors`)."""

from __future__ import annotations

import hashlib
import itertools
import os
import pickle
import subprocess
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

from infrastructure.database import Database, Dialect, RowStream
from infrastructure.location import Location
from projections.audit.chain import GENESIS, records_sql

LOOK_AHEAD = 64
_CHAIN_SQL = (
    "SELECT position, originator_id, originator_version, link FROM audit_chain "
    "WHERE position > %s AND position <= %s ORDER BY position"
)
_sha256 = hashlib.sha256


class Tampering(StrEnum):
    MODIFIED = "modified"
    DELETED = "deleted"
    INSERTED = "inserted"
    REORDERED = "reordered"
    ANCHOR = "anchor mismatch"  # a published head no longer matches: the chain was rewritten


@dataclass(frozen=True)
class Mismatch:
    position: int
    kind: Tampering
    detail: str


@dataclass(frozen=True)
class Verification:
    checked: int  # events whose link was recomputed and matched
    chain_position: int  # the chain view's head position
    chain_link: str
    unchained: int  # events after the chain's head (the view has not reached them yet)
    mismatch: Mismatch | None

    @property
    def intact(self) -> bool:
        return self.mismatch is None


Row = tuple[Any, ...]


def _rows(stream: RowStream, sql: str, params: Sequence[Any]) -> Iterator[Row]:
    return itertools.chain.from_iterable(stream(sql, params))


def _first(stream: RowStream, sql: str, params: Sequence[Any]) -> Row | None:
    return next(_rows(stream, sql, params), None)


def verify(
    database: Database,
    table: str,
    anchors: Sequence[tuple[int, str]] = (),
    *,
    location: Location | None = None,
    workers: int = 1,
    parallel_from: int = 100_000,
) -> Verification:
    """Check every chained event; `anchors` are (position, link) pairs published earlier.

    The recomputed link at a position commits to every record up to it, so comparing it with
    the recorded link after each streamed chunk (a few thousand events) proves the stretch
    before it intact; only a stretch that fails is compared event by event, to name the
    first altered position.
    With `workers` > 1 (and the database's `location`), stretches of a long log are proved
    in that many processes at once: each starts from the recorded link where the previous
    one ends, and must end on the recorded link where the next one starts (shorter logs than
    `parallel_from` events are verified here: starting processes costs about a second)."""
    position_column = "rowid" if database.dialect == "sqlite" else "notification_id"
    published = dict(anchors)
    with database.streaming() as rows:
        head = _head(rows)
        top = _first(rows, f"SELECT MAX({position_column}) FROM {table}", ())  # noqa: S608
        log_head = (top[0] if top else None) or 0
        if workers > 1 and location and not published and head.position >= parallel_from:
            segments = _segments(rows, head, workers)

            def here(after: int, link: bytes, until: int) -> _Proof:
                return _prove(rows, database.dialect, table, after, link, until, {})

            proofs = _prove_in_processes(location, table, segments, here)
        else:
            proofs = [_prove(rows, database.dialect, table, 0, GENESIS, head.position, published)]
        checked, mismatch = 0, None
        for proof in proofs:
            checked += proof.checked
            if not proof.complete:  # find where, event by event, from the last proved link
                stored = _rows(
                    rows, records_sql(database.dialect, table, keys=True), (proof.at, head.position)
                )
                chained = _rows(rows, _CHAIN_SQL, (proof.at, head.position))
                more, mismatch = _compare(stored, chained, proof.link, published)
                checked += more
                break
        else:
            if published:
                first = min(published)
                mismatch = Mismatch(
                    first, Tampering.ANCHOR, f"the published position {first} is not in the chain"
                )
    unchained = max(int(log_head) - head.position, 0)
    return Verification(checked, head.position, head.link, unchained, mismatch)


@dataclass(frozen=True)
class _Proof:
    complete: bool  # every record up to the stretch's end matched
    checked: int  # records proved
    at: int  # the last position proved
    link: bytes  # the recomputed (and recorded) link there


def _prove(
    rows: RowStream, dialect: Dialect, table: str, after: int, previous: bytes, until: int,
    published: dict[int, str],
) -> _Proof:  # fmt: skip
    """Hash the stored records in (after, until] from `previous`, comparing with the
    recorded chain at checkpoints; complete when it ends exactly on `until`'s link."""
    checked, proved_at, proved_link = 0, after, previous
    sha256 = _sha256
    for chunk in rows(records_sql(dialect, table), (after, until)):
        if published and any(p in published for p, _ in chunk):
            return _Proof(False, checked, proved_at, proved_link)  # anchors: event by event
        for _, record in chunk:
            previous = sha256(previous + record).digest()
        last = chunk[-1][0]
        recorded = _first(rows, "SELECT link FROM audit_chain WHERE position = %s", (last,))
        if recorded is None or recorded[0] != previous.hex():
            return _Proof(False, checked, proved_at, proved_link)
        checked += len(chunk)
        proved_at, proved_link = last, previous
    # recorded events after the last stored one are gone
    return _Proof(proved_at == until, checked, proved_at, proved_link)


def _segments(rows: RowStream, head: _Head, workers: int) -> list[tuple[int, bytes, int]]:
    """(after, link there, until) stretches ending on recorded chain positions."""
    bounds: list[tuple[int, bytes]] = [(0, GENESIS)]
    for i in range(1, workers):
        sql = "SELECT position, link FROM audit_chain WHERE position <= %s ORDER BY position DESC LIMIT 1"
        for position, link in _rows(rows, sql, (head.position * i // workers,)):
            if position > bounds[-1][0]:
                bounds.append((int(position), bytes.fromhex(link)))
    ends = [b[0] for b in bounds[1:]] + [head.position]
    return [(after, link, until) for (after, link), until in zip(bounds, ends, strict=True)]


def _prove_in_processes(
    location: Location,
    table: str,
    segments: list[tuple[int, bytes, int]],
    here: Callable[[int, bytes, int], _Proof],
) -> list[_Proof]:
    """The first stretch proved `here` while the others are, each in a fresh interpreter
    that imports only the prover (started first, so that their start-up overlaps this
    process's work); a failed process fails the verification."""
    command = [sys.executable, "-m", "projections.audit.prove_worker"]
    # the same code as this process's, wherever it was started from
    root = str(Path(__file__).resolve().parents[2])
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, [root, os.environ.get("PYTHONPATH")])),
    }
    started = []
    for segment in segments[1:]:
        process = subprocess.Popen(  # noqa: S603
            command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env
        )
        assert process.stdin is not None
        process.stdin.write(pickle.dumps((location, table, *segment)))
        process.stdin.close()
        started.append(process)
    proofs = [here(*segments[0])]
    for process in started:
        assert process.stdout is not None
        output = process.stdout.read()
        if process.wait() != 0:
            raise RuntimeError(f"a verifying process failed (exit {process.returncode})")
        proofs.append(_Proof(*pickle.loads(output)))  # noqa: S301 (our own child's answer)
    return proofs


def prove_stretch(
    database: Database, table: str, after: int, link: bytes, until: int
) -> tuple[bool, int, int, bytes]:
    """The proof of one stretch, as a plain tuple (it crosses a process boundary)."""
    with database.streaming() as rows:
        proof = _prove(rows, database.dialect, table, after, link, until, {})
    return proof.complete, proof.checked, proof.at, proof.link


def _head(rows: RowStream) -> _Head:
    sql = "SELECT position, link FROM audit_chain ORDER BY position DESC LIMIT 1"
    for position, link in _rows(rows, sql, ()):
        return _Head(int(position), str(link))
    return _Head(0, GENESIS.hex())


@dataclass(frozen=True)
class _Head:
    position: int
    link: str


def _compare(
    stored: Iterator[Row], chained: Iterator[Row], previous: bytes, anchors: dict[int, str]
) -> tuple[int, Mismatch | None]:
    checked = 0
    for s, c in itertools.zip_longest(stored, chained):
        if s is None or c is None or s[0] != c[0]:
            return checked, _classify(s, c, stored, chained)
        position = s[0]
        previous = _sha256(previous + s[3]).digest()
        if previous.hex() != c[3]:
            return checked, _classify(s, c, stored, chained)
        if anchors.get(position, c[3]) != c[3]:
            return checked, Mismatch(
                position, Tampering.ANCHOR, f"the published link at {position} differs"
            )
        checked += 1
        anchors.pop(position, None)
    if anchors:
        position = min(anchors)
        return checked, Mismatch(
            position, Tampering.ANCHOR, f"the published position {position} is not in the chain"
        )
    return checked, None


def _key(row: Row | None) -> tuple[str, int] | None:
    return None if row is None else (str(row[1]), int(row[2]))


def _classify(
    s: Row | None, c: Row | None, stored: Iterator[Row], chained: Iterator[Row]
) -> Mismatch:
    """What happened where the recomputed chain first parts from the recorded one."""
    if s is None or (c is not None and c[0] < s[0]):
        assert c is not None
        return Mismatch(c[0], Tampering.DELETED, f"event {_describe(c)} is no longer stored")
    if c is None or s[0] < c[0]:
        return Mismatch(s[0], Tampering.INSERTED, f"event {_describe(s)} was never chained")
    position = s[0]
    if _key(s) == _key(c):
        return Mismatch(
            position, Tampering.MODIFIED, f"the stored record of {_describe(s)} changed"
        )
    store_keys = [_key(r) for r in itertools.islice(stored, LOOK_AHEAD)]
    chain_keys = [_key(r) for r in itertools.islice(chained, LOOK_AHEAD)]
    recorded_later, now_later = _key(c) in store_keys, _key(s) in chain_keys
    if recorded_later and now_later:
        return Mismatch(
            position, Tampering.REORDERED, f"{_describe(c)} and {_describe(s)} swapped places"
        )
    if now_later:  # the recorded event is gone; the next ones moved up
        return Mismatch(position, Tampering.DELETED, f"event {_describe(c)} is no longer stored")
    if recorded_later:  # an unknown event pushed the recorded ones down
        return Mismatch(position, Tampering.INSERTED, f"event {_describe(s)} was never chained")
    return Mismatch(position, Tampering.MODIFIED, f"{_describe(c)} was replaced by {_describe(s)}")


def _describe(row: Row) -> str:
    return f"{row[1]} v{row[2]} at position {row[0]}"
