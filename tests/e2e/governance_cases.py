"""What the governance routes touch, for the authorization-matrix walk: bodies, gate reviews
at each step of their life cycle, decisions, rule sets.

A body stands to the caller as one they chair (OWN), one they sit on without chairing
(MEMBER), or one they do not sit on (someone else's). A review stands to the caller through
its project (OWN for the project's manager; SAME_ESTABLISHMENT and ELSEWHERE as for projects)
and through the body it is scheduled before (OWN: they chair it; MEMBER: they sit on it).
Each review is brought to the step where its command can succeed for an allowed caller:
requested (schedule, withdraw), scheduled for today (reschedule, open), meeting open with
every member present (attendance, votes, decision, deferral), approved with a condition
still open (lift)."""

from __future__ import annotations

import itertools
from dataclasses import replace
from datetime import timedelta
from enum import IntEnum
from typing import Any
from uuid import UUID

from domain.authorization import Target
from domain.principal import SYSTEM, Principal
from domain.values import Role
from governance_rules.ruleset import BodyKind
from lifecycle.gate_review import Outcome
from tests.e2e.route_objects import (
    NOTHING,
    Case,
    Maker,
    Relation,
    Subject,
    Touches,
    World,
    constant,
    reason_only,
    unique_code,
)
from tests.support import rule_source, submit_deliverables, today

BODY_RELATIONS = (Relation.OWN, Relation.MEMBER, Relation.ELSEWHERE)
_days_ahead = itertools.count(1)


def _seated(caller: Principal, relation: Relation) -> bool:
    """Whether the caller sits on the body of an object standing so to them."""
    return caller.holds(Role.COMMITTEE_MEMBER) and relation in (Relation.OWN, Relation.MEMBER)


def _seating(world: World, caller: Principal, relation: Relation) -> list[Principal]:
    """Who sits on a fresh body standing so to the caller, its chair first (three members:
    the decision body's quorum)."""
    gov = world.governance
    if not _seated(caller, relation):
        return [gov.chair, *gov.members[:2]]
    if relation is Relation.OWN:
        return [caller, *gov.members[:2]]
    return [gov.chair, caller, gov.members[0]]


def _review_body(
    world: World, caller: Principal, relation: Relation
) -> tuple[UUID, list[Principal]]:
    """The body a review goes before, and who sits on it (its chair first): a fresh one
    when the caller sits on it; otherwise the decision body (reviews leave it as it is)."""
    if _seated(caller, relation):
        seating = _seating(world, caller, relation)
        return _constitute(world, BodyKind.DECISION, seating), seating
    gov = world.governance
    return gov.decision_body, gov.everyone


def _constitute(world: World, kind: BodyKind, seating: list[Principal]) -> UUID:
    bodies = world.jalon.bodies
    why = "matrix walk"
    body_id = bodies.constitute(
        SYSTEM, code=unique_code("BODY"), name="Walk body", kind=kind, reason=why
    ).id
    ids = [p.person_id for p in seating if p.person_id is not None]
    for person_id in ids:
        bodies.appoint_member(SYSTEM, body_id, person_id=person_id, reason=why)
    bodies.appoint_chair(SYSTEM, body_id, person_id=ids[0], reason=why)
    return body_id


def _body_target(seating: list[Principal]) -> Target:
    return Target(
        body_member_ids=frozenset(p.person_id for p in seating if p.person_id),
        body_chair_id=seating[0].person_id,
    )


# -- bodies -------------------------------------------------------------------------------
def _body(kind: BodyKind = BodyKind.DECISION, *, steering: bool | None = None) -> Maker:
    """A fresh body of `kind`; with a fresh project it steers (`steering`) or may take
    (`steering=False`)."""

    def make(world: World, caller: Principal, relation: Relation) -> Subject | None:
        if relation in (Relation.OWN, Relation.MEMBER) and not _seated(caller, relation):
            return None  # only a committee member sits on a body
        seating = _seating(world, caller, relation)
        body_id = _constitute(world, kind, seating)
        member = seating[-1].person_id  # neither the chair nor the caller
        path = {"body_id": str(body_id), "body": str(body_id), "person_id": str(member)}
        data: dict[str, Any] = {"member": str(member)}
        if steering is not None:
            manager = world.group.manager.person_id
            assert manager is not None
            project_id = world.project(manager, "CHRU")
            if steering:
                world.jalon.bodies.attach_project(
                    SYSTEM, body_id, project_id=project_id, reason="matrix walk"
                )
            path["project_id"] = data["project_id"] = str(project_id)
        return Subject(path, _body_target(seating), data)

    return make


def _new_member(world: World, subject: Subject) -> dict[str, Any]:
    return {"person_id": str(world.person("GHT", Role.COMMITTEE_MEMBER)), "reason": "walk"}


def _new_body(world: World, subject: Subject) -> dict[str, Any]:
    return {"code": unique_code("NEW"), "name": "New body", "kind": "copil", "reason": "walk"}


BODY = Touches(_body(), BODY_RELATIONS)
COPIL = Touches(_body(BodyKind.COPIL, steering=False), BODY_RELATIONS)
STEERING_COPIL = Touches(_body(BodyKind.COPIL, steering=True), BODY_RELATIONS)
BODIES = "/api/v1/bodies/{body_id}"

BODY_CASES: dict[str, Case] = {
    "GET /api/v1/bodies": Case(NOTHING),
    "GET /api/v1/bodies/{body}": Case(BODY),
    "POST /api/v1/bodies": Case(NOTHING, _new_body),
    f"POST {BODIES}/members": Case(BODY, _new_member, consumes=False),
    f"POST {BODIES}/members/{{person_id}}/remove": Case(BODY, reason_only),
    f"POST {BODIES}/chair": Case(
        BODY, lambda world, subject: {"person_id": subject.data["member"], "reason": "walk"}
    ),
    f"POST {BODIES}/projects": Case(
        COPIL, lambda world, subject: {"project_id": subject.data["project_id"], "reason": "walk"}
    ),
    f"POST {BODIES}/projects/{{project_id}}/detach": Case(STEERING_COPIL, reason_only),
}


# -- gate reviews -------------------------------------------------------------------------
class Step(IntEnum):
    """How far a fresh review has gone."""

    REQUESTED = 1  # G1 asked, its deliverable submitted; a body to schedule it before
    SCHEDULED = 2  # before that body, today
    MEETING = 3  # the meeting is open, every member present
    APPROVED_WITH_A_CONDITION = 4


def _reviewed_project(
    world: World, caller: Principal, relation: Relation
) -> tuple[UUID, str] | None:
    """Who manages the reviewed project, and where, as the review stands to the caller."""
    group = world.group
    if relation is Relation.OWN and caller.holds(Role.PROJECT_MANAGER):
        who, where = caller, "CHRU"
    elif relation in (Relation.OWN, Relation.MEMBER):
        if not _seated(caller, relation):
            return None  # theirs only through the project they manage or the body they sit on
        who, where = group.manager, "CHRU"
    elif relation is Relation.SAME_ESTABLISHMENT:
        who, where = group.manager, "CHRU"
    else:
        who, where = group.other_manager, "CH-TOUL"
    assert who.person_id is not None
    return who.person_id, where


def _review(step: Step) -> Maker:
    def make(world: World, caller: Principal, relation: Relation) -> Subject | None:
        managed = _reviewed_project(world, caller, relation)
        if managed is None:
            return None
        manager_id, establishment = managed
        reviews = world.jalon.gate_reviews
        project_id = world.project(manager_id, establishment)
        submit_deliverables(world.jalon, SYSTEM, project_id)
        review_id = reviews.request_gate(SYSTEM, project_id, gate="G1").id
        body_id, seating = _review_body(world, caller, relation)
        present = [p.person_id for p in seating if p.person_id is not None]
        path = {"review_id": str(review_id)}
        if step >= Step.SCHEDULED:
            reviews.schedule(SYSTEM, review_id, body_id=body_id, meeting_date=today())
        if step >= Step.MEETING:
            reviews.open_session(world.group.pmo, review_id, present=present)
        if step >= Step.APPROVED_WITH_A_CONDITION:
            reviews.decide(
                seating[0], review_id, outcome=Outcome.APPROVED_WITH_CONDITIONS,
                reason="matrix walk", conditions=["a test plan"],
            )  # fmt: skip
            path["condition_id"] = str(next(iter(reviews.load(review_id).conditions)))
        # A review not yet scheduled has no body: only its project says who may act on it.
        body = _body_target(seating) if step >= Step.SCHEDULED else Target()
        target = replace(body, manager_id=manager_id, establishment=establishment)
        return Subject(path, target, {"body_id": str(body_id), "present": list(map(str, present))})

    return make


def _meeting(days_ahead: int) -> dict[str, Any]:
    return {"meeting_date": (today() + timedelta(days=days_ahead)).isoformat()}


def _other_attendance(world: World, subject: Subject) -> dict[str, Any]:
    """Everyone, or everyone but one, whichever differs from the attendance recorded."""
    everyone = subject.data["present"]
    recorded = world.jalon.gate_reviews.load(UUID(subject.path["review_id"])).present
    return {"present": everyone if len(recorded) < len(everyone) else everyone[:-1]}


REQUESTED = Touches(_review(Step.REQUESTED), BODY_RELATIONS)
PROJECT_REQUEST = Touches(_review(Step.REQUESTED), tuple(Relation))
SCHEDULED = Touches(_review(Step.SCHEDULED), BODY_RELATIONS)
MEETING = Touches(_review(Step.MEETING), BODY_RELATIONS)
CONDITION = Touches(_review(Step.APPROVED_WITH_A_CONDITION), BODY_RELATIONS)
REVIEWS = "/api/v1/gate-reviews/{review_id}"

REVIEW_CASES: dict[str, Case] = {
    "GET /api/v1/gate-reviews": Case(NOTHING),
    f"GET {REVIEWS}": Case(SCHEDULED),
    f"POST {REVIEWS}/schedule": Case(
        REQUESTED, lambda world, subject: {"body_id": subject.data["body_id"], **_meeting(0)}
    ),
    f"POST {REVIEWS}/reschedule": Case(
        SCHEDULED,
        lambda world, subject: {
            "body_id": subject.data["body_id"],
            "reason": "walk",
            **_meeting(next(_days_ahead)),
        },
        consumes=False,  # a new date each time
    ),
    f"POST {REVIEWS}/open": Case(
        SCHEDULED, lambda world, subject: {"present": subject.data["present"]}
    ),
    f"PUT {REVIEWS}/attendance": Case(MEETING, _other_attendance, consumes=False),
    f"POST {REVIEWS}/votes": Case(MEETING, constant({"vote": "approve"}), consumes=False),
    f"POST {REVIEWS}/decision": Case(MEETING, constant({"outcome": "approved", "reason": "walk"})),
    f"POST {REVIEWS}/deferral": Case(
        MEETING, lambda world, subject: {"new_date": _meeting(7)["meeting_date"], "reason": "w"}
    ),
    f"POST {REVIEWS}/conditions/{{condition_id}}/lift": Case(CONDITION, reason_only),
    f"POST {REVIEWS}/withdraw": Case(PROJECT_REQUEST, reason_only),
    "GET /api/v1/decisions": Case(NOTHING),
}


# -- rule sets ----------------------------------------------------------------------------
def _revised_rules(world: World, subject: Subject) -> dict[str, Any]:
    """The rules in force, as a new text (a rule set already in force is refused)."""
    return {"source": f"{rule_source(1)}# {unique_code('revision')}\n", "reason": "walk"}


RULE_SET_CASES: dict[str, Case] = {
    "GET /api/v1/rule-sets": Case(NOTHING),
    "GET /api/v1/rule-sets/in-force": Case(NOTHING),
    "POST /api/v1/rule-sets": Case(NOTHING, _revised_rules),
    "POST /api/v1/rule-sets/check": Case(NOTHING, constant({"source": rule_source(1)})),
    "GET /api/v1/lifecycle/diagrams": Case(NOTHING),
}

GOVERNANCE_CASES = BODY_CASES | REVIEW_CASES | RULE_SET_CASES
