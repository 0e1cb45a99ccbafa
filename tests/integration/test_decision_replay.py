"""Decision replay: a recorded gate decision, rebuilt from the events before it, is allowed
by the rule set in force then and matches its record; later changes do not alter it."""

from __future__ import annotations

from decimal import Decimal
from uuid import uuid4

import pytest

from domain.errors import Conflict, NotFound
from domain.principal import SYSTEM
from infrastructure.bootstrap import Jalon
from lifecycle.gate_review import Outcome, Vote
from projections.audit.replay import replay_decision
from tests.integration.helpers import register
from tests.support import Group, g1_meeting, rule_source, seed_governance


def _replay(jalon: Jalon, review_id):  # type: ignore[no-untyped-def]
    jalon.runner.catch_up()
    with jalon.database.reading() as cursor:
        return replay_decision(cursor, jalon.store, jalon.runner.log.table, review_id)


def test_an_approval_replays_as_allowed_and_as_recorded(jalon: Jalon, group: Group) -> None:
    gov = seed_governance(jalon)
    project = register(jalon, group, code="RPL-01").id
    review = g1_meeting(jalon, group, gov, project)
    with pytest.raises(Conflict):
        _replay(jalon, review)
    for member in gov.everyone:
        jalon.gate_reviews.vote(member, review, vote=Vote.APPROVE)
    jalon.gate_reviews.decide(gov.chair, review, outcome=Outcome.APPROVED, reason="sound case")
    # later history must not change the replay: a budget, a new rule set
    jalon.projects.record_budget(
        group.pmo, project, year=2026, envelope=Decimal("5000000"), committed="0", spent="0",
        forecast=Decimal("5000000"), reason="later",
    )  # fmt: skip
    source = rule_source(1) + "# revised\n"
    jalon.rulesets.adopt(SYSTEM, source=source, reason="revision")

    replayed = _replay(jalon, review)
    assert replayed.matches_record, (replayed.differences, replayed.assessment)
    assert replayed.would_allow
    assert replayed.outcome == "approved"
    assert replayed.project["phase"] == "opportunity"  # as of the decision, before G1 moved it
    assert replayed.project["envelope"] == "0"
    assert replayed.rule_set["in_force_then"]
    assert [d["kind"] for d in replayed.deliverables]
    assert replayed.assessment["problems"] == []
    assert replayed.assessment["present"] == len(gov.everyone)


def test_a_rejection_replays_and_a_record_that_differs_is_reported(
    jalon: Jalon, group: Group
) -> None:
    gov = seed_governance(jalon)
    project = register(jalon, group, code="RPL-02").id
    review = g1_meeting(jalon, group, gov, project)
    jalon.gate_reviews.decide(gov.chair, review, outcome=Outcome.REJECTED, reason="too early")
    replayed = _replay(jalon, review)
    assert replayed.outcome == "rejected"
    assert replayed.matches_record, replayed.differences
    with jalon.database.transaction() as cursor:  # the register says another quorum
        cursor.execute("UPDATE gate_decisions SET quorum = 99 WHERE review_id=%s", (str(review),))
    replayed = _replay(jalon, review)
    assert not replayed.matches_record
    assert replayed.differences == [f"quorum recorded 99, replayed {replayed.assessment['quorum']}"]


def test_unknown_review_is_not_found(jalon: Jalon, group: Group) -> None:
    with pytest.raises(NotFound):
        _replay(jalon, uuid4())
