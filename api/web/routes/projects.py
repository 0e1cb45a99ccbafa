"""The project page: charter, phase timeline with gate decisions, deliverables, budget by
year, milestones, risk matrix, monthly weather and time spent vs planned; its charts as SVG."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from api.deps import JalonDep
from api.web import charts
from api.web.deps import Page, Viewer
from api.web.i18n import Formats, translations
from api.web.labels import LABELS
from api.web.sections import PROJECT_SECTIONS
from api.web.templating import language_of, render
from domain.authorization import Operation, may
from domain.errors import NotFound
from infrastructure.bootstrap import Jalon
from lifecycle.phases import ACTIVE_PHASES
from projections.queries.audit import TrailFilter, audit_trail
from projections.queries.governance import (
    RegisterFilter,
    decision_register,
    open_conditions,
    project_deliverables,
)
from projections.queries.pages import phases_left_by_reviews
from projections.queries.people import list_reference
from projections.queries.portfolio import find_project, project_detail
from projections.queries.timeshare import project_time_chart

router = APIRouter(include_in_schema=False)
Reader = Annotated[Viewer, Depends(Page(Operation.PROJECT_READ))]
LIFE_CYCLE_SUBJECTS = {"suspend", "resume", "abandon"}


def load_project(jalon: Jalon, code: str) -> dict[str, Any]:
    with jalon.database.reading() as cursor:
        found = find_project(cursor, code)
        detail = project_detail(cursor, found["id"]) if found else None
        if detail is None:
            raise NotFound(f"project {code} not found")
        decisions, _ = decision_register(cursor, RegisterFilter(project_id=detail["id"]), limit=500)
        leaves = phases_left_by_reviews(cursor, detail["id"])
        detail["deliverables"] = project_deliverables(cursor, detail["id"])
        detail["open_conditions_list"] = open_conditions(cursor, detail["id"])
        names = {
            category: {r["code"]: r["name"] for r in list_reference(cursor, category)}
            for category in ("establishment", "functional_area")
        }
    for decision in decisions:
        decision["leaves"] = leaves.get(decision["review_id"])
    detail["decisions"] = decisions
    detail["establishment_name"] = names["establishment"].get(detail["establishment"], "")
    detail["functional_area_name"] = names["functional_area"].get(detail["functional_area"], "")
    return detail


def timeline(project: dict[str, Any]) -> list[dict[str, Any]]:
    """The working phases in order, each done, current or to come, with the decisions on
    the gate leaving it."""
    passed = {
        d["leaves"]
        for d in project["decisions"]
        if d["outcome"] in ("approved", "approved_with_conditions") and d["leaves"]
    }
    closed = project["phase"] == "closed"
    steps = []
    for phase in ACTIVE_PHASES:
        state = "current" if phase.value == project["phase"] else "upcoming"
        if phase.value in passed or closed:
            state = "done"
        gate_decisions = [d for d in project["decisions"] if d["leaves"] == phase.value]
        steps.append({"phase": phase.value, "state": state, "decisions": gate_decisions})
    return steps


def current_reports(project: dict[str, Any]) -> list[dict[str, Any]]:
    """The month's current report (not superseded), oldest month first."""
    return sorted(
        (r for r in project["status_reports"] if not r["superseded"]), key=lambda r: r["month"]
    )


def risk_matrix(risks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows of gravity 4 → 1, columns of probability 1 → 4: the open risks in each cell."""
    open_risks = [r for r in risks if not r["closed"]]
    rows = []
    for gravity in (4, 3, 2, 1):
        cells = []
        for probability in (1, 2, 3, 4):
            here = [
                r for r in open_risks if r["gravity"] == gravity and r["probability"] == probability
            ]
            cells.append({"probability": probability, "criticality": gravity * probability,
                          "risks": here})  # fmt: skip
        rows.append({"gravity": gravity, "cells": cells})
    return rows


def time_chart(jalon: Jalon, project: dict[str, Any]) -> dict[str, Any]:
    with jalon.database.reading() as cursor:
        return project_time_chart(cursor, str(project["id"]))


HISTORY_ROWS = 20


def latest_history(jalon: Jalon, project: dict[str, Any], viewer: Viewer) -> dict[str, Any] | None:
    """The project's latest events from the audit trail, for those the matrix lets read it."""
    if not may(viewer.principal, Operation.AUDIT_READ):
        return None
    where = TrailFilter(project_id=str(project["id"]))
    with jalon.database.reading() as cursor:
        total = int(cursor.scalar(
            "SELECT COUNT(*) FROM audit_trail WHERE project_id = %s", (where.project_id,)
        ) or 0)  # fmt: skip
        rows, _ = audit_trail(
            cursor, where, limit=HISTORY_ROWS, offset=max(total - HISTORY_ROWS, 0)
        )
    return {"rows": list(reversed(rows)), "total": total}


@router.get("/projects/{code}")
def project_page(request: Request, code: str, viewer: Reader, jalon: JalonDep) -> Response:
    project = load_project(jalon, code)
    context = {
        "project": project,
        "timeline": timeline(project),
        "life_cycle_decisions": [
            d for d in project["decisions"] if d["subject"] in LIFE_CYCLE_SUBJECTS
        ],
        "reports": list(reversed(current_reports(project))),
        "matrix": risk_matrix(project["risks"]),
        "sections": PROJECT_SECTIONS,
        "time_chart": time_chart(jalon, project),
        "history": latest_history(jalon, project, viewer),
    }
    return render(request, "project/page.html", context, viewer=viewer)


@router.get("/projects/{code}/charts/{chart}.svg")
def project_chart(
    request: Request, code: str, chart: str, viewer: Reader, jalon: JalonDep
) -> Response:
    project = load_project(jalon, code)
    language = language_of(request)
    fmt = Formats(language, jalon.settings.zone)
    gettext = translations(language).gettext
    if chart == "weather":
        svg = charts.weather_history(
            current_reports(project),
            fmt,
            gettext,
            {code: gettext(words) for code, words in LABELS["weather"].items()},
            {code: gettext(words) for code, words in LABELS["dimension"].items()},
        )
    elif chart == "budget":
        svg = charts.budget_by_year(project["budget_lines"], fmt, gettext)
    elif chart == "time":
        svg = charts.time_spent_vs_planned(time_chart(jalon, project)["months"], fmt, gettext)
    else:
        raise NotFound(f"no chart {chart}")
    return Response(svg, media_type="image/svg+xml", headers={"Cache-Control": "no-store"})
