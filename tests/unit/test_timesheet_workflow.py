"""A week's sheet from draft to validated: who may decide, project by project, rejections
and corrections; and the state machine behind it."""

from __future__ import annotations

import pytest

from domain.calendar import IsoWeek
from domain.errors import Conflict, Forbidden, InvalidCommand, StaleVersion
from domain.timesheet import LineInput, TimeSheet
from lifecycle.timesheet import SHEET_WORKFLOW, SheetState
from tests.support import Activity, Group
from tests.unit.conftest import Services

WEEK = "2025-W41"


@pytest.fixture
def submitted(services: Services, group: Group, activity: Activity) -> Services:
    """The staff member's week: 30 h on the run project, 7.5 h on the build project."""
    person = group.staff.person_id
    assert person is not None
    lines = [LineInput(activity.run, "30", "support"), LineInput(activity.build, "7.5")]
    services.timesheets.record(group.staff, person, WEEK, lines)
    services.timesheets.submit(group.staff, person, WEEK)
    return services


def sheet(services: Services, group: Group) -> TimeSheet:
    assert group.staff.person_id is not None
    return services.timesheets.load(group.staff.person_id, IsoWeek.parse(WEEK))


def kinds(services: Services, group: Group) -> list[str]:
    return [type(e).__name__ for e in services.store.events.get(sheet(services, group).id)]


def test_the_team_lead_validates_the_whole_sheet_at_once(
    submitted: Services, group: Group, activity: Activity
) -> None:
    assert group.staff.person_id is not None
    submitted.timesheets.validate(activity.lead, group.staff.person_id, WEEK)
    assert sheet(submitted, group).state is SheetState.VALIDATED
    assert kinds(submitted, group) == ["Drafted", "Submitted", "Validated"]


def test_a_project_manager_validates_their_projects_lines_and_the_lead_the_rest(
    submitted: Services, group: Group, activity: Activity
) -> None:
    person = group.staff.person_id
    assert person is not None
    submitted.timesheets.validate(group.manager, person, WEEK)  # manages the build project
    partly = sheet(submitted, group)
    assert partly.state is SheetState.SUBMITTED
    assert partly.approved == {activity.build} and partly.pending == {activity.run}
    submitted.timesheets.validate(group.other_manager, person, WEEK)  # manages the run project
    assert sheet(submitted, group).state is SheetState.VALIDATED
    assert kinds(submitted, group)[-2:] == ["LinesApproved", "Validated"]


def test_a_project_manager_cannot_validate_lines_of_projects_they_do_not_manage(
    submitted: Services, group: Group, activity: Activity
) -> None:
    person = group.staff.person_id
    assert person is not None
    with pytest.raises(Forbidden, match="projects they manage or the teams they lead"):
        submitted.timesheets.validate(group.manager, person, WEEK, projects=[activity.run])
    with pytest.raises(Forbidden):
        submitted.timesheets.reject(
            group.manager, person, WEEK, projects=[activity.run], reason="not mine"
        )


def test_staff_who_lead_no_team_of_the_person_cannot_validate(
    services: Services, group: Group, activity: Activity
) -> None:
    assert group.staff.person_id is not None and activity.lead.person_id is not None
    lines = [LineInput(activity.run, "35")]
    services.timesheets.record(activity.lead, activity.lead.person_id, WEEK, lines)
    services.timesheets.submit(activity.lead, activity.lead.person_id, WEEK)
    with pytest.raises(Forbidden, match="do not lead the person's team"):
        services.timesheets.validate(group.staff, activity.lead.person_id, WEEK)
    with pytest.raises(Forbidden, match=r"may not perform timesheet\.validate"):
        services.timesheets.validate(group.auditor, activity.lead.person_id, WEEK)


def test_nobody_validates_their_own_time(
    services: Services, group: Group, activity: Activity
) -> None:
    lead = activity.lead.person_id
    assert lead is not None
    services.timesheets.record(activity.lead, lead, WEEK, [LineInput(activity.run, "35")])
    services.timesheets.submit(activity.lead, lead, WEEK)
    with pytest.raises(Forbidden, match="their own time sheet"):
        services.timesheets.validate(activity.lead, lead, WEEK)
    services.timesheets.validate(group.other_manager, lead, WEEK)  # the run project's manager


def test_a_rejection_needs_a_reason_and_sends_the_sheet_back(
    submitted: Services, group: Group, activity: Activity
) -> None:
    person = group.staff.person_id
    assert person is not None
    with pytest.raises(InvalidCommand) as refused:
        submitted.timesheets.reject(activity.lead, person, WEEK, reason="  ")
    assert refused.value.field == "reason"
    submitted.timesheets.reject(activity.lead, person, WEEK, reason="astreinte oubliée")
    rejected = sheet(submitted, group)
    assert rejected.state is SheetState.REJECTED
    assert rejected.rejected == {activity.run, activity.build}
    [event] = [
        e for e in submitted.store.events.get(rejected.id) if isinstance(e, TimeSheet.Rejected)
    ]
    assert event.reason == "astreinte oubliée"


def test_a_corrected_sheet_keeps_the_approvals_of_unchanged_projects(
    submitted: Services, group: Group, activity: Activity
) -> None:
    person = group.staff.person_id
    assert person is not None
    submitted.timesheets.validate(group.manager, person, WEEK)  # build lines approved
    submitted.timesheets.reject(activity.lead, person, WEEK, reason="astreinte oubliée")
    corrected = [
        LineInput(activity.run, "30", "support"),
        LineInput(activity.run, "6", "astreinte"),
        LineInput(activity.build, "7.5"),
    ]
    submitted.timesheets.record(group.staff, person, WEEK, corrected)
    assert sheet(submitted, group).approved == {activity.build}
    submitted.timesheets.submit(group.staff, person, WEEK)
    submitted.timesheets.validate(activity.lead, person, WEEK)
    final = sheet(submitted, group)
    assert final.state is SheetState.VALIDATED and final.total_minutes == 43 * 60 + 30
    assert kinds(submitted, group) == [
        "Drafted", "Submitted", "LinesApproved", "Rejected", "Amended", "Submitted", "Validated",
    ]  # fmt: skip


def test_changed_lines_lose_their_approval(
    submitted: Services, group: Group, activity: Activity
) -> None:
    person = group.staff.person_id
    assert person is not None
    submitted.timesheets.validate(group.manager, person, WEEK)
    submitted.timesheets.reject(activity.lead, person, WEEK, reason="recette, pas conception")
    lines = [LineInput(activity.run, "30", "support"), LineInput(activity.build, "7.5", "recette")]
    submitted.timesheets.record(group.staff, person, WEEK, lines)
    assert sheet(submitted, group).approved == set()


def test_a_rejected_sheet_can_be_submitted_again_unchanged(
    submitted: Services, group: Group, activity: Activity
) -> None:
    person = group.staff.person_id
    assert person is not None
    submitted.timesheets.reject(activity.lead, person, WEEK, reason="vérifier le total")
    submitted.timesheets.submit(group.staff, person, WEEK)
    assert sheet(submitted, group).state is SheetState.SUBMITTED
    assert sheet(submitted, group).rejected == set()


def test_a_validated_sheet_is_final(submitted: Services, group: Group, activity: Activity) -> None:
    person = group.staff.person_id
    assert person is not None
    submitted.timesheets.validate(activity.lead, person, WEEK)
    with pytest.raises(Conflict, match="is validated"):
        submitted.timesheets.record(group.staff, person, WEEK, [LineInput(activity.run, "1")])
    with pytest.raises(Conflict, match="is validated: it cannot be validated or rejected"):
        submitted.timesheets.validate(activity.lead, person, WEEK)
    with pytest.raises(Conflict):
        submitted.timesheets.submit(group.staff, person, WEEK)


def test_a_submitted_sheet_can_be_withdrawn_until_someone_approves_part_of_it(
    submitted: Services, group: Group, activity: Activity
) -> None:
    person = group.staff.person_id
    assert person is not None
    submitted.timesheets.record(group.staff, person, WEEK, [LineInput(activity.run, "37.5")])
    assert sheet(submitted, group).state is SheetState.DRAFT
    submitted.timesheets.record(
        group.staff, person, WEEK, [LineInput(activity.run, "30"), LineInput(activity.build, "7.5")]
    )
    submitted.timesheets.submit(group.staff, person, WEEK)
    submitted.timesheets.validate(group.manager, person, WEEK)
    with pytest.raises(Conflict, match="already approved in part"):
        submitted.timesheets.record(group.staff, person, WEEK, [LineInput(activity.run, "37.5")])


def test_a_draft_that_changes_nothing_or_has_no_line_is_refused(
    services: Services, group: Group, activity: Activity
) -> None:
    person = group.staff.person_id
    assert person is not None
    with pytest.raises(InvalidCommand, match="at least one line"):
        services.timesheets.record(group.staff, person, WEEK, [])
    services.timesheets.record(group.staff, person, WEEK, [LineInput(activity.run, "7")])
    with pytest.raises(InvalidCommand, match="same as the current ones"):
        services.timesheets.record(group.staff, person, WEEK, [LineInput(activity.run, "7.00")])
    services.timesheets.record(group.staff, person, WEEK, [])  # emptied
    with pytest.raises(Conflict, match="has no lines"):
        services.timesheets.submit(group.staff, person, WEEK)


def test_a_decision_on_a_project_without_waiting_lines_is_refused(
    submitted: Services, group: Group, activity: Activity
) -> None:
    person = group.staff.person_id
    assert person is not None
    submitted.timesheets.validate(group.manager, person, WEEK)
    with pytest.raises(InvalidCommand, match="no lines waiting") as refused:
        submitted.timesheets.validate(group.pmo, person, WEEK, projects=[activity.build])
    assert refused.value.field == "projects"


def test_a_stale_version_is_refused(submitted: Services, group: Group, activity: Activity) -> None:
    person = group.staff.person_id
    assert person is not None
    with pytest.raises(StaleVersion):
        submitted.timesheets.validate(activity.lead, person, WEEK, expected_version=1)
    submitted.timesheets.validate(activity.lead, person, WEEK, expected_version=2)


def test_the_workflow_machine_allows_exactly_these_transitions() -> None:
    draft, submitted, validated, rejected = list(SheetState)
    allowed = {
        (trigger, state, frozenset(facts.items())): SHEET_WORKFLOW.next_state(
            trigger, state, **facts
        )
        for trigger, facts in [
            ("amend", {"has_approvals": False}),
            ("amend", {"has_approvals": True}),
            ("submit", {"has_lines": True}),
            ("submit", {"has_lines": False}),
            ("approve", {"approves_every_project": True}),
            ("approve", {"approves_every_project": False}),
            ("reject", {}),
        ]
        for state in SheetState
    }
    fired = {
        (t, s.value, dict(f).popitem() if f else None): d for (t, s, f), d in allowed.items() if d
    }
    assert fired == {
        ("amend", "draft", ("has_approvals", False)): draft,
        ("amend", "draft", ("has_approvals", True)): draft,
        ("amend", "rejected", ("has_approvals", False)): draft,
        ("amend", "rejected", ("has_approvals", True)): draft,
        ("amend", "submitted", ("has_approvals", False)): draft,
        ("submit", "draft", ("has_lines", True)): submitted,
        ("submit", "rejected", ("has_lines", True)): submitted,
        ("approve", "submitted", ("approves_every_project", True)): validated,
        ("approve", "submitted", ("approves_every_project", False)): submitted,
        ("reject", "submitted", None): rejected,
    }


def test_the_workflow_prints_as_a_mermaid_diagram() -> None:
    diagram = SHEET_WORKFLOW.mermaid()
    assert diagram.startswith("stateDiagram-v2\n    [*] --> draft")
    assert "    submitted --> validated: approve [if approves_every_project]" in diagram
    assert "    submitted --> draft: amend [unless has_approvals]" in diagram
