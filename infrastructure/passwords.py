"""Password hashes (argon2id), outside the event log; the event only says a password changed."""

from __future__ import annotations

from functools import cached_property
from uuid import UUID

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from domain.clock import event_timestamp
from infrastructure.database import Database
from infrastructure.sqlvalues import timestamp_text

PASSWORDS_DDL = [
    "CREATE TABLE IF NOT EXISTS person_passwords ("
    "person_id TEXT PRIMARY KEY, password_hash TEXT NOT NULL, changed_at TEXT NOT NULL)"
]


class SQLPasswordStore:
    def __init__(self, database: Database, hasher: PasswordHasher | None = None) -> None:
        self.database = database
        self.hasher = hasher or PasswordHasher()

    @cached_property
    def _decoy(self) -> str:
        """Verified against when the login is unknown, so that it takes as long."""
        return self.hasher.hash("not a password of anyone's")

    def _hash_of(self, person_id: UUID) -> str | None:
        with self.database.reading() as cursor:
            value = cursor.scalar(
                "SELECT password_hash FROM person_passwords WHERE person_id=%s", (str(person_id),)
            )
        return None if value is None else str(value)

    def _write(self, person_id: UUID, password_hash: str | None) -> None:
        with self.database.transaction() as cursor:
            cursor.execute("DELETE FROM person_passwords WHERE person_id=%s", (str(person_id),))
            if password_hash is not None:
                cursor.execute(
                    "INSERT INTO person_passwords (person_id, password_hash, changed_at) "
                    "VALUES (%s, %s, %s)",
                    (str(person_id), password_hash, timestamp_text(event_timestamp())),
                )

    def set_password(self, person_id: UUID, password: str) -> str | None:
        previous = self._hash_of(person_id)
        self._write(person_id, self.hasher.hash(password))
        return previous

    def restore_password(self, person_id: UUID, previous_hash: str | None) -> None:
        self._write(person_id, previous_hash)

    def has_password(self, person_id: UUID) -> bool:
        return self._hash_of(person_id) is not None

    def verify(self, person_id: UUID | None, password: str) -> bool:
        stored = self._hash_of(person_id) if person_id is not None else None
        try:
            self.hasher.verify(stored or self._decoy, password)
        except (VerificationError, InvalidHashError):
            return False
        if stored is None:
            return False
        if person_id is not None and self.hasher.check_needs_rehash(stored):
            self._write(person_id, self.hasher.hash(password))
        return True
