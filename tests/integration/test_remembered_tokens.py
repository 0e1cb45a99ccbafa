"""A token's remembered answer holds only while nothing it depends on changed, whichever
process changed it: revocation, a disabled holder, expiry (both backends)."""

from __future__ import annotations

import time
from collections.abc import Iterator

import psycopg
import pytest

from domain.errors import Unauthenticated
from domain.principal import SYSTEM
from domain.tokens import parse_bearer
from infrastructure.bootstrap import Jalon, bootstrap
from infrastructure.database import DatabaseUnavailable
from infrastructure.settings import Settings
from projections.queries.freshness import views_stamp
from tests.conftest import POSTGRES_URL
from tests.support import Group, project_registration


@pytest.fixture
def elsewhere(database_url: str) -> Iterator[Jalon]:
    """Another process's view of the same database: its own pools and caches."""
    other = bootstrap(Settings(database_url=database_url))
    yield other
    other.close()


def _bearer(jalon: Jalon, group: Group) -> str:
    assert group.staff.person_id is not None
    result, token, _ = jalon.people.issue_token(SYSTEM, group.staff.person_id, valid_days=5)
    jalon.wait_for(result.position)
    jalon.authenticator.check(token.bearer)
    return token.bearer


def _refused_at_once(jalon: Jalon, bearer: str, reason: str) -> None:
    assert jalon.authenticator.remembered(bearer) is None
    with pytest.raises(Unauthenticated, match=reason):
        jalon.authenticator.check(bearer)


def _without_a_query(jalon: Jalon) -> bool:
    return jalon.database.dialect == "sqlite"


def test_the_answer_is_remembered_where_the_stamp_is_known_without_a_query(
    jalon: Jalon, group: Group
) -> None:
    bearer = _bearer(jalon, group)
    remembered = jalon.authenticator.remembered(bearer)
    if _without_a_query(jalon):
        assert remembered is not None
        assert remembered.principal.person_id == group.staff.person_id
    else:
        assert remembered is None  # PostgreSQL: every request reads the stamp
    assert jalon.authenticator.check(bearer).principal.person_id == group.staff.person_id


def test_a_revocation_by_another_process_holds_at_once(
    jalon: Jalon, elsewhere: Jalon, group: Group
) -> None:
    bearer = _bearer(jalon, group)
    assert group.staff.person_id is not None
    parsed = parse_bearer(bearer)
    assert parsed is not None
    elsewhere.people.revoke_token(
        SYSTEM, group.staff.person_id, token_id=parsed[0], reason="leaked"
    )
    _refused_at_once(jalon, bearer, "revoked")


def test_disabling_the_holder_elsewhere_holds_at_once(
    jalon: Jalon, elsewhere: Jalon, group: Group
) -> None:
    bearer = _bearer(jalon, group)
    assert group.staff.person_id is not None
    disabled = elsewhere.people.disable(SYSTEM, group.staff.person_id, reason="left")
    elsewhere.wait_for(disabled.position)
    _refused_at_once(jalon, bearer, "disabled")


def test_an_expired_token_is_not_remembered(
    jalon: Jalon, group: Group, monkeypatch: pytest.MonkeyPatch
) -> None:
    bearer = _bearer(jalon, group)
    later = time.time() + 6 * 86_400
    monkeypatch.setattr("infrastructure.authentication.time.time", lambda: later)
    assert jalon.authenticator.remembered(bearer) is None


def test_a_wrong_secret_is_never_answered_from_memory(jalon: Jalon, group: Group) -> None:
    bearer = _bearer(jalon, group)
    forged = bearer[:-2] + ("xx" if not bearer.endswith("xx") else "yy")
    _refused_at_once(jalon, forged, "not valid")


def test_the_known_stamp_follows_other_processes_commits(
    jalon: Jalon, elsewhere: Jalon, group: Group
) -> None:
    first = jalon.read_stamps.known()
    if not _without_a_query(jalon):
        assert first is None
        return
    assert first is not None and jalon.read_stamps.known() == first
    assert group.staff.person_id is not None
    disabled = elsewhere.people.disable(SYSTEM, group.staff.person_id, reason="left")
    elsewhere.wait_for(disabled.position)
    after = jalon.read_stamps.known()
    with jalon.database.reading() as cursor:
        assert after == views_stamp(cursor) != first


def test_the_stamp_reader_reconnects_after_losing_its_connection(jalon: Jalon) -> None:
    if _without_a_query(jalon):
        row = jalon.database.read_one("SELECT 1 AS one")
        assert row is not None and row["one"] == 1
        return
    first = jalon.database.read_one("SELECT pg_backend_pid() AS pid")
    assert first is not None
    with psycopg.connect(POSTGRES_URL, autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", (first["pid"],))
    with pytest.raises(DatabaseUnavailable):
        jalon.database.read_one("SELECT 1 AS one")
    again = jalon.database.read_one("SELECT pg_backend_pid() AS pid")
    assert again is not None and again["pid"] != first["pid"]
    with pytest.raises(psycopg.errors.ReadOnlySqlTransaction):
        jalon.database.read_one("CREATE TABLE never_made (x INT)")


def test_a_write_that_changes_no_credential_keeps_the_answer_with_the_new_stamp(
    jalon: Jalon, elsewhere: Jalon, group: Group
) -> None:
    bearer = _bearer(jalon, group)
    registered = elsewhere.projects.register(group.pmo, project_registration(group, "KEEP-01"))
    elsewhere.wait_for(registered.position)
    with jalon.database.reading() as cursor:
        now = views_stamp(cursor)
    remembered = jalon.authenticator.remembered(bearer)
    if _without_a_query(jalon):
        assert remembered is not None and remembered.stamp == now  # reads see the new project
    assert jalon.authenticator.check(bearer).stamp == now
