"""Sign-in attempts: a table (to rate-limit failures, and for the record) and a structured
log line each. The password is never recorded, nor logged."""

from __future__ import annotations

import logging
from datetime import datetime

from infrastructure.database import Database
from infrastructure.sqlvalues import parse_timestamp, timestamp_text

SIGN_INS_DDL = [
    "CREATE TABLE IF NOT EXISTS sign_in_attempts ("
    "at TEXT NOT NULL, login TEXT NOT NULL, client TEXT NOT NULL, outcome TEXT NOT NULL)",
    "CREATE INDEX IF NOT EXISTS sign_in_attempts_login ON sign_in_attempts (login, at)",
    "CREATE INDEX IF NOT EXISTS sign_in_attempts_client ON sign_in_attempts (client, at)",
]

log = logging.getLogger("jalon.security")


class SQLSignInLog:
    def __init__(self, database: Database) -> None:
        self.database = database

    def record(self, *, login: str, client: str, outcome: str, at: datetime) -> None:
        with self.database.transaction() as cursor:
            cursor.execute(
                "INSERT INTO sign_in_attempts (at, login, client, outcome) VALUES (%s, %s, %s, %s)",
                (timestamp_text(at), login, client, outcome),
            )
        level = logging.INFO if outcome == "success" else logging.WARNING
        log.log(
            level,
            "sign_in",
            extra={"fields": {"login": login, "client": client, "outcome": outcome}},
        )

    def failures_for_login(self, login: str, since: datetime) -> list[datetime]:
        return self._failures(
            "login=%s AND at > COALESCE((SELECT MAX(s.at) FROM sign_in_attempts s "
            "WHERE s.login=%s AND s.outcome='success'), '')",
            (login, login),
            since,
        )

    def failures_from_client(self, client: str, since: datetime) -> list[datetime]:
        return self._failures("client=%s", (client,), since)

    def _failures(self, clause: str, params: tuple[str, ...], since: datetime) -> list[datetime]:
        with self.database.reading() as cursor:
            rows = cursor.execute(
                f"SELECT at FROM sign_in_attempts WHERE {clause} AND at > %s "  # noqa: S608
                "AND outcome IN ('bad_credentials', 'disabled') ORDER BY at",
                (*params, timestamp_text(since)),
            ).fetchall()
        return [parse_timestamp(r["at"]) for r in rows]
