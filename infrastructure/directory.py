"""The person directory: names, logins and e-mails, outside the event log (erasable)."""

from __future__ import annotations

from uuid import UUID

from domain.errors import DuplicateCode
from domain.ports import PersonDetails
from infrastructure.database import Database, IntegrityViolation


def directory_ddl(database: Database) -> list[str]:
    return [
        "CREATE TABLE IF NOT EXISTS person_directory ("
        f"number {database.serial_primary_key()}, "
        "person_id TEXT NOT NULL UNIQUE, "
        "login TEXT UNIQUE, "
        "display_name TEXT, "
        "email TEXT, "
        "erased_at TEXT)"
    ]


class SQLPersonDirectory:
    def __init__(self, database: Database) -> None:
        self.database = database

    def reserve(self, person_id: UUID, details: PersonDetails) -> int:
        try:
            with self.database.transaction() as cursor:
                number = cursor.scalar(
                    "INSERT INTO person_directory (person_id, login, display_name, email) "
                    "VALUES (%s, %s, %s, %s) RETURNING number",
                    (str(person_id), details.login, details.display_name, details.email),
                )
        except IntegrityViolation:
            raise DuplicateCode(f"login {details.login!r} is taken", field="login") from None
        return int(number)

    def replace(self, person_id: UUID, details: PersonDetails) -> PersonDetails:
        previous = self.details(person_id)
        if previous is None:
            raise LookupError(f"no directory entry for person {person_id}")
        try:
            with self.database.transaction() as cursor:
                cursor.execute(
                    "UPDATE person_directory SET login=%s, display_name=%s, email=%s "
                    "WHERE person_id=%s",
                    (details.login, details.display_name, details.email, str(person_id)),
                )
        except IntegrityViolation:
            raise DuplicateCode(f"login {details.login!r} is taken", field="login") from None
        return previous

    def release(self, person_id: UUID) -> None:
        with self.database.transaction() as cursor:
            cursor.execute("DELETE FROM person_directory WHERE person_id=%s", (str(person_id),))

    def details(self, person_id: UUID) -> PersonDetails | None:
        with self.database.reading() as cursor:
            row = cursor.execute(
                "SELECT login, display_name, email FROM person_directory "
                "WHERE person_id=%s AND erased_at IS NULL",
                (str(person_id),),
            ).fetchone()
        if row is None:
            return None
        return PersonDetails(row["login"], row["display_name"], row["email"])

    def find_by_login(self, login: str) -> UUID | None:
        with self.database.reading() as cursor:
            value = cursor.scalar(
                "SELECT person_id FROM person_directory WHERE login=%s", (login.strip().lower(),)
            )
        return None if value is None else UUID(value)
