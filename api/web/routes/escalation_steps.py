"""One escalation on screen, with its steps, and the forms of the steps the viewer may take
now: each posts to the same service as the API (api/routers/escalations.py), with the same
operation, and comes back to the escalation (or answers the service's refusal)."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from api.deps import JalonDep
from api.web.deps import Action, Page, Viewer
from api.web.escalation_forms import STEP_FORMS, action_rows, actions_from_rows, steps_for
from api.web.i18n import N_
from api.web.routes.escalations import RULE_NAMES, STATE_NAMES
from api.web.templating import render
from domain.aggregate import SYSTEM_ACTOR
from domain.authorization import Operation
from domain.errors import NotFound
from domain.services.results import CommandResult
from infrastructure.bootstrap import Jalon
from projections.queries.escalations import get_escalation
from projections.queries.governance import people_refs
from projections.queries.pages import enabled_people
from projections.queries.portfolio import find_project

router = APIRouter(include_in_schema=False)
Reader = Annotated[Viewer, Depends(Page(Operation.ESCALATION_READ))]
Manager = Annotated[Viewer, Depends(Action(Operation.ESCALATION_MANAGE))]
Responder = Annotated[Viewer, Depends(Action(Operation.ESCALATION_RESPOND))]
Reason = Annotated[str, Form(max_length=2000)]
Version = Annotated[int | None, Form(ge=0)]
Column = Annotated[list[str], Form(max_length=50)]

STEP_NAMES = {
    "opened": N_("Opened"),
    "assistant_assigned": N_("Assistant assigned"),
    "acknowledged": N_("Acknowledged"),
    "action_plan_agreed": N_("Action plan agreed"),
    "monitoring_started": N_("Monitoring started"),
    "closed": N_("Closed"),
    "cancelled": N_("Cancelled"),
}
NOTICES = {
    "opened": N_("The escalation is opened."),
    "assistant": N_("The assistant is assigned."),
    "acknowledge": N_("The escalation is acknowledged."),
    "action-plan": N_("The action plan is agreed."),
    "monitoring": N_("The monitoring has started."),
    "close": N_("The escalation is closed."),
    "cancel": N_("The escalation is cancelled."),
}


@router.get("/escalations/{escalation_id}")
def escalation_page(
    escalation_id: UUID, request: Request, viewer: Reader, jalon: JalonDep,
    notice: str | None = None,
) -> Response:  # fmt: skip
    with jalon.database.reading() as cursor:
        found = get_escalation(cursor, str(escalation_id))
        if found is None:
            raise NotFound(f"escalation {escalation_id} not found")
        project = find_project(cursor, found["project"]["id"])
        people = enabled_people(cursor)
        actors = people_refs(
            cursor, [s["actor"] for s in found["steps"] if s["actor"] != SYSTEM_ACTOR]
        )
    manager = project["manager"]["id"] if project else None
    context: dict[str, Any] = {
        "case": found, "states": STATE_NAMES, "rules": RULE_NAMES, "people": people,
        "steps": steps_for(viewer.principal, found["state"], manager), "forms": STEP_FORMS,
        "rows": action_rows(found["actions"]), "notice": NOTICES.get(notice or ""),
        "actors": actors, "step_names": STEP_NAMES,
    }  # fmt: skip
    return render(request, "escalations/case.html", context, viewer=viewer)


def done(jalon: Jalon, result: CommandResult, notice: str) -> Response:
    jalon.wait_for(result.position)
    return RedirectResponse(f"/escalations/{result.id}?notice={notice}", status_code=303)


@router.post("/escalations")
def open_escalation(
    viewer: Manager, jalon: JalonDep, project_id: Annotated[UUID, Form()], reason: Reason,
    assistant_id: Annotated[UUID | None, Form()] = None,
) -> Response:  # fmt: skip
    result = jalon.escalations.open(
        viewer.principal, project_id=project_id, reason=reason, assistant_id=assistant_id
    )
    return done(jalon, result, "opened")


@router.post("/escalations/{escalation_id}/assistant")
def assign_assistant(
    escalation_id: UUID, viewer: Manager, jalon: JalonDep,
    assistant_id: Annotated[UUID, Form()], reason: Reason, expected_version: Version = None,
) -> Response:  # fmt: skip
    result = jalon.escalations.assign_assistant(
        viewer.principal, escalation_id, assistant_id=assistant_id, reason=reason,
        expected_version=expected_version,
    )  # fmt: skip
    return done(jalon, result, "assistant")


@router.post("/escalations/{escalation_id}/acknowledge")
def acknowledge(
    escalation_id: UUID, viewer: Responder, jalon: JalonDep, reason: Reason,
    expected_version: Version = None,
) -> Response:  # fmt: skip
    result = jalon.escalations.acknowledge(
        viewer.principal, escalation_id, reason=reason, expected_version=expected_version
    )
    return done(jalon, result, "acknowledge")


@router.post("/escalations/{escalation_id}/action-plan")
def agree_action_plan(
    escalation_id: UUID, viewer: Responder, jalon: JalonDep, reason: Reason,
    description: Column, owner_id: Column, due: Column, expected_version: Version = None,
) -> Response:  # fmt: skip
    """One action per row of the form (description, owner, due date); blank rows are left out."""
    result = jalon.escalations.agree_action_plan(
        viewer.principal, escalation_id, actions=actions_from_rows(description, owner_id, due),
        reason=reason, expected_version=expected_version,
    )  # fmt: skip
    return done(jalon, result, "action-plan")


@router.post("/escalations/{escalation_id}/monitoring")
def start_monitoring(
    escalation_id: UUID, viewer: Responder, jalon: JalonDep, reason: Reason,
    expected_version: Version = None,
) -> Response:  # fmt: skip
    result = jalon.escalations.start_monitoring(
        viewer.principal, escalation_id, reason=reason, expected_version=expected_version
    )
    return done(jalon, result, "monitoring")


@router.post("/escalations/{escalation_id}/close")
def close(
    escalation_id: UUID, viewer: Manager, jalon: JalonDep, reason: Reason,
    expected_version: Version = None,
) -> Response:  # fmt: skip
    result = jalon.escalations.close(
        viewer.principal, escalation_id, reason=reason, expected_version=expected_version
    )
    return done(jalon, result, "close")


@router.post("/escalations/{escalation_id}/cancel")
def cancel(
    escalation_id: UUID, viewer: Manager, jalon: JalonDep, reason: Reason,
    expected_version: Version = None,
) -> Response:  # fmt: skip
    result = jalon.escalations.cancel(
        viewer.principal, escalation_id, reason=reason, expected_version=expected_version
    )
    return done(jalon, result, "cancel")
