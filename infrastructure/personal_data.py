"""Erasure of what the system keeps about a person outside the event log (GDPR).

Names, logins and e-mails are deleted from the directory (the row keeps the number and the
erasure time, so that the person appears as "erased person #N"); token and password hashes,
web sessions, sign-in attempts under their login and remembered idempotent answers that
hold their details are deleted, in one transaction.
"""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from infrastructure.database import Cursor, Database
from infrastructure.sqlvalues import timestamp_text


class SQLPersonalData:
    def __init__(self, database: Database) -> None:
        self.database = database

    def erase(self, person_id: UUID, at: datetime) -> bool:
        key = str(person_id)
        with self.database.transaction() as cursor:
            details = _details(cursor, key)
            cursor.execute(
                "UPDATE person_directory SET login=NULL, display_name=NULL, email=NULL, "
                "erased_at=COALESCE(erased_at, %s) WHERE person_id=%s",
                (timestamp_text(at), key),
            )
            held = details is not None
            for table in ("api_tokens", "person_passwords", "web_sessions"):
                cursor.execute(f"DELETE FROM {table} WHERE person_id=%s", (key,))  # noqa: S608
                held = held or cursor.rowcount > 0
            if details is not None:
                _forget_answers(cursor, key, details)
        return held


def _details(cursor: Cursor, key: str) -> tuple[str, str, str] | None:
    row = cursor.execute(
        "SELECT login, display_name, email FROM person_directory "
        "WHERE person_id=%s AND login IS NOT NULL",
        (key,),
    ).fetchone()
    return None if row is None else (row["login"], row["display_name"], row["email"])


def _forget_answers(cursor: Cursor, key: str, details: tuple[str, str, str]) -> None:
    login, name, email = details
    cursor.execute("DELETE FROM sign_in_attempts WHERE login=%s", (login,))
    cursor.execute(
        "DELETE FROM idempotency_keys WHERE caller=%s OR body LIKE %s OR body LIKE %s "
        "OR body LIKE %s",
        (key, f"%{login}%", f"%{name}%", f"%{email}%"),
    )
