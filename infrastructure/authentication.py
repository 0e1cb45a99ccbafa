"""Who is calling: bearer token → Principal, checked against the credential store and the
people view on every request (revocations and disabled people take effect at once).

A token that authenticated is remembered with the read stamp it was checked under: while the
stamp's credential parts (tokens issued, revoked and erased, the people view's rows and
versions, erasures: projections/queries/freshness.py) are the same and the token has not
expired, the same answer holds without reading it again.
Only a hash of the bearer is kept."""

from __future__ import annotations

import hashlib
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from uuid import UUID

from domain.errors import Unauthenticated
from domain.principal import Principal
from domain.tokens import parse_bearer, secret_matches
from domain.values import Role
from infrastructure.database import Database
from infrastructure.read_stamps import ReadStamps
from infrastructure.sqlvalues import parse_timestamp, timestamp_text
from projections.queries.freshness import Stamp, credentials_of, views_stamp

_LOOKUP = (
    "SELECT t.secret_hash, t.expires_at, t.revoked_at, p.person_id, p.roles, p.enabled, "
    "p.establishment FROM api_tokens t LEFT JOIN people p ON p.person_id = t.person_id "
    "WHERE t.token_id = %s"
)


@dataclass(frozen=True)
class Authenticated:
    principal: Principal
    stamp: Stamp  # what the views and credentials were when the token was checked


@dataclass(frozen=True)
class _Remembered:
    checked: Authenticated
    expires_at: float  # seconds since the epoch


class TokenAuthenticator:
    def __init__(self, database: Database, stamps: ReadStamps, max_remembered: int = 10_000):
        self.database = database
        self.stamps = stamps
        self.max_remembered = max_remembered
        self._remembered: dict[bytes, _Remembered] = {}
        self._lock = threading.Lock()

    def authenticate(self, bearer: str | None) -> Principal:
        return self.check(bearer).principal

    def check(self, bearer: str | None) -> Authenticated:
        """Authenticate: the remembered answer when it holds under the current stamp (one
        statement on PostgreSQL), else the token's row, read with the stamp in one snapshot."""
        if not bearer:
            raise Unauthenticated("a bearer token is required (Authorization: Bearer <token>)")
        parsed = parse_bearer(bearer)
        if parsed is None:
            raise Unauthenticated("the bearer token is malformed")
        token_id, secret = parsed
        key = _key(bearer)
        remembered = self._remembered.get(key)
        if remembered is not None:
            stamp = self.stamps.current()
            if self._still_valid(remembered, stamp):
                return Authenticated(remembered.checked.principal, stamp)
        with self.database.reading() as cursor:
            stamp = views_stamp(cursor)
            row = cursor.execute(_LOOKUP, (str(token_id),)).fetchone()
        if row is None or not secret_matches(secret, row["secret_hash"]):
            raise Unauthenticated("the bearer token is not valid")
        if row["revoked_at"] is not None:
            raise Unauthenticated("the bearer token was revoked")
        if row["expires_at"] <= timestamp_text(datetime.now(UTC)):
            raise Unauthenticated("the bearer token has expired")
        if row["person_id"] is None or not row["enabled"]:
            raise Unauthenticated("the token's holder is disabled")
        principal = Principal(
            person_id=UUID(row["person_id"]),
            roles=frozenset(Role(r) for r in row["roles"].split(",") if r),
            establishment=row["establishment"],
        )
        checked = Authenticated(principal, stamp)
        with self._lock:
            if len(self._remembered) >= self.max_remembered:
                self._remembered.clear()
            self._remembered[key] = _Remembered(
                checked, parse_timestamp(row["expires_at"]).timestamp()
            )
        return checked

    async def remembered(self, bearer: str | None) -> Authenticated | None:
        """From the event loop: the earlier answer for this bearer when it still holds under
        the current stamp (known on SQLite; one round trip on PostgreSQL, no thread); else
        None: call `check`."""
        if not bearer:
            return None
        remembered = self._remembered.get(_key(bearer))
        if remembered is None:
            return None
        stamp = await self.stamps.current_async()
        if not self._still_valid(remembered, stamp):
            return None
        return Authenticated(remembered.checked.principal, stamp)

    @staticmethod
    def _still_valid(remembered: _Remembered, stamp: Stamp) -> bool:
        return (
            credentials_of(remembered.checked.stamp) == credentials_of(stamp)
            and remembered.expires_at > time.time()
        )


def _key(bearer: str) -> bytes:
    return hashlib.sha256(bearer.encode()).digest()
