"""What each API route touches, for the authorization-matrix walk
(tests/e2e/test_authorization_matrix.py).

Every route of the OpenAPI document needs an entry here: the kind of object it acts on
(which the walk makes, the caller's own or someone else's, in a state where the command can
succeed) and a valid body. The walk then expects exactly what `domain.authorization.MATRIX`
says for the route's declared operation on that object. A new route without an entry fails
the walk. The governance routes' entries are in tests/e2e/governance_cases.py.
"""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from domain.authorization import Target
from domain.principal import SYSTEM, Principal
from domain.reference import Category
from domain.values import Role
from tests.e2e.activity_cases import ACTIVITY_CASES
from tests.e2e.arbitration_cases import ARBITRATION_CASES
from tests.e2e.audit_cases import AUDIT_CASES
from tests.e2e.escalation_cases import ESCALATION_CASES
from tests.e2e.governance_cases import GOVERNANCE_CASES
from tests.e2e.portfolio_history_cases import PORTFOLIO_HISTORY_CASES
from tests.e2e.privacy_cases import PRIVACY_CASES
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
from tests.support import CHECKSUM, submit_deliverables

PASSWORD = "a passphrase long enough"


def _person(*, disabled: bool = False) -> Maker:
    def make(world: World, caller: Principal, relation: Relation) -> Subject | None:
        if relation is Relation.OWN:
            if disabled:  # a disabled caller cannot even authenticate
                return None
            assert caller.person_id is not None
            person_id, establishment, role = caller.person_id, "CHRU", next(iter(caller.roles))
        else:
            establishment = "CHRU" if relation is Relation.SAME_ESTABLISHMENT else "CH-TOUL"
            person_id, role = world.person(establishment, disabled=disabled), Role.STAFF
        return Subject(
            {"person_id": str(person_id), "role": role.value},
            Target(owner_id=person_id, establishment=establishment),
            {"establishment": establishment},
        )

    return make


def _token(world: World, caller: Principal, relation: Relation) -> Subject | None:
    subject = _person()(world, caller, relation)
    assert subject is not None
    _, token, _ = world.jalon.people.issue_token(
        SYSTEM, UUID(subject.path["person_id"]), valid_days=1
    )
    subject.path["token_id"] = str(token.token_id)
    return subject


def _manager(world: World, caller: Principal, relation: Relation) -> tuple[UUID, str] | None:
    """Who manages the project, and where, as it stands to the caller."""
    match relation:
        case Relation.OWN:
            if not caller.holds(Role.PROJECT_MANAGER):
                return None  # only a project manager can manage a project
            assert caller.person_id is not None
            return caller.person_id, "CHRU"
        case Relation.SAME_ESTABLISHMENT:
            assert world.group.manager.person_id is not None
            return world.group.manager.person_id, "CHRU"
        case Relation.ELSEWHERE:
            assert world.group.other_manager.person_id is not None
            return world.group.other_manager.person_id, "CH-TOUL"
        case Relation.MEMBER:
            return None  # a relation to governance bodies


def _new_project(world: World, caller: Principal, relation: Relation) -> Subject | None:
    managed = _manager(world, caller, relation)
    if managed is None:
        return None
    manager_id, establishment = managed
    return Subject(
        {},
        Target(manager_id=manager_id, establishment=establishment),
        {"manager_id": str(manager_id), "establishment": establishment},
    )


def _project(part: str | None = None) -> Maker:
    def make(world: World, caller: Principal, relation: Relation) -> Subject | None:
        subject = _new_project(world, caller, relation)
        if subject is None:
            return None
        projects = world.jalon.projects
        project_id = world.project(UUID(subject.data["manager_id"]), subject.data["establishment"])
        subject.path = {"project_id": str(project_id), "project": str(project_id), "year": "2025"}
        if part == "milestone":
            milestone = projects.add_milestone(
                SYSTEM, project_id, name="Go-live", baseline=date(2025, 6, 1)
            )
            subject.path["milestone_id"] = str(milestone.id)
        elif part == "risk":
            assert world.group.member.person_id is not None
            risk = projects.add_risk(
                SYSTEM, project_id, title="Vendor", gravity=2, probability=2,
                owner_id=world.group.member.person_id, treatment_plan="",
            )  # fmt: skip
            subject.path["risk_id"] = str(risk.id)
        elif part == "deliverables":  # what its phase requires, so that its gate may be asked
            submit_deliverables(world.jalon, SYSTEM, project_id)
        return subject

    return make


def _reference(category: Category, *, retired: bool = False) -> Maker:
    def make(world: World, caller: Principal, relation: Relation) -> Subject:
        code = unique_code("REF")
        world.jalon.reference.define(SYSTEM, category=category, code=code, name=f"Entry {code}")
        if retired:
            world.jalon.reference.retire(SYSTEM, category=category, code=code, reason="walk")
        return Subject({"code": code}, Target())

    return make


def _with_password(world: World, caller: Principal, relation: Relation) -> Subject:
    person_id = world.person("CHRU")
    world.jalon.people.set_password(SYSTEM, person_id, password=PASSWORD)
    details = world.jalon.directory.details(person_id)
    assert details is not None
    return Subject({}, Target(), {"login": details.login})


PERSON = Touches(_person())
DISABLED_PERSON = Touches(_person(disabled=True))
TOKEN = Touches(_token)
NEW_PROJECT = Touches(_new_project)
PROJECT = Touches(_project())
MILESTONE = Touches(_project("milestone"))
RISK = Touches(_project("risk"))
GATE_READY_PROJECT = Touches(_project("deliverables"))
SIGN_IN = Touches(_with_password, (Relation.OWN,))


def _register_project(world: World, subject: Subject) -> dict[str, Any]:
    return {
        "code": unique_code("NEW"), "name": "New project",
        "establishment": subject.data["establishment"], "functional_area": "DPI", "kind": "build",
        "sponsor_id": str(world.group.member.person_id), "manager_id": subject.data["manager_id"],
    }  # fmt: skip


def _another_manager(world: World, subject: Subject) -> dict[str, Any]:
    assert subject.target is not None
    current = subject.target.manager_id
    others = [world.group.manager.person_id, world.group.other_manager.person_id]
    return {"manager_id": str(next(m for m in others if m != current)), "reason": "walk"}


def _new_person(world: World, subject: Subject) -> dict[str, Any]:
    login = unique_code("new")
    return {"login": login, "display_name": "New Person", "email": f"{login}@example.org",
            "establishment": "CHRU", "roles": ["staff"], "reason": "walk"}  # fmt: skip


def _new_details(world: World, subject: Subject) -> dict[str, Any]:
    login = unique_code("renamed")
    return {"login": login, "display_name": "Renamed", "email": f"{login}@example.org"}


def _move(world: World, subject: Subject) -> dict[str, Any]:
    elsewhere = "CH-TOUL" if subject.data["establishment"] == "CHRU" else "CHRU"
    return {"establishment": elsewhere, "reason": "walk"}


def _deliverable(world: World, subject: Subject) -> dict[str, Any]:
    """A new version of the opportunity sheet each time (an unchanged one is refused)."""
    return {"kind": "opportunity_sheet", "title": "Fiche", "version": unique_code("v"),
            "reference": "ged://fiche", "checksum": CHECKSUM}  # fmt: skip


def _reference_cases(path: str, category: Category) -> dict[str, Case]:
    entry, retired = (
        Touches(_reference(category), (Relation.OWN,)),
        Touches(_reference(category, retired=True), (Relation.OWN,)),
    )
    return {
        f"GET /api/v1/{path}": Case(NOTHING),
        f"POST /api/v1/{path}": Case(
            NOTHING, lambda world, subject: {"code": unique_code("NEW"), "name": "New entry"}
        ),
        f"PATCH /api/v1/{path}/{{code}}": Case(entry, constant({"name": "Renamed", "reason": "r"})),
        f"POST /api/v1/{path}/{{code}}/retire": Case(entry, reason_only),
        f"POST /api/v1/{path}/{{code}}/reinstate": Case(retired, reason_only),
    }


PROJECTS = "/api/v1/projects/{project_id}"
PEOPLE = "/api/v1/people/{person_id}"

CASES: dict[str, Case] = {
    "GET /api/v1/health": Case(NOTHING),
    "GET /api/v1/me": Case(NOTHING),
    "POST /api/v1/auth/login": Case(
        SIGN_IN, lambda world, subject: {"login": subject.data["login"], "password": PASSWORD}
    ),
    "GET /api/v1/portfolio": Case(NOTHING),
    "POST /api/v1/projects": Case(NEW_PROJECT, _register_project),
    "GET /api/v1/projects/{project}": Case(PROJECT),
    f"PATCH {PROJECTS}/charter": Case(PROJECT, constant({"description": "v2", "reason": "r"})),
    f"POST {PROJECTS}/manager": Case(PROJECT, _another_manager),
    f"PUT {PROJECTS}/budget/{{year}}": Case(
        PROJECT,
        constant(
            {"envelope": "100.00", "committed": "0", "spent": "0", "forecast": "90", "reason": "r"}
        ),
    ),
    f"POST {PROJECTS}/milestones": Case(
        PROJECT, constant({"name": "Pilot", "baseline": "2025-03-01"})
    ),
    f"POST {PROJECTS}/milestones/{{milestone_id}}/reforecast": Case(
        MILESTONE, constant({"forecast": "2025-07-01", "reason": "vendor late"})
    ),
    f"POST {PROJECTS}/milestones/{{milestone_id}}/achieve": Case(
        MILESTONE, constant({"achieved_on": "2025-06-02"})
    ),
    f"POST {PROJECTS}/status-reports": Case(
        PROJECT,
        constant(
            {
                "month": "2025-01",
                "weather": {
                    "quality": "green",
                    "cost": "red",
                    "deadline": "green",
                    "risk": "yellow",
                },
            }
        ),
    ),
    f"POST {PROJECTS}/risks": Case(
        PROJECT,
        lambda world, subject: {
            "title": "Staff",
            "gravity": 3,
            "probability": 2,
            "owner_id": str(world.group.member.person_id),
        },
    ),
    f"POST {PROJECTS}/risks/{{risk_id}}/reassess": Case(
        RISK, constant({"gravity": 1, "probability": 1, "reason": "mitigated"})
    ),
    f"POST {PROJECTS}/risks/{{risk_id}}/close": Case(RISK, reason_only),
    "GET /api/v1/people": Case(NOTHING),
    "POST /api/v1/people": Case(NOTHING, _new_person),
    f"GET {PEOPLE}": Case(PERSON),
    f"PUT {PEOPLE}/details": Case(PERSON, _new_details),
    f"POST {PEOPLE}/roles": Case(PERSON, constant({"role": "pmo", "reason": "r"})),
    f"POST {PEOPLE}/roles/{{role}}/revoke": Case(
        PERSON,
        reason_only,
        refusals={Relation.OWN: 422},  # an admin keeps their own admin role
    ),
    f"POST {PEOPLE}/disable": Case(PERSON, reason_only, refusals={Relation.OWN: 422}),
    f"POST {PEOPLE}/enable": Case(DISABLED_PERSON, reason_only),
    f"POST {PEOPLE}/establishment": Case(PERSON, _move),
    f"PUT {PEOPLE}/password": Case(PERSON, constant({"password": PASSWORD})),
    f"POST {PEOPLE}/tokens": Case(PERSON, constant({"valid_days": 1})),
    f"POST {PEOPLE}/tokens/{{token_id}}/revoke": Case(TOKEN, reason_only),
    f"POST {PROJECTS}/deliverables": Case(PROJECT, _deliverable, consumes=False),
    f"GET {PROJECTS}/deliverables": Case(PROJECT),
    f"POST {PROJECTS}/gate-requests": Case(GATE_READY_PROJECT, constant({"gate": "G1"})),
    f"POST {PROJECTS}/lifecycle-requests": Case(
        PROJECT, constant({"action": "suspend", "reason": "walk"})
    ),
    f"GET {PROJECTS}/conditions": Case(PROJECT),
    "GET /api/v1/projects/{project}/time-chart": Case(PROJECT),
    f"PUT {PROJECTS}/effort-plan": Case(
        PROJECT, constant({"months": {"2026-01": "120", "2026-02": "80.5"}, "reason": "walk"})
    ),
    **ACTIVITY_CASES,
    **GOVERNANCE_CASES,
    **PRIVACY_CASES,
    **ESCALATION_CASES,
    **_reference_cases("establishments", Category.ESTABLISHMENT),
    **_reference_cases("functional-areas", Category.FUNCTIONAL_AREA),
    **AUDIT_CASES,
    **ARBITRATION_CASES,
    **PORTFOLIO_HISTORY_CASES,
}
