"""A token's remembered answer holds only while nothing it depends on changed, whichever
process changed it: revocation, a disabled holder, expiry (both backends). The read stamp it
is compared with is known without a query on SQLite, read in one statement on PostgreSQL."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Iterator

import psycopg
import pytest

from domain.errors import Unauthenticated
from domain.principal import SYSTEM
from domain.tokens import parse_bearer
from infrastructure.authentication import Authenticated
from infrastructure.bootstrap import Jalon
from infrastructure.database import DatabaseUnavailable
from projections.queries.freshness import views_stamp
from tests.conftest import POSTGRES_URL
from tests.support import Group, project_registration

Remembered = Callable[[str], Authenticated | None]


@pytest.fixture
def loop() -> Iterator[asyncio.Runner]:
    """One event loop for the test, like a server's (the stamp reader keeps one connection
    per loop)."""
    with asyncio.Runner() as runner:
        yield runner


@pytest.fixture
def remembered(jalon: Jalon, loop: asyncio.Runner) -> Remembered:
    """The authenticator's `remembered`, called from the event loop as the API does."""
    return lambda bearer: loop.run(jalon.authenticator.remembered(bearer))


@pytest.fixture
def bearer(jalon: Jalon, group: Group) -> str:
    """A staff member's token, checked once (so remembered)."""
    assert group.staff.person_id is not None
    result, token, _ = jalon.people.issue_token(SYSTEM, group.staff.person_id, valid_days=5)
    jalon.wait_for(result.position)
    jalon.authenticator.check(token.bearer)
    return token.bearer


def _refused_at_once(jalon: Jalon, remembered: Remembered, bearer: str, reason: str) -> None:
    assert remembered(bearer) is None
    with pytest.raises(Unauthenticated, match=reason):
        jalon.authenticator.check(bearer)


def test_the_answer_is_remembered(
    jalon: Jalon, group: Group, remembered: Remembered, bearer: str
) -> None:
    answer = remembered(bearer)
    assert answer is not None
    assert answer.principal.person_id == group.staff.person_id
    with jalon.database.reading() as cursor:
        assert answer.stamp == views_stamp(cursor)
    assert jalon.authenticator.check(bearer).principal.person_id == group.staff.person_id


def test_a_revocation_by_another_process_holds_at_once(
    jalon: Jalon, elsewhere: Jalon, group: Group, remembered: Remembered, bearer: str
) -> None:
    assert remembered(bearer) is not None
    assert group.staff.person_id is not None
    parsed = parse_bearer(bearer)
    assert parsed is not None
    elsewhere.people.revoke_token(
        SYSTEM, group.staff.person_id, token_id=parsed[0], reason="leaked"
    )
    _refused_at_once(jalon, remembered, bearer, "revoked")


def test_disabling_the_holder_elsewhere_holds_at_once(
    jalon: Jalon, elsewhere: Jalon, group: Group, remembered: Remembered, bearer: str
) -> None:
    assert remembered(bearer) is not None
    assert group.staff.person_id is not None
    disabled = elsewhere.people.disable(SYSTEM, group.staff.person_id, reason="left")
    elsewhere.wait_for(disabled.position)
    _refused_at_once(jalon, remembered, bearer, "disabled")


def test_an_expired_token_is_not_remembered(
    remembered: Remembered, bearer: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    later = time.time() + 6 * 86_400
    monkeypatch.setattr("infrastructure.authentication.time.time", lambda: later)
    assert remembered(bearer) is None


def test_a_wrong_secret_is_never_answered_from_memory(
    jalon: Jalon, remembered: Remembered, bearer: str
) -> None:
    forged = bearer[:-2] + ("xx" if not bearer.endswith("xx") else "yy")
    _refused_at_once(jalon, remembered, forged, "not valid")


def test_a_write_that_changes_no_credential_keeps_the_answer_with_the_new_stamp(
    jalon: Jalon, elsewhere: Jalon, group: Group, remembered: Remembered, bearer: str
) -> None:
    registered = elsewhere.projects.register(group.pmo, project_registration(group, "KEEP-01"))
    elsewhere.wait_for(registered.position)
    with jalon.database.reading() as cursor:
        now = views_stamp(cursor)
    answer = remembered(bearer)
    assert answer is not None and answer.stamp == now  # reads will see the new project
    assert jalon.authenticator.check(bearer).stamp == now


def test_the_known_stamp_follows_other_processes_commits(
    jalon: Jalon, elsewhere: Jalon, group: Group
) -> None:
    first = jalon.read_stamps.known()
    if jalon.database.dialect != "sqlite":
        assert first is None  # PostgreSQL has no data version: the stamp is read
        return
    assert first is not None and jalon.read_stamps.known() == first
    assert group.staff.person_id is not None
    disabled = elsewhere.people.disable(SYSTEM, group.staff.person_id, reason="left")
    elsewhere.wait_for(disabled.position)
    after = jalon.read_stamps.known()
    with jalon.database.reading() as cursor:
        assert after == views_stamp(cursor) != first


PID = "SELECT pg_backend_pid() AS pid"


@pytest.mark.parametrize("reader", ["thread", "event loop"])
def test_the_stamp_reader_reconnects_after_losing_its_connection(
    jalon: Jalon, loop: asyncio.Runner, reader: str
) -> None:
    def read(sql: str) -> dict[str, object]:
        if reader == "thread":
            row = jalon.database.read_one(sql)
        else:
            row = loop.run(jalon.database.read_one_async(sql))
        assert row is not None
        return dict(row)

    if jalon.database.dialect == "sqlite":
        assert read("SELECT 1 AS one") == {"one": 1}
        return
    first = read(PID)
    with psycopg.connect(POSTGRES_URL, autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", (first["pid"],))
    with pytest.raises(DatabaseUnavailable):
        read("SELECT 1 AS one")
    assert read(PID)["pid"] != first["pid"]
    with pytest.raises(psycopg.errors.ReadOnlySqlTransaction):
        read("CREATE TABLE never_made (x INT)")
