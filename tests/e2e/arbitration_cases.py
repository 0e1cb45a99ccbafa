"""What the prioritisation and arbitration routes touch (issue 7), for the authorization-
matrix walk: projects scored under a rule set with priority criteria, scenarios built by the
PMO, presented to a decision body the caller chairs, sits on, or not."""

from __future__ import annotations

from typing import Any

from domain.authorization import Target
from domain.principal import SYSTEM, Principal
from governance_rules.loading import SHIPPED
from tests.e2e.route_objects import Case, Relation, Subject, Touches, World

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


ARBITRATION_CASES: dict[str, Case] = {
    "PUT /api/v1/projects/{project_id}/scores": Case(SCORED_PROJECT, _scores),
    "GET /api/v1/projects/{project}/scores": Case(SCORED_PROJECT),
    "GET /api/v1/portfolio/ranking": Case(RANKING),
}
