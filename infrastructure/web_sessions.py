"""Web sessions: who is signed in to the pages, kept on the server.

The browser holds only a random session id (signed, in an HttpOnly cookie); the table holds a
hash of it, the person, the API token used to sign in (if any) and the CSRF secret of the
session. Every request reads the person's current roles and enabled state, and the token's
revocation, so a disabled person or a revoked token ends the session at once."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from uuid import UUID

from domain.errors import Unauthenticated
from domain.principal import Principal
from domain.values import Role
from infrastructure.database import Database
from infrastructure.sqlvalues import timestamp_text

SESSIONS_DDL = [
    "CREATE TABLE IF NOT EXISTS web_sessions ("
    "session_hash TEXT PRIMARY KEY, person_id TEXT NOT NULL, token_id TEXT, "
    "csrf_secret TEXT NOT NULL, created_at TEXT NOT NULL, expires_at TEXT NOT NULL)",
    "CREATE INDEX IF NOT EXISTS web_sessions_person ON web_sessions (person_id)",
    "CREATE TABLE IF NOT EXISTS web_keys (name TEXT PRIMARY KEY, secret TEXT NOT NULL)",
]

_LOOKUP = (
    "SELECT s.person_id, s.token_id, s.csrf_secret, s.expires_at, p.roles, p.enabled, "
    "p.establishment, t.revoked_at AS token_revoked_at, t.expires_at AS token_expires_at "
    "FROM web_sessions s LEFT JOIN people p ON p.person_id = s.person_id "
    "LEFT JOIN api_tokens t ON t.token_id = s.token_id WHERE s.session_hash = %s"
)


@dataclass(frozen=True)
class WebSession:
    principal: Principal
    csrf_secret: str


def _hash(session_id: str) -> str:
    return hashlib.sha256(session_id.encode()).hexdigest()


class SessionStore:
    def __init__(self, database: Database) -> None:
        self.database = database

    def signing_key(self) -> str:
        """The key signing session cookies, made once per database so that every worker
        process and restart shares it (JALON_SESSION_SECRET overrides it)."""
        with self.database.transaction() as cursor:
            cursor.execute(
                "INSERT INTO web_keys (name, secret) VALUES ('session', %s) "
                "ON CONFLICT (name) DO NOTHING",
                (secrets.token_urlsafe(32),),
            )
            key: str = cursor.scalar("SELECT secret FROM web_keys WHERE name='session'")
        return key

    def open(self, principal: Principal, token_id: UUID | None, lifetime: timedelta) -> str:
        """Start a session; returns its id, to be given to the browser only."""
        assert principal.person_id is not None
        session_id = secrets.token_urlsafe(32)
        now = datetime.now(UTC)
        with self.database.transaction() as cursor:
            cursor.execute("DELETE FROM web_sessions WHERE expires_at < %s", (timestamp_text(now),))
            cursor.execute(
                "INSERT INTO web_sessions (session_hash, person_id, token_id, csrf_secret, "
                "created_at, expires_at) VALUES (%s, %s, %s, %s, %s, %s)",
                (
                    _hash(session_id),
                    str(principal.person_id),
                    str(token_id) if token_id else None,
                    secrets.token_urlsafe(32),
                    timestamp_text(now),
                    timestamp_text(now + lifetime),
                ),
            )
        return session_id

    def find(self, session_id: str) -> WebSession:
        with self.database.reading() as cursor:
            row = cursor.execute(_LOOKUP, (_hash(session_id),)).fetchone()
        now = timestamp_text(datetime.now(UTC))
        if row is None or row["expires_at"] <= now:
            raise Unauthenticated("the session has ended: sign in again")
        if row["roles"] is None or not row["enabled"]:
            raise Unauthenticated("the session's holder is disabled")
        if row["token_id"] is not None and (
            row["token_revoked_at"] is not None
            or row["token_expires_at"] is None
            or row["token_expires_at"] <= now
        ):
            raise Unauthenticated("the API token of this session was revoked or has expired")
        principal = Principal(
            person_id=UUID(row["person_id"]),
            roles=frozenset(Role(r) for r in row["roles"].split(",") if r),
            establishment=row["establishment"],
        )
        return WebSession(principal, row["csrf_secret"])

    def close(self, session_id: str) -> None:
        with self.database.transaction() as cursor:
            cursor.execute("DELETE FROM web_sessions WHERE session_hash=%s", (_hash(session_id),))
