"""The hash chain over the event log: kept by a view, recomputed by `verify`, which names the
first position where stored events were modified, deleted, inserted or reordered."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from infrastructure.bootstrap import Jalon
from projections.audit.chain import GENESIS, chain_head, link, record_bytes
from projections.audit.verify import Tampering, verify
from tests.integration import tamper
from tests.integration.helpers import register
from tests.support import Group


@pytest.fixture
def chained(jalon: Jalon, group: Group) -> int:
    """A small history, chained; its head position."""
    head = jalon.runner.catch_up()
    assert head > 12
    return head


def test_the_chain_covers_every_event_and_verifies_intact(jalon: Jalon, chained: int) -> None:
    table = jalon.runner.log.table
    with jalon.database.reading() as cursor:
        head = chain_head(cursor)
        first = cursor.execute(
            "SELECT rowid AS position, originator_id, originator_version, topic, state "
            f"FROM {table} ORDER BY rowid LIMIT 1"
            if jalon.database.dialect == "sqlite"
            else "SELECT notification_id AS position, originator_id::text AS originator_id, "
            f"originator_version, topic, state FROM {table} ORDER BY notification_id LIMIT 1"
        ).fetchone()
        first_link = cursor.scalar("SELECT link FROM audit_chain WHERE position=%s", (1,))
    assert head.position == chained
    assert first is not None
    record = record_bytes(
        first["position"], first["originator_id"], first["originator_version"], first["topic"],
        bytes(first["state"]),
    )  # fmt: skip
    assert first_link == link(GENESIS, record).hex()
    result = verify(jalon.database, jalon.runner.log.table)
    assert result.intact
    assert result.checked == chained
    assert result.chain_link == head.link
    assert result.unchained == 0


def test_events_not_yet_chained_are_counted_not_reported(
    jalon: Jalon, chained: int, group: Group
) -> None:
    register(jalon, group, code="LATE-01")
    result = verify(jalon.database, jalon.runner.log.table)
    assert result.intact
    assert result.unchained >= 1


Alteration = Callable[[Jalon, int], None]


def _swap_next(jalon: Jalon, position: int) -> None:
    tamper.swap(jalon, position, position + 1)


def _swap_apart(jalon: Jalon, position: int) -> None:
    tamper.swap(jalon, position, position + 4)


def _delete_and_renumber(jalon: Jalon, position: int) -> None:
    tamper.delete(jalon, position, renumber=True)


# Each alteration lands before the ones already made, so it is the first one verify meets.
ALTERATIONS: list[tuple[int, Alteration, Tampering]] = [
    (0, tamper.delete, Tampering.DELETED),  # the last event
    (3, tamper.modify_state, Tampering.MODIFIED),
    (6, tamper.insert, Tampering.INSERTED),  # a forged event, the later ones moved down
    (9, _swap_next, Tampering.REORDERED),
    (12, _delete_and_renumber, Tampering.DELETED),  # the later ones moved up
    (15, tamper.delete, Tampering.DELETED),  # a gap left
    (21, _swap_apart, Tampering.REORDERED),
]


def test_verify_names_the_first_altered_position_and_what_happened(
    jalon: Jalon, group: Group
) -> None:
    project = register(jalon, group, code="CHAIN-01").id
    for year in range(2020, 2034):
        jalon.projects.record_budget(
            group.pmo, project, year=year, envelope="1000", committed="0", spent="0",
            forecast="1000", reason="budget",
        )  # fmt: skip
    chained = jalon.runner.catch_up()
    assert chained > 30
    for back, alter, kind in ALTERATIONS:
        position = chained - back
        alter(jalon, position)
        result = verify(jalon.database, jalon.runner.log.table)
        assert result.mismatch is not None, alter
        assert (result.mismatch.position, result.mismatch.kind) == (position, kind), alter
        assert result.checked == position - 1


def test_a_rewritten_chain_is_caught_by_a_published_head(jalon: Jalon, chained: int) -> None:
    published = verify(jalon.database, jalon.runner.log.table)
    position = chained // 2
    tamper.modify_state(jalon, position)
    # the intruder recomputes the chain view from the altered events
    jalon.runner.rebuild(["audit_chain"])
    assert verify(jalon.database, jalon.runner.log.table).intact  # consistent with itself...
    result = verify(
        jalon.database, jalon.runner.log.table, anchors=[(chained, published.chain_link)]
    )
    assert result.mismatch is not None  # ...but not with what was published
    assert result.mismatch.kind is Tampering.ANCHOR


def test_verify_in_several_processes_reports_the_same(jalon: Jalon, chained: int) -> None:
    """The earlier stretches are proved in other processes and counted; the last one, where
    the event was altered, is walked event by event."""
    tamper.modify_state(jalon, chained - 3)
    alone = verify(jalon.database, jalon.runner.log.table)
    shared = verify(
        jalon.database, jalon.runner.log.table, location=jalon.location, workers=2,
        parallel_from=0,
    )  # fmt: skip
    assert shared == alone
    assert shared.mismatch is not None
    assert shared.mismatch.position == chained - 3
