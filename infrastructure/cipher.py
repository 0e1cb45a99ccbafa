"""Encryption at rest of event payloads (issue 11), with the eventsourcing library's
AESCipher (AES-GCM): the key comes from JALON_CIPHER_KEY (base64 of 16, 24 or 32 bytes).

A missing or wrong key is refused at start (`check_readable`), never read as garbage; the
key is rotated offline by re-encrypting every stored payload in one transaction (`rekey`)."""

from __future__ import annotations

import json
from base64 import b64decode
from binascii import Error as Base64Error

from cryptography.exceptions import InvalidTag
from eventsourcing.cryptography import AESCipher
from eventsourcing.utils import Environment

from infrastructure.database import Cursor, Database, Row
from infrastructure.errors import ConfigurationError
from projections.log import EventLog

KEY_SIZES = AESCipher.KEY_SIZES
_REKEY_BATCH = 2000


def validated_key(key: str) -> str:
    try:
        size = len(b64decode(key.encode("ascii"), validate=True))
    except (Base64Error, UnicodeEncodeError):
        size = -1
    if size not in KEY_SIZES:
        raise ValueError(
            "must be the base64 of 16, 24 or 32 random bytes (make one with `jalon cipher new-key`)"
        )
    return key


def new_key() -> str:
    return AESCipher.create_key(32)


def cipher_for(key: str | None) -> AESCipher | None:
    if key is None:
        return None
    return AESCipher(Environment(env={AESCipher.CIPHER_KEY: validated_key(key)}))


def check_readable(log: EventLog, *, encrypted: bool) -> None:
    """Decode the first stored event with the configured key: a store written with another
    key, or encrypted while no key is set (or the reverse), stops the start with one line."""
    try:
        with log.database.reading() as cursor:
            log.read(cursor, 0, 1)
    except (InvalidTag, ValueError) as error:
        if encrypted:
            raise ConfigurationError(
                "JALON_CIPHER_KEY does not decrypt the stored events (wrong key, or the events "
                f"are not encrypted): {type(error).__name__}"
            ) from None
        raise ConfigurationError(
            "the stored events cannot be read: they are encrypted, set JALON_CIPHER_KEY"
        ) from None


def rekey(database: Database, table: str, old: AESCipher | None, new: AESCipher | None) -> int:
    """Re-encrypt every stored payload from the old key to the new one (None: plain), in one
    transaction: a failure (wrong old key) changes nothing. Run it with Jalon stopped."""
    position = "rowid" if database.dialect == "sqlite" else "notification_id"
    select = (
        f"SELECT {position} AS position, originator_id, originator_version, state "  # noqa: S608
        f"FROM {table} WHERE {position} > %s ORDER BY {position} LIMIT %s"
    )
    update = f"UPDATE {table} SET state=%s WHERE originator_id=%s AND originator_version=%s"  # noqa: S608
    count, after = 0, 0
    with database.transaction() as cursor:
        while rows := cursor.execute(select, (after, _REKEY_BATCH)).fetchall():
            for row in rows:
                _rewrite(cursor, update, row, old, new)
            count += len(rows)
            after = rows[-1]["position"]
    return count


def _rewrite(
    cursor: Cursor, update: str, row: Row, old: AESCipher | None, new: AESCipher | None
) -> None:
    state = bytes(row["state"])
    try:
        plain = old.decrypt(state) if old else state
        json.loads(plain)
    except (InvalidTag, ValueError):
        raise ConfigurationError(
            "the current key (JALON_CIPHER_KEY) does not read the stored events: nothing changed"
        ) from None
    stored = new.encrypt(plain) if new else plain
    cursor.execute(update, (stored, row["originator_id"], row["originator_version"]))
