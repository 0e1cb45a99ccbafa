"""API token hashes, outside the event log (the event feed must never carry them)."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from domain.clock import event_timestamp
from infrastructure.database import Database
from infrastructure.sqlvalues import timestamp_text

CREDENTIALS_DDL = [
    "CREATE TABLE IF NOT EXISTS api_tokens ("
    "token_id TEXT PRIMARY KEY, "
    "person_id TEXT NOT NULL, "
    "secret_hash TEXT NOT NULL, "
    "issued_at TEXT NOT NULL, "
    "expires_at TEXT NOT NULL, "
    "revoked_at TEXT)",
    "CREATE INDEX IF NOT EXISTS api_tokens_person ON api_tokens (person_id)",
]


class SQLCredentialStore:
    def __init__(self, database: Database) -> None:
        self.database = database

    def store_token(
        self, token_id: UUID, person_id: UUID, secret_hash: str, expires_at: datetime
    ) -> None:
        with self.database.transaction() as cursor:
            cursor.execute(
                "INSERT INTO api_tokens (token_id, person_id, secret_hash, issued_at, expires_at) "
                "VALUES (%s, %s, %s, %s, %s)",
                (
                    str(token_id),
                    str(person_id),
                    secret_hash,
                    timestamp_text(event_timestamp()),
                    timestamp_text(expires_at),
                ),
            )

    def revoke_token(self, token_id: UUID, revoked_at: datetime) -> None:
        with self.database.transaction() as cursor:
            cursor.execute(
                "UPDATE api_tokens SET revoked_at=%s WHERE token_id=%s AND revoked_at IS NULL",
                (timestamp_text(revoked_at), str(token_id)),
            )

    def forget_token(self, token_id: UUID) -> None:
        with self.database.transaction() as cursor:
            cursor.execute("DELETE FROM api_tokens WHERE token_id=%s", (str(token_id),))
