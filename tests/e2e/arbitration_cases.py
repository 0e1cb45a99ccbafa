"""What the prioritisation and arbitration routes touch (issue 7), for the authorization-
matrix walk: projects scored under a rule set with priority criteria, scenarios built by the
PMO, presented to a decision body the caller chairs, sits on, or not."""

from __future__ import annotations

from typing import Any

from domain.authorization import Target
from domain.principal import SYSTEM, Principal
from governance_rules.loading import SHIPPED
from tests.e2e.governance_cases import BODY_RELATIONS, _body_target, _review_body
from tests.e2e.route_objects import (
    NOTHING,
    Case,
    Relation,
    Subject,
    Touches,
    World,
    constant,
    unique_code,
)

SOMEONE_ELSES = (Relation.SAME_ESTABLISHMENT,)


def priority_rules(base: str) -> str:
    """The walk's rules in force plus the priority criteria of anap-priority v1 (the life
    cycle unchanged, so the other cases keep their rules)."""
    shipped = (SHIPPED / "anap-priority-v1.yaml").read_text(encoding="utf-8")
    return base.rstrip("\n") + "\n\n" + shipped[shipped.index("# Priority (issue 7)") :]


def with_priorities(world: World) -> None:
    rulesets = world.jalon.rulesets
    if rulesets.in_force().rules.prioritisation is None:
        book = rulesets._book()
        assert book is not None and book.source is not None
        rulesets.adopt(SYSTEM, source=priority_rules(book.source), reason="walk: priorities")


def _scored_project(world: World, caller: Principal, relation: Relation) -> Subject:
    with_priorities(world)
    manager = world.group.manager.person_id
    assert manager is not None
    project_id = world.project(manager, "CHRU")
    return Subject(
        {"project_id": str(project_id), "project": str(project_id)},
        Target(manager_id=manager, establishment="CHRU"),
    )


def _ranking(world: World, caller: Principal, relation: Relation) -> Subject:
    with_priorities(world)
    return Subject({}, Target())


SCORED_PROJECT = Touches(_scored_project, SOMEONE_ELSES)
RANKING = Touches(_ranking, (Relation.OWN,))


def _scores(world: World, subject: Subject) -> dict[str, Any]:
    return {"scores": {"strategic_alignment": 4, "risk": 2}, "reason": "walk"}


def _scenario(*, selected: bool = False, presented: bool = False) -> Any:
    """A draft scenario of the PMO (with a project selected, or presented to a decision
    body the caller chairs, sits on, or not)."""

    def make(world: World, caller: Principal, relation: Relation) -> Subject:
        code = unique_code("SCN")
        scenarios, pmo = world.jalon.scenarios, world.group.pmo
        scenarios.draft(pmo, code=code, name="Walk", envelopes={2026: "100000"}, reason="walk")
        project_id = world.project(world.group.manager.person_id, "CHRU")  # type: ignore[arg-type]
        subject = Subject({"code": code, "year": "2026"}, Target(), {"project_id": project_id})
        if selected or presented:
            scenarios.choose(pmo, code, project_id=project_id, selected=True, reason="walk")
        if presented:
            body_id, seating = _review_body(world, caller, relation)
            scenarios.present(pmo, code, body_id=body_id, reason="walk")
            subject.target = _body_target(seating)
        subject.data["body_id"] = str(world.governance.decision_body)
        return subject

    return make


def _new_scenario(world: World, subject: Subject) -> dict[str, Any]:
    return {"code": unique_code("SCN"), "name": "Walk", "reason": "walk"}


def _choice(world: World, subject: Subject) -> dict[str, Any]:
    return {"project_id": str(subject.data["project_id"]), "selected": True, "reason": "walk"}


def _presentation(world: World, subject: Subject) -> dict[str, Any]:
    return {"body_id": subject.data["body_id"], "reason": "walk"}


SCENARIO = Touches(_scenario(), SOMEONE_ELSES)
SELECTING = Touches(_scenario(selected=True), SOMEONE_ELSES)
PRESENTED = Touches(_scenario(presented=True), BODY_RELATIONS)
SCENARIOS = "/api/v1/scenarios/{code}"

ARBITRATION_CASES: dict[str, Case] = {
    "PUT /api/v1/projects/{project_id}/scores": Case(SCORED_PROJECT, _scores),
    "GET /api/v1/projects/{project}/scores": Case(SCORED_PROJECT),
    "GET /api/v1/portfolio/ranking": Case(RANKING),
    "GET /api/v1/capacity": Case(NOTHING),
    "GET /api/v1/scenarios": Case(NOTHING),
    "POST /api/v1/scenarios": Case(NOTHING, _new_scenario),
    f"GET {SCENARIOS}": Case(SCENARIO),
    f"POST {SCENARIOS}/choices": Case(SCENARIO, _choice),
    f"PUT {SCENARIOS}/envelopes/{{year}}": Case(
        SCENARIO, constant({"amount": "250000.00", "reason": "walk"})
    ),
    f"GET {SCENARIOS}/evaluation": Case(SCENARIO),
    f"POST {SCENARIOS}/presentation": Case(SELECTING, _presentation),
    f"POST {SCENARIOS}/arbitration": Case(
        PRESENTED, constant({"outcome": "amend", "reason": "walk"})
    ),
}
