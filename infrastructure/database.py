"""A small, uniform SQL layer over SQLite and PostgreSQL for Jalon's own tables (views,
tracking, the person directory, credentials).

SQL is written once, with `%s` placeholders and portable types (BIGINT, TEXT); rows are
mappings. Write transactions are serialised per database (SQLite's write lock, or row locks
on PostgreSQL).
"""

from __future__ import annotations

import asyncio
import itertools
import math
import sqlite3
import threading
import weakref
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager, nullcontext
from functools import lru_cache
from typing import Any, Literal

import psycopg
import psycopg.errors
import psycopg.sql
from psycopg.rows import dict_row, tuple_row
from psycopg_pool import ConnectionPool, PoolTimeout

from infrastructure.errors import ConfigurationError
from infrastructure.location import Location, PostgresLocation, SQLiteLocation
from infrastructure.reconnection import steady_reconnection

Row = Mapping[str, Any]
_STREAM_CHUNK = 5000
Dialect = Literal["sqlite", "postgresql"]


class DatabaseUnavailable(Exception):
    """The database cannot be reached right now (PostgreSQL down, SQLite locked too long)."""


class IntegrityViolation(Exception):
    """A uniqueness or other constraint refused the statement; the transaction is void."""


class Cursor:
    """A DB-API cursor that accepts `%s` placeholders on both backends."""

    def __init__(self, raw: Any, dialect: Dialect) -> None:
        self._raw = raw
        self._dialect = dialect

    @property
    def dialect(self) -> Dialect:
        return self._dialect

    def _sql(self, sql: str) -> str:
        return _to_qmark(sql) if self._dialect == "sqlite" else sql

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Cursor:
        with _integrity():
            self._raw.execute(self._sql(sql), tuple(params))
        return self

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        if rows:
            self._raw.executemany(self._sql(sql), [tuple(r) for r in rows])

    def insert_many(
        self, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]
    ) -> None:
        """Insert rows: `executemany` on SQLite, one COPY stream on PostgreSQL (not one
        statement per row). `table` and `columns` are the caller's constants, never input."""
        if not rows:
            return
        listed = ", ".join(columns)
        with _integrity():
            if self._dialect == "sqlite":
                marks = ", ".join(["?"] * len(columns))
                insert = f"INSERT INTO {table} ({listed}) VALUES ({marks})"  # noqa: S608
                self._raw.executemany(insert, rows)
                return
            with self._raw.copy(f"COPY {table} ({listed}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)

    def fetchone(self) -> Row | None:
        row = self._raw.fetchone()
        return None if row is None else _as_mapping(row)

    def fetchall(self) -> list[Row]:
        return [_as_mapping(r) for r in self._raw.fetchall()]

    def scalar(self, sql: str, params: Sequence[Any] = ()) -> Any:
        row = self.execute(sql, params)._raw.fetchone()
        if row is None:
            return None
        return row[0] if isinstance(row, sqlite3.Row) else next(iter(row.values()))

    @property
    def rowcount(self) -> int:
        return int(self._raw.rowcount)


@contextmanager
def _integrity() -> Iterator[None]:
    """Either driver's refusal by a constraint, as the one error the callers know."""
    try:
        yield
    except (sqlite3.IntegrityError, psycopg.errors.IntegrityError) as error:
        raise IntegrityViolation(str(error)) from error


def _as_mapping(row: Any) -> Row:
    return dict(row) if isinstance(row, sqlite3.Row) else row


@lru_cache(maxsize=4096)
def _to_qmark(sql: str) -> str:
    return sql.replace("%s", "?")


RowStream = Callable[[str, Sequence[Any]], Iterator[list[tuple[Any, ...]]]]


class Database(ABC):
    dialect: Dialect

    @abstractmethod
    @contextmanager
    def transaction(self, *, durable: bool = True) -> Iterator[Cursor]:
        """A write transaction: committed when the block ends, rolled back on error.

        `durable=False` (views, which can be rebuilt) does not wait for the disk at commit:
        a crash may lose the last such transactions whole, never half of one."""

    @abstractmethod
    @contextmanager
    def reading(self) -> Iterator[Cursor]:
        """A read-only snapshot."""

    @abstractmethod
    @contextmanager
    def streaming(self) -> Iterator[RowStream]:
        """A read-only snapshot whose queries stream lists of plain tuples, a few thousand
        rows at a time (a server-side cursor on PostgreSQL): for scans of the whole log."""

    @abstractmethod
    def close(self) -> None: ...

    @abstractmethod
    def read_one(self, sql: str, params: Sequence[Any] = ()) -> Row | None:
        """One statement, read in its own snapshot, outside any transaction, on a connection
        kept for it (PostgreSQL: one round trip)."""

    async def read_one_async(self, sql: str, params: Sequence[Any] = ()) -> Row | None:
        """`read_one` from the event loop, without a thread (PostgreSQL); elsewhere, the
        same read done in place."""
        return self.read_one(sql, params)

    def writing_lock(self) -> AbstractContextManager[Any]:
        """What every write transaction of this process holds, the event store's too (PostgreSQL:
        nothing; its locks queue writers without sleeping)."""
        return nullcontext()

    def data_version(self) -> int | None:
        """A number that changes whenever any connection commits, read without waiting on a
        server; None when the backend has no such number (PostgreSQL)."""
        return None

    def lock_rows_clause(self) -> str:
        """Appended to a SELECT inside a transaction to lock the rows it reads."""
        return " FOR UPDATE" if self.dialect == "postgresql" else ""

    def without_rowid_clause(self) -> str:
        """Appended to a CREATE TABLE with a primary key: on SQLite the rows are kept in the
        key's own B-tree, not in a second one beside it."""
        return " WITHOUT ROWID" if self.dialect == "sqlite" else ""

    def serial_primary_key(self) -> str:
        return "INTEGER PRIMARY KEY" if self.dialect == "sqlite" else "BIGSERIAL PRIMARY KEY"


class SQLiteDatabase(Database):
    dialect: Dialect = "sqlite"

    def __init__(self, location: SQLiteLocation, pool_size: int = 10) -> None:
        self.path = location.path
        self._idle: list[sqlite3.Connection] = []
        self._lock = threading.Lock()
        self._pool_size = pool_size
        self._watch: sqlite3.Connection | None = None  # commits nowhere: sees everyone's
        # One writer at a time in this process: its threads queue here rather than in
        # SQLite's busy handler, which sleeps 1 to 100 ms between tries. The event store
        # takes it too (bootstrap). Other processes still meet the busy handler.
        self._writing = threading.RLock()
        self._watch_lock = threading.Lock()

    def _connect(self) -> sqlite3.Connection:
        try:
            connection = sqlite3.connect(
                self.path, isolation_level=None, check_same_thread=False, timeout=30
            )
        except sqlite3.Error as error:
            raise ConfigurationError(f"cannot open SQLite file {self.path}: {error}") from None
        connection.row_factory = sqlite3.Row
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("PRAGMA busy_timeout=30000")
        # Every write of ours is either rebuildable (views) or followed by an event commit,
        # which the event store syncs to disk (with everything written before it).
        connection.execute("PRAGMA synchronous=NORMAL")
        return connection

    @contextmanager
    def _connection(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            connection = self._idle.pop() if self._idle else None
        if connection is None:
            connection = self._connect()
        try:
            yield connection
        finally:
            with self._lock:
                if len(self._idle) < self._pool_size:
                    self._idle.append(connection)
                    connection = None
            if connection is not None:
                connection.close()

    @contextmanager
    def transaction(self, *, durable: bool = True) -> Iterator[Cursor]:
        with self._writing, self._connection() as connection:
            raw = connection.cursor()
            try:
                raw.execute("BEGIN IMMEDIATE")
            except sqlite3.OperationalError as error:
                raise DatabaseUnavailable(f"SQLite is busy: {error}") from error
            try:
                yield Cursor(raw, self.dialect)
            except BaseException:
                connection.rollback()
                raise
            else:
                connection.commit()
            finally:
                raw.close()

    @contextmanager
    def reading(self) -> Iterator[Cursor]:
        with self._connection() as connection:
            raw = connection.cursor()
            raw.execute("BEGIN")
            try:
                yield Cursor(raw, self.dialect)
            finally:
                connection.rollback()
                raw.close()

    def writing_lock(self) -> AbstractContextManager[Any]:
        return self._writing

    def read_one(self, sql: str, params: Sequence[Any] = ()) -> Row | None:
        """On the connection that never writes: one statement is its own read transaction."""
        with self._watch_lock:
            if self._watch is None:
                self._watch = self._connect()
            row = self._watch.execute(_to_qmark(sql), tuple(params)).fetchone()
        return None if row is None else _as_mapping(row)

    def data_version(self) -> int:
        """SQLite's data version as seen by a connection that never writes: it changes on
        every commit of any other connection, of this process or another (a read of the
        shared WAL index, no file I/O)."""
        with self._watch_lock:
            if self._watch is None:
                self._watch = self._connect()
            row = self._watch.execute("PRAGMA data_version").fetchone()
        return int(row[0])

    @contextmanager
    def streaming(self) -> Iterator[RowStream]:
        with self._connection() as connection:
            connection.execute("BEGIN")

            def rows(sql: str, params: Sequence[Any] = ()) -> Iterator[list[tuple[Any, ...]]]:
                raw = connection.cursor()
                raw.row_factory = None
                try:
                    raw.execute(_to_qmark(sql), tuple(params))
                    while chunk := raw.fetchmany(_STREAM_CHUNK):
                        yield chunk
                finally:
                    raw.close()

            try:
                yield rows
            finally:
                connection.rollback()

    def close(self) -> None:
        with self._lock:
            idle, self._idle = self._idle, []
        with self._watch_lock:
            if self._watch is not None:
                idle.append(self._watch)
                self._watch = None
        for connection in idle:
            connection.close()


class PostgresDatabase(Database):
    dialect: Dialect = "postgresql"

    def __init__(self, location: PostgresLocation, pool_size: int = 10, wait: float = 2.0) -> None:
        """`wait`: seconds a transaction waits for a connection, then DatabaseUnavailable
        (503): short, so that requests fail fast while the server is down."""
        self.location = location
        self.pool = ConnectionPool(
            location.conninfo(),
            min_size=1,
            max_size=pool_size,
            kwargs={
                "row_factory": dict_row,
                "options": f"-c search_path={location.schema}",
                "connect_timeout": max(2, math.ceil(wait)),  # libpq's least useful value
            },
            open=False,
            timeout=wait,
            check=ConnectionPool.check_connection,
            name="jalon",
        )
        self._wait = wait
        self._single: psycopg.Connection[Row] | None = None  # read_one's, autocommit
        self._single_lock = threading.Lock()
        self._async_readers: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, _AsyncReader] = (
            weakref.WeakKeyDictionary()
        )
        try:
            self.pool.open(wait=True, timeout=6)
        except PoolTimeout:
            self.pool.close()
            raise ConfigurationError(
                f"cannot reach {location.describe()}: no connection within 6 s"
            ) from None

    @contextmanager
    def _cursor(self, *, read_only: bool, durable: bool = True) -> Iterator[Cursor]:
        try:
            with (
                self.pool.connection() as connection,
                connection.transaction(),
                connection.cursor() as raw,
            ):
                if read_only:
                    raw.execute("SET TRANSACTION READ ONLY")
                elif not durable:
                    raw.execute("SET LOCAL synchronous_commit TO OFF")
                yield Cursor(raw, self.dialect)
        except (PoolTimeout, psycopg.OperationalError) as error:
            raise DatabaseUnavailable(f"PostgreSQL is unavailable: {error}") from error

    @contextmanager
    def transaction(self, *, durable: bool = True) -> Iterator[Cursor]:
        with self._cursor(read_only=False, durable=durable) as cursor:
            yield cursor

    @contextmanager
    def reading(self) -> Iterator[Cursor]:
        with self._cursor(read_only=True) as cursor:
            yield cursor

    @contextmanager
    def streaming(self) -> Iterator[RowStream]:
        names = itertools.count(1)
        try:
            with self.pool.connection() as connection, connection.transaction():
                connection.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")

                def rows(sql: str, params: Sequence[Any] = ()) -> Iterator[list[tuple[Any, ...]]]:
                    name = f"jalon_stream_{next(names)}"
                    with connection.cursor(name, row_factory=tuple_row) as raw:
                        raw.itersize = _STREAM_CHUNK
                        raw.execute(sql, tuple(params))
                        while chunk := raw.fetchmany(_STREAM_CHUNK):
                            yield chunk

                yield rows
        except (PoolTimeout, psycopg.OperationalError) as error:
            raise DatabaseUnavailable(f"PostgreSQL is unavailable: {error}") from error

    def read_one(self, sql: str, params: Sequence[Any] = ()) -> Row | None:
        """Without the pool's check, BEGIN and COMMIT: one round trip on a read-only
        autocommit connection, shared under a lock (waits `wait` seconds at most)."""
        if not self._single_lock.acquire(timeout=self._wait):
            raise DatabaseUnavailable("PostgreSQL is unavailable: the stamp reader is busy")
        try:
            if self._single is None or self._single.closed or self._single.broken:
                self._single = psycopg.connect(self.location.conninfo(), **self._single_options())
            return self._single.execute(sql, tuple(params)).fetchone()
        except psycopg.OperationalError as error:
            if self._single is not None:
                self._single.close()
                self._single = None
            raise DatabaseUnavailable(f"PostgreSQL is unavailable: {error}") from error
        finally:
            self._single_lock.release()

    async def read_one_async(self, sql: str, params: Sequence[Any] = ()) -> Row | None:
        """Like `read_one`, on an asyncio connection of the running event loop (one per
        loop, one statement at a time), waiting `wait` seconds at most."""
        reader = self._async_readers.get(asyncio.get_running_loop())
        if reader is None:
            reader = self._async_readers[asyncio.get_running_loop()] = _AsyncReader(self)
        return await reader.read_one(sql, tuple(params))

    def close(self) -> None:
        with self._single_lock:
            if self._single is not None:
                self._single.close()
                self._single = None
        for reader in list(self._async_readers.values()):
            reader.abandon()
        self._async_readers.clear()
        self.pool.close()

    def _single_options(self) -> dict[str, Any]:
        return {
            "autocommit": True,
            "row_factory": dict_row,
            "options": f"-c search_path={self.location.schema} -c default_transaction_read_only=on",
            "connect_timeout": max(2, math.ceil(self._wait)),
        }


class _AsyncReader:
    """One read-only autocommit asyncio connection of one event loop."""

    def __init__(self, database: PostgresDatabase) -> None:
        self.database = database
        self.lock = asyncio.Lock()
        self.connection: psycopg.AsyncConnection[Row] | None = None

    async def read_one(self, sql: str, params: tuple[Any, ...]) -> Row | None:
        wait = self.database._wait
        try:
            async with asyncio.timeout(wait):
                async with self.lock:
                    if self.connection is None or self.connection.closed:
                        self.connection = await psycopg.AsyncConnection.connect(
                            self.database.location.conninfo(), **self.database._single_options()
                        )
                    cursor = await self.connection.execute(sql, params)
                    return await cursor.fetchone()
        except (psycopg.OperationalError, TimeoutError) as error:
            await self._close()
            raise DatabaseUnavailable(f"PostgreSQL is unavailable: {error}") from error

    async def _close(self) -> None:
        connection, self.connection = self.connection, None
        if connection is not None:
            await connection.close()

    def abandon(self) -> None:
        """Close from outside its loop (the database is closing): libpq's own close."""
        connection, self.connection = self.connection, None
        if connection is not None and not connection.closed:
            connection.pgconn.finish()


def ensure_schema(location: PostgresLocation) -> None:
    """Create the PostgreSQL schema when missing; a clear error when unreachable."""
    try:
        with psycopg.connect(location.conninfo(), connect_timeout=5, autocommit=True) as conn:
            conn.execute(
                psycopg.sql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(
                    psycopg.sql.Identifier(location.schema)
                )
            )
    except psycopg.Error as error:
        reason = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        raise ConfigurationError(f"cannot reach {location.describe()}: {reason}") from None


def open_database(location: Location, pool_size: int = 10, wait: float = 2.0) -> Database:
    if isinstance(location, SQLiteLocation):
        if location.path.parent and not location.path.parent.exists():
            raise ConfigurationError(f"the directory of SQLite file {location.path} does not exist")
        return SQLiteDatabase(location, pool_size)
    ensure_schema(location)
    steady_reconnection()  # both pools: ours and the event store library's
    return PostgresDatabase(location, pool_size, wait)
