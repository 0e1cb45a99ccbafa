"""Encryption at rest (issue 11): with JALON_CIPHER_KEY the stored payloads hold no plaintext;
another key, or none, is refused at start with one sentence; `jalon cipher rekey` rotates the
key. Each test on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from pydantic import SecretStr, ValidationError
from typer.testing import CliRunner

from api.cli.main import app as cli_app
from domain.principal import SYSTEM
from domain.reference import Category
from infrastructure.bootstrap import Jalon, bootstrap
from infrastructure.cipher import new_key
from infrastructure.errors import ConfigurationError
from infrastructure.settings import Settings

KEY, OTHER_KEY = new_key(), new_key()
KNOWN = "Centre hospitalier de Lunéville-Plaintext"


def _open(database_url: str, key: str | None) -> Jalon:
    return bootstrap(
        Settings(database_url=database_url, cipher_key=SecretStr(key) if key else None)
    )


def _record_known_payload(database_url: str, key: str | None) -> None:
    jalon = _open(database_url, key)
    try:
        jalon.reference.define(SYSTEM, category=Category.ESTABLISHMENT, code="CHL", name=KNOWN)
        jalon.runner.catch_up()
    finally:
        jalon.close()


def _stored_states(jalon: Jalon) -> list[bytes]:
    with jalon.database.reading() as cursor:
        rows = cursor.execute(f"SELECT state FROM {jalon.runner.log.table}").fetchall()
    return [bytes(r["state"]) for r in rows]


def _name_shown(jalon: Jalon) -> str:
    with jalon.database.reading() as cursor:
        return str(cursor.scalar("SELECT name FROM reference_entries WHERE code='CHL'"))


def test_stored_events_hold_no_plaintext_and_read_back_with_the_key(database_url: str) -> None:
    _record_known_payload(database_url, KEY)
    jalon = _open(database_url, KEY)
    try:
        states = _stored_states(jalon)
        assert states and not any(KNOWN.encode() in s or b"CHL" in s for s in states)
        jalon.runner.rebuild()
        assert _name_shown(jalon) == KNOWN
    finally:
        jalon.close()


def test_another_key_or_none_is_refused_at_start(database_url: str) -> None:
    _record_known_payload(database_url, KEY)
    with pytest.raises(ConfigurationError, match="JALON_CIPHER_KEY does not decrypt"):
        _open(database_url, OTHER_KEY)
    with pytest.raises(ConfigurationError, match="they are encrypted, set JALON_CIPHER_KEY"):
        _open(database_url, None)


def test_a_key_on_a_plain_store_is_refused_and_a_malformed_key_is_a_setting_error(
    database_url: str,
) -> None:
    _record_known_payload(database_url, None)
    with pytest.raises(ConfigurationError, match="does not decrypt"):
        _open(database_url, KEY)
    with pytest.raises(ValidationError, match="base64 of 16, 24 or 32"):
        Settings(database_url=database_url, cipher_key=SecretStr("not a key"))


def test_the_key_is_rotated_by_re_encrypting_every_event(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    _record_known_payload(database_url, KEY)
    monkeypatch.setenv("JALON_DATABASE_URL", database_url)
    monkeypatch.setenv("JALON_CIPHER_KEY", OTHER_KEY)
    monkeypatch.setenv("JALON_NEW_CIPHER_KEY", KEY)
    wrong = CliRunner().invoke(cli_app, ["cipher", "rekey"])
    assert wrong.exit_code == 2 and "nothing changed" in wrong.output
    monkeypatch.setenv("JALON_CIPHER_KEY", KEY)
    monkeypatch.setenv("JALON_NEW_CIPHER_KEY", OTHER_KEY)
    rotated = CliRunner().invoke(cli_app, ["cipher", "rekey"])
    assert rotated.exit_code == 0, rotated.output
    with pytest.raises(ConfigurationError):
        _open(database_url, KEY)
    jalon = _open(database_url, OTHER_KEY)
    try:
        assert not any(KNOWN.encode() in s for s in _stored_states(jalon))
        jalon.runner.rebuild()
        assert _name_shown(jalon) == KNOWN
    finally:
        jalon.close()
