"""Tokens: only hashes are stored; revoked, expired, tampered tokens and disabled people fail."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from domain.clock import recording_at
from domain.errors import Unauthenticated
from domain.principal import SYSTEM
from domain.values import Role
from infrastructure.bootstrap import Jalon
from tests.support import Group


def test_a_token_identifies_its_holder_with_current_roles(jalon: Jalon, group: Group) -> None:
    assert group.manager.person_id is not None
    result, token, _ = jalon.people.issue_token(SYSTEM, group.manager.person_id, valid_days=5)
    jalon.wait_for(result.position)
    principal = jalon.authenticator.authenticate(token.bearer)
    assert principal.person_id == group.manager.person_id
    assert principal.roles == {Role.PROJECT_MANAGER}
    granted = jalon.people.grant(SYSTEM, group.manager.person_id, role=Role.PMO, reason="promotion")
    jalon.wait_for(granted.position)
    assert jalon.authenticator.authenticate(token.bearer).roles == {Role.PROJECT_MANAGER, Role.PMO}


def test_the_secret_is_never_stored(jalon: Jalon, group: Group) -> None:
    assert group.staff.person_id is not None
    _, token, _ = jalon.people.issue_token(SYSTEM, group.staff.person_id, valid_days=5)
    with jalon.database.reading() as cursor:
        stored = [dict(r) for r in cursor.execute("SELECT * FROM api_tokens").fetchall()]
    table = jalon.runner.log.table
    with jalon.database.reading() as cursor:
        states = [
            bytes(r["state"]) for r in cursor.execute(f"SELECT state FROM {table}").fetchall()
        ]
    assert token.secret not in repr(stored)
    assert not any(token.secret.encode() in s for s in states)


def test_revoked_and_tampered_tokens_are_refused(jalon: Jalon, group: Group) -> None:
    assert group.staff.person_id is not None
    _, token, _ = jalon.people.issue_token(SYSTEM, group.staff.person_id, valid_days=5)
    with pytest.raises(Unauthenticated, match="not valid"):
        jalon.authenticator.authenticate(token.bearer[:-2] + "xx")
    with pytest.raises(Unauthenticated, match="malformed"):
        jalon.authenticator.authenticate("eyJhbGciOiJub25lIn0.eyJzdWIiOiJhZG1pbiJ9.")
    jalon.people.revoke_token(
        SYSTEM, group.staff.person_id, token_id=token.token_id, reason="leaked"
    )
    with pytest.raises(Unauthenticated, match="revoked"):
        jalon.authenticator.authenticate(token.bearer)


def test_expired_tokens_are_refused(jalon: Jalon, group: Group) -> None:
    assert group.staff.person_id is not None
    with recording_at(datetime.now(UTC) - timedelta(days=10)):
        _, token, _ = jalon.people.issue_token(SYSTEM, group.staff.person_id, valid_days=2)
    with pytest.raises(Unauthenticated, match="expired"):
        jalon.authenticator.authenticate(token.bearer)


def test_a_disabled_person_is_refused_at_once(jalon: Jalon, group: Group) -> None:
    assert group.staff.person_id is not None
    _, token, _ = jalon.people.issue_token(SYSTEM, group.staff.person_id, valid_days=5)
    result = jalon.people.disable(SYSTEM, group.staff.person_id, reason="left the hospital")
    jalon.wait_for(result.position)
    with pytest.raises(Unauthenticated, match="disabled"):
        jalon.authenticator.authenticate(token.bearer)
