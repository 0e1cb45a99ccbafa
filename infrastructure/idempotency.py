"""Idempotency keys: the first request with a key claims it; its response is stored and
replayed to retries (same caller, same key) until the key expires."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta

from infrastructure.database import Database, IntegrityViolation
from infrastructure.sqlvalues import timestamp_text

IDEMPOTENCY_DDL = [
    "CREATE TABLE IF NOT EXISTS idempotency_keys ("
    "caller TEXT NOT NULL, idem_key TEXT NOT NULL, fingerprint TEXT NOT NULL, "
    "status BIGINT, headers TEXT, body TEXT, created_at TEXT NOT NULL, "
    "expires_at TEXT NOT NULL, PRIMARY KEY (caller, idem_key))",
    "CREATE INDEX IF NOT EXISTS idempotency_keys_expiry ON idempotency_keys (expires_at)",
]
# A claimed key whose request never finished (the process died) is free again after this.
PENDING_LEASE = timedelta(minutes=5)


@dataclass(frozen=True)
class StoredResponse:
    status: int
    headers: list[tuple[str, str]]
    body: str


@dataclass(frozen=True)
class Earlier:
    """The key was claimed before: by the same request or another, finished or not."""

    fingerprint: str
    response: StoredResponse | None  # None while the first request is still running


_RELEASED = Earlier(fingerprint="", response=None)


class SQLIdempotencyStore:
    def __init__(self, database: Database, keep: timedelta) -> None:
        self.database = database
        self.keep = keep

    def claim(self, caller: str, key: str, fingerprint: str, now: datetime) -> Earlier | None:
        """Claim the key for this request (None), or say what claimed it earlier."""
        for _ in range(3):  # an earlier claim may be released between our insert and read
            earlier = self._claim_once(caller, key, fingerprint, now)
            if earlier is not _RELEASED:
                return earlier
        return Earlier(fingerprint=fingerprint, response=None)

    def _claim_once(self, caller: str, key: str, fingerprint: str, now: datetime) -> Earlier | None:
        try:
            with self.database.transaction() as cursor:
                cursor.execute(
                    "DELETE FROM idempotency_keys WHERE expires_at < %s", (timestamp_text(now),)
                )
                cursor.execute(
                    "INSERT INTO idempotency_keys (caller, idem_key, fingerprint, created_at, "
                    "expires_at) VALUES (%s, %s, %s, %s, %s)",
                    (caller, key, fingerprint, timestamp_text(now),
                     timestamp_text(now + PENDING_LEASE)),
                )  # fmt: skip
        except IntegrityViolation:
            return self._earlier(caller, key)
        return None

    def _earlier(self, caller: str, key: str) -> Earlier | None:
        with self.database.reading() as cursor:
            row = cursor.execute(
                "SELECT fingerprint, status, headers, body FROM idempotency_keys "
                "WHERE caller=%s AND idem_key=%s",
                (caller, key),
            ).fetchone()
        if row is None:
            return _RELEASED
        response = None
        if row["status"] is not None:
            headers = [(str(k), str(v)) for k, v in json.loads(row["headers"])]
            response = StoredResponse(int(row["status"]), headers, row["body"])
        return Earlier(fingerprint=row["fingerprint"], response=response)

    def complete(self, caller: str, key: str, response: StoredResponse, now: datetime) -> None:
        with self.database.transaction() as cursor:
            cursor.execute(
                "UPDATE idempotency_keys SET status=%s, headers=%s, body=%s, expires_at=%s "
                "WHERE caller=%s AND idem_key=%s",
                (response.status, json.dumps(response.headers), response.body,
                 timestamp_text(now + self.keep), caller, key),
            )  # fmt: skip

    def release(self, caller: str, key: str) -> None:
        with self.database.transaction() as cursor:
            cursor.execute(
                "DELETE FROM idempotency_keys WHERE caller=%s AND idem_key=%s", (caller, key)
            )
