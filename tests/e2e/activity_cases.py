"""The authorization-matrix walk's cases for activity routes: teams, time sheets, effort
plans, time-share and commitment reports, MCO services (see tests/e2e/route_cases.py).

Time sheets are for the current week (projects are registered today, and time cannot be
booked before a project exists nor in a week that has not started). "Own" means, for a
sheet, the caller's own sheet when recording or reading it, and a sheet the caller may
decide when validating or rejecting it: on a project they manage (project managers) or of
a member of a team they lead (anyone else)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any
from uuid import UUID

from domain.authorization import Target
from domain.calendar import IsoWeek
from domain.commitments import Commitments
from domain.principal import SYSTEM, Principal
from domain.timesheet import LineInput
from domain.values import ProjectKind, Role
from tests.e2e.route_objects import (
    COLLECTION,
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
from tests.support import project_registration

STARTED = "2025-01"


def _team(world: World, lead_id: UUID) -> str:
    code = unique_code("TEAM")
    world.jalon.teams.form(SYSTEM, code=code, name=f"Team {code}", establishment="CHRU",
                           lead_id=lead_id)  # fmt: skip
    return code


def _someone_else(world: World) -> UUID:
    assert world.group.member.person_id is not None
    return world.group.member.person_id


def _another_manager(world: World) -> UUID:
    assert world.group.manager.person_id is not None
    return world.group.manager.person_id


def _a_team(world: World, caller: Principal, relation: Relation) -> Subject:
    return Subject({"code": _team(world, _someone_else(world))}, Target())


def _a_team_with_a_member(world: World, caller: Principal, relation: Relation) -> Subject:
    code = _team(world, _someone_else(world))
    person_id = world.person("CHRU")
    world.jalon.teams.assign(SYSTEM, person_id, team=code, since=datetime(2025, 1, 1).date(),
                             reason="walk")  # fmt: skip
    return Subject({"code": code, "person_id": str(person_id)}, Target())


def _run_project(world: World, subject: Subject) -> dict[str, Any]:
    registration = project_registration(world.group, unique_code("RUN"), kind=ProjectKind.RUN)
    return {"project_id": str(world.jalon.projects.register(SYSTEM, registration).id)}


def _this_week(world: World) -> IsoWeek:
    return IsoWeek.of(world.jalon.today())


def _sheet(stage: str) -> Maker:
    """A sheet of this week at `stage`: "none" (not recorded yet), "draft" or "submitted"."""

    def make(world: World, caller: Principal, relation: Relation) -> Subject | None:
        deciding = stage == "submitted"
        leads: frozenset[UUID] = frozenset()
        if relation is Relation.OWN and not deciding:
            assert caller.person_id is not None
            person_id, manager_id = caller.person_id, _another_manager(world)
        elif relation is Relation.OWN and caller.holds(Role.PROJECT_MANAGER):
            assert caller.person_id is not None
            person_id, manager_id = world.person("CHRU"), caller.person_id
        elif relation is Relation.OWN:  # a member of a team the caller leads
            assert caller.person_id is not None
            person_id, manager_id = world.person("CHRU"), _another_manager(world)
            team = _team(world, caller.person_id)
            since = _this_week(world).monday - timedelta(days=7)
            world.jalon.teams.assign(SYSTEM, person_id, team=team, since=since, reason="walk")
            leads = frozenset({caller.person_id})
        else:
            here = relation is Relation.SAME_ESTABLISHMENT
            person_id = world.person("CHRU" if here else "CH-TOUL")
            manager = world.group.manager if here else world.group.other_manager
            assert manager.person_id is not None
            manager_id = manager.person_id
        project_id = world.project(manager_id, "CHRU")
        week = str(_this_week(world))
        if stage != "none":
            sheets = world.jalon.timesheets
            sheets.record(SYSTEM, person_id, week, [LineInput(project_id, "7.5", "walk")])
            if stage == "submitted":
                sheets.submit(SYSTEM, person_id, week)
        return Subject(
            {"person_id": str(person_id), "week": week},
            Target(owner_id=person_id, manager_id=manager_id, team_lead_ids=leads),
            {"project_id": str(project_id)},
        )

    return make


def _service(with_incident: bool = False) -> Maker:
    """An MCO service of a team the caller leads (own), or someone else's team."""

    def make(world: World, caller: Principal, relation: Relation) -> Subject:
        lead = caller.person_id if relation is Relation.OWN else _someone_else(world)
        assert lead is not None
        code = unique_code("SVC")
        services = world.jalon.mco_services
        services.register(SYSTEM, code=code, name=f"Service {code}", team=_team(world, lead),
                          commitments=Commitments(Decimal("99.5"), 240), effective_from=STARTED)  # fmt: skip
        path = {"code": code}
        if with_incident:
            incident = services.record_incident(
                SYSTEM, code, priority=1, opened_at=datetime(2025, 3, 3, 9, tzinfo=UTC),
                summary="walk",
            )  # fmt: skip
            path["incident_id"] = str(incident.id)
        return Subject(path, Target(team_lead_ids=frozenset({lead})))

    return make


def _new_team(world: World, subject: Subject) -> dict[str, Any]:
    return {"code": unique_code("TEAM"), "name": "New team", "establishment": "CHRU",
            "lead_id": str(_someone_else(world))}  # fmt: skip


def _new_member(world: World, subject: Subject) -> dict[str, Any]:
    return {"person_id": str(world.person("CHRU")), "since": "2025-02-01", "reason": "walk"}


def _new_service(world: World, subject: Subject) -> dict[str, Any]:
    return {"code": unique_code("SVC"), "name": "New service",
            "team": _team(world, _someone_else(world)), "availability_target": "99.5",
            "p1_resolution_hours": "4", "effective_from": STARTED}  # fmt: skip


def _lines(world: World, subject: Subject) -> dict[str, Any]:
    return {"lines": [{"project_id": subject.data["project_id"], "hours": "7.5"}]}


TEAM = Touches(_a_team, (Relation.OWN,))
TEAM_WITH_A_MEMBER = Touches(_a_team_with_a_member, (Relation.OWN,))
UNRECORDED_SHEET = Touches(_sheet("none"))
DRAFT_SHEET = Touches(_sheet("draft"))
SUBMITTED_SHEET = Touches(_sheet("submitted"))
SERVICE = Touches(_service())
SERVICE_WITH_AN_INCIDENT = Touches(_service(with_incident=True))

TEAMS = "/api/v1/teams/{code}"
SHEET = "/api/v1/timesheets/{person_id}/{week}"
SERVICES = "/api/v1/mco-services/{code}"

ACTIVITY_CASES: dict[str, Case] = {
    "GET /api/v1/teams": Case(NOTHING),
    "POST /api/v1/teams": Case(NOTHING, _new_team),
    f"GET {TEAMS}": Case(TEAM),
    f"POST {TEAMS}/lead": Case(
        TEAM,
        lambda world, subject: {"lead_id": str(world.group.manager.person_id), "reason": "walk"},
    ),
    f"POST {TEAMS}/run-projects": Case(TEAM, _run_project),
    f"POST {TEAMS}/members": Case(TEAM, _new_member),
    f"POST {TEAMS}/members/{{person_id}}/leave": Case(
        TEAM_WITH_A_MEMBER, constant({"until": "2025-06-01", "reason": "walk"})
    ),
    "GET /api/v1/timesheets": Case(COLLECTION),
    f"GET {SHEET}": Case(DRAFT_SHEET),
    f"PUT {SHEET}": Case(UNRECORDED_SHEET, _lines),
    f"POST {SHEET}/submit": Case(DRAFT_SHEET, constant({})),
    f"POST {SHEET}/validate": Case(SUBMITTED_SHEET, constant({})),
    f"POST {SHEET}/reject": Case(SUBMITTED_SHEET, reason_only),
    "GET /api/v1/reports/time-share": Case(NOTHING),
    "GET /api/v1/reports/commitments": Case(NOTHING),
    "GET /api/v1/mco-services": Case(NOTHING),
    "POST /api/v1/mco-services": Case(NOTHING, _new_service),
    f"POST {SERVICES}/commitments": Case(
        SERVICE,
        constant(
            {
                "availability_target": "99",
                "p1_resolution_hours": "8",
                "effective_from": "2025-06",
                "reason": "walk",
            }
        ),
    ),
    f"POST {SERVICES}/availability": Case(
        SERVICE, constant({"month": "2025-03", "planned_minutes": 60, "unplanned_minutes": 0})
    ),
    f"POST {SERVICES}/incidents": Case(
        SERVICE,
        constant({"priority": 1, "opened_at": "2025-03-03T09:00:00Z", "summary": "walk"}),
    ),
    f"POST {SERVICES}/incidents/{{incident_id}}/resolve": Case(
        SERVICE_WITH_AN_INCIDENT, constant({"resolved_at": "2025-03-03T12:00:00Z"})
    ),
}
