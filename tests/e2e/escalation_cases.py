"""What the escalation and what-if routes touch, for the authorization-matrix walk: an
escalation on a project that stands to the caller as their own (they manage it), someone
else's in their establishment, or elsewhere; brought to the state where the step succeeds
for an allowed caller (opened, acknowledged, plan agreed with an assistant, monitoring)."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from domain.authorization import Target
from domain.principal import SYSTEM, Principal
from domain.services.escalations import ActionInput
from domain.values import Role
from governance_rules.loading import SHIPPED
from tests.e2e.route_objects import (
    NOTHING,
    Case,
    Maker,
    Relation,
    Subject,
    Touches,
    World,
    reason_only,
)

WHY = "matrix walk"


def _manager(world: World, caller: Principal, relation: Relation) -> tuple[UUID, str] | None:
    match relation:
        case Relation.OWN:
            if not caller.holds(Role.PROJECT_MANAGER) or caller.person_id is None:
                return None
            return caller.person_id, "CHRU"
        case Relation.SAME_ESTABLISHMENT:
            assert world.group.manager.person_id is not None
            return world.group.manager.person_id, "CHRU"
        case Relation.ELSEWHERE:
            assert world.group.other_manager.person_id is not None
            return world.group.other_manager.person_id, "CH-TOUL"
        case _:
            return None


def _escalation(state: str = "opened") -> Maker:
    def make(world: World, caller: Principal, relation: Relation) -> Subject | None:
        managed = _manager(world, caller, relation)
        if managed is None:
            return None
        manager_id, establishment = managed
        project_id = world.project(manager_id, establishment)
        service = world.jalon.escalations
        eid = service.open(SYSTEM, project_id=project_id, reason=WHY).id
        pmo = world.group.pmo.person_id
        assert pmo is not None
        if state in ("acknowledged", "planned", "monitoring"):
            service.acknowledge(SYSTEM, eid, reason=WHY)
        if state in ("planned", "monitoring"):
            service.agree_action_plan(
                SYSTEM,
                eid,
                reason=WHY,
                actions=[ActionInput("re-plan", manager_id, date(2026, 6, 30))],
            )
            service.assign_assistant(SYSTEM, eid, assistant_id=pmo, reason=WHY)
        if state == "monitoring":
            service.start_monitoring(SYSTEM, eid, reason=WHY)
        return Subject(
            {"escalation_id": str(eid)},
            Target(manager_id=manager_id, establishment=establishment),
            {"project_id": str(project_id), "manager_id": str(manager_id), "pmo": str(pmo)},
        )

    return make


def _project_only(world: World, caller: Principal, relation: Relation) -> Subject | None:
    managed = _manager(world, caller, relation)
    if managed is None:
        return None
    manager_id, establishment = managed
    project_id = world.project(manager_id, establishment)
    return Subject(
        {},
        Target(manager_id=manager_id, establishment=establishment),
        {"project_id": str(project_id), "pmo": str(world.group.pmo.person_id)},
    )


OPENED = Touches(_escalation())
ACKNOWLEDGED = Touches(_escalation("acknowledged"))
PLANNED = Touches(_escalation("planned"))
MONITORING = Touches(_escalation("monitoring"))
A_PROJECT = Touches(_project_only)


def _open(world: World, subject: Subject) -> dict[str, Any]:
    return {"project_id": subject.data["project_id"], "reason": WHY}


def _assistant(world: World, subject: Subject) -> dict[str, Any]:
    return {"assistant_id": str(world.group.member.person_id), "reason": WHY}


def _plan(world: World, subject: Subject) -> dict[str, Any]:
    return {
        "reason": WHY,
        "actions": [
            {"description": "re-plan", "owner_id": subject.data["manager_id"], "due": "2026-06-30"}
        ],
    }


def _what_if(world: World, subject: Subject) -> dict[str, Any]:
    source = (SHIPPED.parent / "examples" / "anap-stricter.yaml").read_text(encoding="utf-8")
    return {"source": source, "from": "2025-01", "to": "2025-03"}


E = "/api/v1/escalations/{escalation_id}"
ESCALATION_CASES: dict[str, Case] = {
    "GET /api/v1/escalations": Case(NOTHING),
    "GET /api/v1/escalations/board": Case(NOTHING),
    f"GET {E}": Case(OPENED),
    "POST /api/v1/escalations": Case(A_PROJECT, _open),
    f"POST {E}/assistant": Case(OPENED, _assistant),
    f"POST {E}/acknowledge": Case(OPENED, reason_only),
    f"POST {E}/action-plan": Case(ACKNOWLEDGED, _plan),
    f"POST {E}/monitoring": Case(PLANNED, reason_only),
    f"POST {E}/close": Case(MONITORING, reason_only),
    f"POST {E}/cancel": Case(OPENED, reason_only),
    "POST /api/v1/rules/what-if": Case(NOTHING, _what_if),
    "GET /api/v1/reports/monthly-review": Case(NOTHING),
    "GET /api/v1/reports/monthly-review.xlsx": Case(NOTHING),
}
