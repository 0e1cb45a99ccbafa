"""Where the data lives, parsed from JALON_DATABASE_URL."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from infrastructure.errors import ConfigurationError

_IDENTIFIER = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


@dataclass(frozen=True)
class SQLiteLocation:
    path: Path

    def describe(self) -> str:
        return f"SQLite file {self.path}"


@dataclass(frozen=True)
class PostgresLocation:
    host: str
    port: int
    user: str
    password: str
    dbname: str
    schema: str

    def describe(self) -> str:
        return (
            f"PostgreSQL {self.user}@{self.host}:{self.port}/{self.dbname} (schema {self.schema})"
        )

    def conninfo(self) -> str:
        parts = {
            "host": self.host,
            "port": str(self.port),
            "user": self.user,
            "dbname": self.dbname,
            "password": self.password,
        }
        return " ".join(f"{k}='{_quote(v)}'" for k, v in parts.items() if v)


def _quote(value: str) -> str:
    return value.replace("\\", "\\\\").replace("'", "\\'")


Location = SQLiteLocation | PostgresLocation


def parse_database_url(url: str) -> Location:
    if url.startswith("sqlite:///"):
        path = url.removeprefix("sqlite:///")
        if not path or path.endswith("/"):
            raise ConfigurationError(f"JALON_DATABASE_URL {url!r} names no SQLite file")
        return SQLiteLocation(Path(path))
    if url.startswith(("postgresql://", "postgres://")):
        return _parse_postgres(url)
    raise ConfigurationError(
        f"JALON_DATABASE_URL {url!r} is not sqlite:///PATH or postgresql://user@host:port/db"
    )


def _parse_postgres(url: str) -> PostgresLocation:
    try:
        parts = urlsplit(url)
        port = parts.port or 5432
    except ValueError as error:
        raise ConfigurationError(f"JALON_DATABASE_URL is not a valid URL: {error}") from None
    dbname = unquote(parts.path.lstrip("/"))
    if not parts.hostname or not dbname:
        raise ConfigurationError(
            "JALON_DATABASE_URL must name a host and a database: postgresql://user@host:port/db"
        )
    query = parse_qs(parts.query)
    unknown = set(query) - {"schema"}
    if unknown:
        raise ConfigurationError(
            f"JALON_DATABASE_URL has unknown options: {', '.join(sorted(unknown))}"
        )
    schema = query.get("schema", ["public"])[0]
    if not _IDENTIFIER.match(schema):
        raise ConfigurationError(f"schema {schema!r} must be a lower-case SQL identifier")
    return PostgresLocation(
        host=parts.hostname,
        port=port,
        user=unquote(parts.username or "postgres"),
        password=unquote(parts.password or ""),
        dbname=dbname,
        schema=schema,
    )
