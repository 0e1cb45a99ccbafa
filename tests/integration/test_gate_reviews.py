"""Gate reviews on SQLite and PostgreSQL: the views (portfolio columns, queue, register, rule
sets in force) and concurrent decisions."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from uuid import UUID

import pytest

from domain.errors import Conflict
from domain.principal import SYSTEM
from governance_rules.loading import content_hash
from infrastructure.bootstrap import Jalon
from lifecycle.gate_review import Outcome, Vote
from projections.queries.governance import (
    QueueFilter,
    RegisterFilter,
    decision_register,
    find_body,
    review_queue,
)
from projections.queries.portfolio import find_project
from projections.queries.rulesets import rule_set_in_force
from tests.integration.helpers import register
from tests.support import (
    Governance,
    Group,
    g1_meeting,
    hold_meeting,
    pass_gate,
    rule_source,
    seed_governance,
    submit_deliverables,
)


@pytest.fixture
def gov(jalon: Jalon, group: Group) -> Governance:
    return seed_governance(jalon)


@pytest.fixture
def project(jalon: Jalon, group: Group, gov: Governance) -> UUID:
    project_id: UUID = register(jalon, group).id
    jalon.bodies.attach_project(SYSTEM, gov.copil, project_id=project_id, reason="programme")
    return project_id


def test_the_portfolio_shows_phase_gate_status_and_open_conditions(
    jalon: Jalon, group: Group, gov: Governance, project: UUID
) -> None:
    pass_gate(jalon, gov, group.manager, project)
    submit_deliverables(jalon, group.manager, project)
    review = jalon.gate_reviews.request_gate(group.manager, project, gate="G2").id
    jalon.runner.catch_up()
    with jalon.database.reading() as cursor:
        row = find_project(cursor, "DPI-01")
    assert row is not None
    assert row["phase"] == "framing"
    assert row["gate"] == {"review_id": str(review), "subject": "G2", "status": "requested",
                           "meeting_date": None}  # fmt: skip
    hold_meeting(jalon, gov, review, gov.copil)
    for member in gov.everyone[:3]:
        jalon.gate_reviews.vote(member, review, vote=Vote.APPROVE)
    jalon.gate_reviews.decide(gov.chair, review, outcome=Outcome.APPROVED_WITH_CONDITIONS,
                              reason="go", conditions=["staff plan", "risk review"])  # fmt: skip
    jalon.runner.catch_up()
    with jalon.database.reading() as cursor:
        row = find_project(cursor, "DPI-01")
    assert row is not None
    assert (row["phase"], row["gate"]["status"], row["open_conditions"]) == (
        "design",
        "approved_with_conditions",
        2,
    )
    assert row["version"] == jalon.projects.load(project).version
    first = sorted(jalon.gate_reviews.load(review).conditions)[0]
    jalon.gate_reviews.lift_condition(group.pmo, review, first, reason="plan received")
    jalon.runner.catch_up()
    with jalon.database.reading() as cursor:
        assert find_project(cursor, "DPI-01")["open_conditions"] == 1  # type: ignore[index]


def test_the_queue_lists_what_awaits_each_body_with_the_deliverables_to_read(
    jalon: Jalon, group: Group, gov: Governance, project: UUID
) -> None:
    review = g1_meeting(jalon, group, gov, project)
    jalon.gate_reviews.vote(gov.members[0], review, vote=Vote.REJECT)
    jalon.runner.catch_up()
    with jalon.database.reading() as cursor:
        [queued] = review_queue(cursor, QueueFilter(body_id=str(gov.decision_body)))
        assert review_queue(cursor, QueueFilter(body_id=str(gov.copil))) == []
    assert (queued["subject"], queued["status"], queued["project"]["code"]) == (
        "G1",
        "under_review",
        "DPI-01",
    )
    assert [d["kind"] for d in queued["deliverables"]] == ["opportunity_sheet"]
    assert len(queued["present"]) == 4
    assert [(v["member"]["name"], v["vote"]) for v in queued["votes"]] == [
        ("Person member-a", "reject")
    ]


def test_the_register_keeps_every_decision_with_its_rule_set(
    jalon: Jalon, group: Group, gov: Governance, project: UUID
) -> None:
    review = g1_meeting(jalon, group, gov, project)
    later = datetime.now(UTC).date() + timedelta(days=7)
    jalon.gate_reviews.defer(gov.chair, review, new_date=later, reason="more data")
    jalon.rulesets.adopt(SYSTEM, source=rule_source(2), reason="revision")
    jalon.runner.catch_up()
    with jalon.database.reading() as cursor:
        [deferred], total = decision_register(cursor, RegisterFilter(project_id=str(project)))
        v2 = rule_set_in_force(cursor, datetime.now(UTC))
        v1 = rule_set_in_force(
            cursor, datetime.fromisoformat(deferred["decided_at"][:-1] + "+00:00")
        )
        before = rule_set_in_force(cursor, datetime(2000, 1, 1, tzinfo=UTC))
    assert total == 1
    assert (deferred["outcome"], deferred["new_date"], deferred["reason"]) == (
        "deferred",
        later.isoformat(),
        "more data",
    )
    assert deferred["rule_set"] == {
        "hash": content_hash(rule_source(1)),
        "label": "anap-default v1",
    }
    assert {p["name"] for p in deferred["present"]} == {
        "Person chair", "Person member-a", "Person member-b", "Person member-c"
    }  # fmt: skip
    assert v1 is not None and v1.rules.version == 1
    assert v2 is not None and v2.content_hash == content_hash(rule_source(2))
    assert before is None


def test_bodies_show_their_chair_members_and_projects(
    jalon: Jalon, group: Group, gov: Governance, project: UUID
) -> None:
    jalon.runner.catch_up()
    with jalon.database.reading() as cursor:
        copil = find_body(cursor, "copil-dpi")
    assert copil is not None
    assert copil["chair"]["name"] == "Person chair"
    assert [m["name"] for m in copil["members"]] == [
        "Person chair", "Person member-a", "Person member-b"
    ]  # fmt: skip
    assert [p["code"] for p in copil["projects"]] == ["DPI-01"]


def test_two_chairs_deciding_at_once_make_exactly_one_decision(
    jalon: Jalon, group: Group, gov: Governance, project: UUID
) -> None:
    review = g1_meeting(jalon, group, gov, project)
    barrier = threading.Barrier(2)

    def decide(outcome: Outcome) -> str:
        barrier.wait()
        try:
            jalon.gate_reviews.decide(gov.chair, review, outcome=outcome, reason=outcome.value)
        except Conflict:
            return "refused"
        return "decided"

    with ThreadPoolExecutor(2) as pool:
        outcomes = list(pool.map(decide, [Outcome.APPROVED, Outcome.REJECTED]))
    assert sorted(outcomes) == ["decided", "refused"]
    jalon.runner.catch_up()
    with jalon.database.reading() as cursor:
        decisions, total = decision_register(cursor, RegisterFilter(review_id=str(review)))
        row = find_project(cursor, "DPI-01")
    assert total == 1
    assert row is not None
    assert row["phase"] == ("framing" if decisions[0]["outcome"] == "approved" else "opportunity")


def test_a_whole_life_cycle_up_to_closed(
    jalon: Jalon, group: Group, gov: Governance, project: UUID
) -> None:
    for _ in range(6):
        pass_gate(jalon, gov, group.manager, project)
    jalon.runner.catch_up()
    with jalon.database.reading() as cursor:
        row = find_project(cursor, "DPI-01")
        _, total = decision_register(cursor, RegisterFilter(project_id=str(project)))
    assert row is not None
    assert (row["phase"], row["gate"]["subject"], total) == ("closed", "G6", 6)
    with pytest.raises(Conflict, match="is closed"):
        jalon.projects.report_status(group.manager, project, month="2025-01",
                                     weather=dict.fromkeys(["quality", "cost", "deadline", "risk"], "green"),
                                     comment="")  # fmt: skip
