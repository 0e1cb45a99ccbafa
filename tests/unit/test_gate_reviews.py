"""Gate reviews through the services, in memory: deliverables, quorum, decision modes, roles,
conditions, suspension, and the rule set each decision names."""

from __future__ import annotations

from decimal import Decimal
from uuid import UUID, uuid4

import pytest

from domain.errors import Conflict, Forbidden, InvalidCommand
from domain.gate_review import GateReview
from domain.principal import SYSTEM
from domain.project import Project
from domain.services.gate_reviews import phase_facts
from governance_rules.loading import content_hash
from governance_rules.ruleset import LifeCycleAction
from lifecycle.gate_review import Outcome, ReviewState, Vote
from lifecycle.phases import Phase
from tests.support import (
    CHECKSUM,
    Governance,
    Group,
    approve,
    g1_meeting,
    hold_meeting,
    pass_gate,
    project_registration,
    rule_source,
    seed_governance,
    submit_deliverables,
)
from tests.unit.conftest import Services


@pytest.fixture
def gov(services: Services) -> Governance:
    return seed_governance(services)


@pytest.fixture
def project(services: Services, group: Group, gov: Governance) -> UUID:
    project_id = services.projects.register(group.pmo, project_registration(group)).id
    services.bodies.attach_project(SYSTEM, gov.copil, project_id=project_id, reason="programme")
    return project_id


def events_of(services: Services, aggregate_id: UUID) -> list[str]:
    return [type(e).__name__ for e in services.store.events.get(aggregate_id)]


def test_a_gate_is_requested_only_with_the_phase_deliverables(
    services: Services, group: Group, project: UUID
) -> None:
    with pytest.raises(Conflict) as refused:
        services.gate_reviews.request_gate(group.manager, project, gate="G1")
    assert str(refused.value) == (
        "project DPI-01 is in opportunity: cannot pass gate: "
        "missing the required deliverables opportunity_sheet"
    )
    submit_deliverables(services, group.manager, project)
    review = services.gate_reviews.request_gate(group.manager, project, gate="g1")
    assert services.gate_reviews.load(review.id).state is ReviewState.REQUESTED


def test_the_gate_must_be_the_one_leaving_the_current_phase(
    services: Services, group: Group, project: UUID
) -> None:
    submit_deliverables(services, group.manager, project)
    with pytest.raises(Conflict, match=r"is in opportunity: .*gate G3 leaves design"):
        services.gate_reviews.request_gate(group.manager, project, gate="G3")
    with pytest.raises(InvalidCommand, match="has no gate G9") as unknown:
        services.gate_reviews.request_gate(group.manager, project, gate="G9")
    assert unknown.value.field == "gate"


def test_a_deliverable_belongs_to_the_current_phase(
    services: Services, group: Group, project: UUID
) -> None:
    submit = services.deliverables.submit
    with pytest.raises(Conflict, match="scoping_note is a deliverable of the framing phase"):
        submit(group.manager, project, kind="scoping_note", title="Note", version="1",
               reference="x", checksum=CHECKSUM)  # fmt: skip
    with pytest.raises(InvalidCommand, match="knows no deliverable 'memo'"):
        submit(group.manager, project, kind="memo", title="M", version="1", reference="x",
               checksum=CHECKSUM)  # fmt: skip
    with pytest.raises(InvalidCommand) as bad:
        submit(group.manager, project, kind="opportunity_sheet", title="F", version="1",
               reference="x", checksum="md5:1234")  # fmt: skip
    assert bad.value.field == "checksum"
    with pytest.raises(Forbidden):
        submit(group.other_manager, project, kind="opportunity_sheet", title="F", version="1",
               reference="x", checksum=CHECKSUM)  # fmt: skip


def test_one_open_review_at_a_time(
    services: Services, group: Group, gov: Governance, project: UUID
) -> None:
    submit_deliverables(services, group.manager, project)
    services.gate_reviews.request_gate(group.manager, project, gate="G1")
    with pytest.raises(Conflict, match="already awaits a decision"):
        services.gate_reviews.request_action(
            group.pmo, project, action=LifeCycleAction.SUSPEND, reason="budget"
        )


def test_the_body_must_be_the_one_the_rule_set_designates(
    services: Services, group: Group, gov: Governance, project: UUID
) -> None:
    pass_gate(services, gov, group.manager, project)  # G1 by the decision body
    submit_deliverables(services, group.manager, project)
    review = services.gate_reviews.request_gate(group.manager, project, gate="G2").id
    with pytest.raises(Conflict, match="a copil body steering project DPI-01; ID is a decision"):
        hold_meeting(services, gov, review, gov.decision_body)
    services.projects.record_budget(group.manager, project, year=2026, envelope="900000",
                                    committed="0", spent="0", forecast="900000", reason="x")  # fmt: skip
    assert services.gate_reviews.designated_body(review).value == "decision"
    hold_meeting(services, gov, review, gov.decision_body)  # above 800 000 €: the decision body


def test_no_decision_without_quorum(
    services: Services, group: Group, gov: Governance, project: UUID
) -> None:
    review = g1_meeting(services, group, gov, project)
    two = [gov.chair.person_id, gov.members[0].person_id]
    services.gate_reviews.record_attendance(gov.chair, review, present=two)  # type: ignore[arg-type]
    with pytest.raises(Conflict, match=r"missing the quorum \(2 members present, 3 needed\)"):
        services.gate_reviews.decide(gov.chair, review, outcome=Outcome.APPROVED, reason="ok")
    assert services.projects.load(project).phase is Phase.OPPORTUNITY


def test_a_majority_body_decides_as_the_votes_say(
    services: Services, group: Group, gov: Governance, project: UUID
) -> None:
    pass_gate(services, gov, group.manager, project)
    submit_deliverables(services, group.manager, project)
    review = services.gate_reviews.request_gate(group.manager, project, gate="G2").id
    hold_meeting(services, gov, review, gov.copil)
    a, b = gov.members[0], gov.members[1]
    services.gate_reviews.vote(a, review, vote=Vote.REJECT)
    services.gate_reviews.vote(b, review, vote=Vote.APPROVE)
    with pytest.raises(Conflict, match=r"a majority of votes to approve \(1 for, 1 against"):
        services.gate_reviews.decide(gov.chair, review, outcome=Outcome.APPROVED, reason="ok")
    services.gate_reviews.vote(gov.chair, review, vote=Vote.REJECT)  # the tie breaks
    services.gate_reviews.decide(gov.chair, review, outcome=Outcome.REJECTED, reason="scope")
    assert services.projects.load(project).phase is Phase.FRAMING  # rejected: stays in phase
    again = services.gate_reviews.request_gate(group.manager, project, gate="G2").id
    assert again != review


def test_only_members_vote_and_only_the_chair_decides(
    services: Services, group: Group, gov: Governance, project: UUID
) -> None:
    review = g1_meeting(services, group, gov, project)
    with pytest.raises(Forbidden, match="bodies they sit on"):
        services.gate_reviews.vote(group.member, review, vote=Vote.APPROVE)  # not on ID
    for outsider in (gov.members[0], group.pmo, group.admin):
        with pytest.raises(Forbidden):
            services.gate_reviews.decide(outsider, review, outcome=Outcome.APPROVED, reason="x")
    services.gate_reviews.decide(gov.chair, review, outcome=Outcome.APPROVED, reason="go")
    with pytest.raises(Conflict, match="is decided"):
        services.gate_reviews.decide(gov.chair, review, outcome=Outcome.REJECTED, reason="no")


def test_a_member_absent_from_the_meeting_does_not_vote(
    services: Services, group: Group, gov: Governance, project: UUID
) -> None:
    review = g1_meeting(services, group, gov, project)
    present = [m.person_id for m in gov.everyone[:3]]
    services.gate_reviews.record_attendance(gov.chair, review, present=present)  # type: ignore[arg-type]
    with pytest.raises(Conflict, match="missing the voter's presence"):
        services.gate_reviews.vote(gov.members[2], review, vote=Vote.APPROVE)


def test_approval_and_phase_change_are_recorded_together(
    services: Services, group: Group, gov: Governance, project: UUID
) -> None:
    review = pass_gate(services, gov, group.manager, project)
    decided = services.store.events.get(review)
    decision = next(e for e in decided if isinstance(e, GateReview.Decided))
    changed = next(
        e for e in services.store.events.get(project) if isinstance(e, Project.PhaseChanged)
    )
    assert (changed.review_id, changed.decision_id) == (review, decision.decision_id)
    assert (changed.previous_phase, changed.phase) == ("opportunity", "framing")
    assert decision.rule_set_hash == content_hash(rule_source(1))
    assert decision.rule_set_label == "anap-default v1"
    assert [d["kind"] for d in decision.deliverables_seen] == ["opportunity_sheet"]
    assert decision.quorum == 3


def test_the_project_refuses_a_move_not_backed_by_its_approved_review(
    services: Services, group: Group, gov: Governance, project: UUID
) -> None:
    submit_deliverables(services, group.manager, project)
    review_id = services.gate_reviews.request_gate(group.manager, project, gate="G1").id
    review = services.gate_reviews.load(review_id)
    target = services.projects.load(project)
    moved = phase_facts(services.rulesets.in_force().rules, target, "G1")
    with pytest.raises(Conflict, match="missing an approved decision"):
        target.apply_decision(actor="x", review=review, reason="forged", facts=moved)
    stranger = GateReview.request(
        review_id=uuid4(), actor="x", project_id=project, subject="G1", leaves=Phase.OPPORTUNITY,
        note="",
    )  # fmt: skip
    stranger.state, stranger.outcome, stranger.decision_id = (
        ReviewState.DECIDED,
        Outcome.APPROVED,
        uuid4(),
    )
    with pytest.raises(Conflict, match="missing an approved decision"):
        target.apply_decision(actor="x", review=stranger, reason="forged", facts=moved)


def test_a_deferral_sets_a_new_date_and_keeps_the_review_open(
    services: Services, group: Group, gov: Governance, project: UUID
) -> None:
    review = g1_meeting(services, group, gov, project)
    meeting = services.gate_reviews.load(review).meeting_date
    assert meeting is not None
    with pytest.raises(Conflict, match="a new meeting date after this one"):
        services.gate_reviews.defer(gov.chair, review, new_date=meeting, reason="later")
    new_date = meeting.replace(year=meeting.year + 1)
    services.gate_reviews.defer(gov.chair, review, new_date=new_date, reason="more data")
    deferred = services.gate_reviews.load(review)
    assert (deferred.state, deferred.meeting_date, deferred.deferrals) == (
        ReviewState.SCHEDULED,
        new_date,
        1,
    )
    assert "Deferred" in events_of(services, review)


def test_conditions_are_lifted_by_a_member_or_the_pmo_with_a_reason(
    services: Services, group: Group, gov: Governance, project: UUID
) -> None:
    review = g1_meeting(services, group, gov, project)
    with pytest.raises(InvalidCommand, match="conditions go with"):
        services.gate_reviews.decide(gov.chair, review, outcome=Outcome.APPROVED_WITH_CONDITIONS,
                                     reason="ok")  # fmt: skip
    services.gate_reviews.decide(gov.chair, review, outcome=Outcome.APPROVED_WITH_CONDITIONS,
                                 reason="ok", conditions=["staff plan", "risk review"])  # fmt: skip
    first, second = sorted(services.gate_reviews.load(review).conditions)
    with pytest.raises(Forbidden):
        services.gate_reviews.lift_condition(group.manager, review, first, reason="done")
    services.gate_reviews.lift_condition(gov.members[0], review, first, reason="plan received")
    services.gate_reviews.lift_condition(group.pmo, review, second, reason="review held")
    with pytest.raises(Conflict, match="an open condition"):
        services.gate_reviews.lift_condition(group.pmo, review, second, reason="again")
    assert all(c.lifted for c in services.gate_reviews.load(review).conditions.values())


def test_suspension_then_resumption_returns_to_the_phase_left(
    services: Services, group: Group, gov: Governance, project: UUID
) -> None:
    pass_gate(services, gov, group.manager, project)
    suspend = services.gate_reviews.request_action(
        group.pmo, project, action=LifeCycleAction.SUSPEND, reason="budget freeze"
    ).id
    approve(services, gov, suspend)
    assert services.projects.load(project).phase is Phase.SUSPENDED
    with pytest.raises(Conflict, match=r"project DPI-01 is suspended: .*possible only from"):
        services.gate_reviews.request_gate(group.manager, project, gate="G2")
    with pytest.raises(Conflict, match="is suspended: opportunity_sheet is a deliverable"):
        submit_deliverables_of(services, group, project, "opportunity_sheet")
    resume = services.gate_reviews.request_action(
        group.manager, project, action=LifeCycleAction.RESUME, reason="funded"
    ).id
    approve(services, gov, resume)
    assert services.projects.load(project).phase is Phase.FRAMING


def submit_deliverables_of(services: Services, group: Group, project: UUID, kind: str) -> None:
    services.deliverables.submit(group.manager, project, kind=kind, title="t", version="9",
                                 reference="r", checksum=CHECKSUM)  # fmt: skip


def test_an_abandoned_project_accepts_nothing_more(
    services: Services, group: Group, gov: Governance, project: UUID
) -> None:
    review = services.gate_reviews.request_action(
        group.manager, project, action=LifeCycleAction.ABANDON, reason="no longer needed"
    ).id
    approve(services, gov, review)
    assert services.projects.load(project).phase is Phase.ABANDONED
    with pytest.raises(Conflict, match="is abandoned"):
        services.gate_reviews.request_action(
            group.pmo, project, action=LifeCycleAction.RESUME, reason="x"
        )
    with pytest.raises(Conflict, match="is abandoned"):
        services.projects.add_risk(group.manager, project, title="r", gravity=1, probability=1,
                                   owner_id=group.manager.person_id, treatment_plan="")  # type: ignore[arg-type]  # fmt: skip


def test_a_withdrawn_request_frees_the_project(
    services: Services, group: Group, gov: Governance, project: UUID
) -> None:
    submit_deliverables(services, group.manager, project)
    review = services.gate_reviews.request_gate(group.manager, project, gate="G1").id
    with pytest.raises(Forbidden):
        services.gate_reviews.withdraw(group.other_manager, review, reason="not mine")
    services.gate_reviews.withdraw(group.manager, review, reason="not ready")
    assert services.gate_reviews.load(review).state is ReviewState.WITHDRAWN
    services.gate_reviews.request_gate(group.manager, project, gate="G1")


def test_decisions_name_the_rule_set_in_force_and_keep_it(
    services: Services, group: Group, gov: Governance, project: UUID
) -> None:
    first = pass_gate(services, gov, group.manager, project)
    with pytest.raises(Conflict, match="already the rule set in force"):
        services.rulesets.adopt(SYSTEM, source=rule_source(1), reason="again")
    services.rulesets.adopt(SYSTEM, source=rule_source(2), reason="revision")
    services.projects.record_budget(group.manager, project, year=2026, envelope="600000",
                                    committed="0", spent="0", forecast="600000", reason="x")  # fmt: skip
    second = pass_gate(services, gov, group.manager, project)  # v2: 600 000 € > 500 000 €
    hashes = [
        next(e for e in services.store.events.get(r) if isinstance(e, GateReview.Decided))
        for r in (first, second)
    ]
    assert [h.rule_set_label for h in hashes] == ["anap-default v1", "anap-default v2"]
    assert hashes[0].rule_set_hash != hashes[1].rule_set_hash
    assert services.projects.load(project).envelope == Decimal("600000.00")


def test_without_a_rule_set_nothing_is_requested(services: Services, group: Group) -> None:
    project = services.projects.register(group.pmo, project_registration(group)).id
    with pytest.raises(Conflict, match="no rule set is in force"):
        services.gate_reviews.request_gate(group.manager, project, gate="G1")
