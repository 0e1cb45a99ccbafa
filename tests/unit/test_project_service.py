"""The project commands' rules, through the application service, in memory."""

from __future__ import annotations

from datetime import UTC, date, datetime
from uuid import uuid4

import pytest

from domain.calendar import Month
from domain.clock import recording_at
from domain.errors import Conflict, DuplicateCode, Forbidden, InvalidCommand, NotFound, StaleVersion
from domain.project import Project
from domain.services.projects import ProjectRegistration
from domain.values import Dimension, Weather
from lifecycle.phases import Phase
from tests.support import Group, project_registration
from tests.unit.conftest import Services

GREEN = {"quality": "green", "cost": "green", "deadline": "green", "risk": "green"}


def registration(group: Group, code: str = "DPI-01", **overrides: object) -> ProjectRegistration:
    return project_registration(group, code, **{"name": "Dossier patient — Toul", **overrides})


def events_of(services: Services, project_id: object) -> list[str]:
    return [type(e).__name__ for e in services.store.events.get(project_id)]  # type: ignore[arg-type]


def test_registering_records_one_event_with_actor(services: Services, group: Group) -> None:
    result = services.projects.register(group.pmo, registration(group))
    project = services.projects.load(result.id)
    assert (project.code, project.establishment, project.phase.value) == (
        "DPI-01",
        "CHRU",
        "opportunity",
    )
    [registered] = list(services.store.events.get(result.id))
    assert isinstance(registered, Project.Registered)
    assert registered.actor == str(group.pmo.person_id)


def test_a_second_project_with_the_same_code_is_refused(services: Services, group: Group) -> None:
    services.projects.register(group.pmo, registration(group, code="dpi-01"))
    with pytest.raises(DuplicateCode, match="DPI-01 already exists"):
        services.projects.register(group.pmo, registration(group, code="DPI-01", name="Other"))


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"establishment": "NOWHERE"}, "establishment"),
        ({"functional_area": "ASTROLOGY"}, "functional_area"),
        ({"code": "bad code"}, "code"),
        ({"name": "  "}, "name"),
        ({"priority_criteria": ["luck"]}, "priority_criteria"),
    ],
)
def test_invalid_registrations_name_the_field_and_record_nothing(
    services: Services, group: Group, overrides: dict[str, object], field: str
) -> None:
    head = services.store.recorder.max_notification_id()
    with pytest.raises(InvalidCommand) as refused:
        services.projects.register(group.pmo, registration(group, **overrides))
    assert refused.value.field == field
    assert services.store.recorder.max_notification_id() == head


def test_the_manager_must_hold_the_project_manager_role(services: Services, group: Group) -> None:
    with pytest.raises(InvalidCommand, match="does not hold the role project_manager"):
        services.projects.register(group.pmo, registration(group, manager_id=group.staff.person_id))


def test_a_project_manager_registers_only_projects_they_manage(
    services: Services, group: Group
) -> None:
    services.projects.register(group.manager, registration(group, code="OWN"))
    with pytest.raises(Forbidden):
        services.projects.register(
            group.manager,
            registration(group, code="NOT-MINE", manager_id=group.other_manager.person_id),
        )


def test_staff_and_auditors_cannot_register(services: Services, group: Group) -> None:
    for who in (group.staff, group.auditor, group.member):
        with pytest.raises(Forbidden):
            services.projects.register(who, registration(group, code="X1"))


def test_only_the_manager_or_pmo_updates_a_project(services: Services, group: Group) -> None:
    project_id = services.projects.register(group.pmo, registration(group)).id
    services.projects.report_status(
        group.manager, project_id, month="2025-01", weather=GREEN, comment=""
    )
    services.projects.report_status(
        group.pmo, project_id, month="2025-02", weather=GREEN, comment=""
    )
    for outsider in (group.other_manager, group.auditor, group.staff):
        with pytest.raises(Forbidden):
            services.projects.report_status(
                outsider, project_id, month="2025-03", weather=GREEN, comment=""
            )


def test_budget_amounts_are_decimals_and_never_negative(services: Services, group: Group) -> None:
    project_id = services.projects.register(group.pmo, registration(group)).id
    services.projects.record_budget(
        group.manager, project_id, year=2025, envelope="100000", committed="20000.50",
        spent="1000", forecast="110000.10", reason="initial",
    )  # fmt: skip
    line = services.projects.load(project_id).budget[2025]
    assert str(line.committed) == "20000.50"
    assert str(line.forecast) == "110000.10"
    with pytest.raises(InvalidCommand) as refused:
        services.projects.record_budget(
            group.manager, project_id, year=2025, envelope="-1", committed="0", spent="0",
            forecast="0", reason="oops",
        )  # fmt: skip
    assert refused.value.field == "envelope"


def test_milestones_reforecast_with_reason_and_achieve_once(
    services: Services, group: Group
) -> None:
    project_id = services.projects.register(group.pmo, registration(group)).id
    milestone = services.projects.add_milestone(
        group.manager, project_id, name="Go-live", baseline=date(2025, 6, 1)
    ).id
    services.projects.reforecast_milestone(
        group.manager, project_id, milestone, forecast=date(2025, 7, 15), reason="vendor late"
    )
    with pytest.raises(InvalidCommand, match="reason"):
        services.projects.reforecast_milestone(
            group.manager, project_id, milestone, forecast=date(2025, 8, 1), reason=" "
        )
    services.projects.achieve_milestone(
        group.manager, project_id, milestone, achieved_on=date(2025, 7, 20)
    )
    with pytest.raises(Conflict, match="already achieved"):
        services.projects.achieve_milestone(
            group.manager, project_id, milestone, achieved_on=date(2025, 7, 21)
        )
    with pytest.raises(Conflict, match="was achieved"):
        services.projects.reforecast_milestone(
            group.manager, project_id, milestone, forecast=date(2025, 9, 1), reason="late"
        )


def test_a_milestone_that_does_not_exist_cannot_be_achieved(
    services: Services, group: Group
) -> None:
    project_id = services.projects.register(group.pmo, registration(group)).id
    with pytest.raises(NotFound, match="no milestone"):
        services.projects.achieve_milestone(
            group.manager, project_id, uuid4(), achieved_on=date(2025, 1, 1)
        )


def test_a_milestone_cannot_be_achieved_in_the_future(services: Services, group: Group) -> None:
    project_id = services.projects.register(group.pmo, registration(group)).id
    milestone = services.projects.add_milestone(
        group.manager, project_id, name="M", baseline=date(2025, 6, 1)
    ).id
    with (
        recording_at(datetime(2025, 3, 1, tzinfo=UTC)),
        pytest.raises(InvalidCommand, match="future"),
    ):
        services.projects.achieve_milestone(
            group.manager, project_id, milestone, achieved_on=date(2025, 3, 5)
        )


def test_a_second_report_for_a_month_supersedes_the_first_and_both_stay(
    services: Services, group: Group
) -> None:
    project_id = services.projects.register(group.pmo, registration(group)).id
    services.projects.report_status(
        group.manager, project_id, month="2025-03", weather=GREEN, comment="v1"
    )
    red = dict(GREEN, cost="red")
    services.projects.report_status(
        group.manager, project_id, month="2025-03", weather=red, comment="v2"
    )
    reports = [
        e for e in services.store.events.get(project_id) if isinstance(e, Project.StatusReported)
    ]
    assert [(r.comment, r.supersedes_earlier_report) for r in reports] == [
        ("v1", False),
        ("v2", True),
    ]
    assert services.projects.load(project_id).reported_months == {"2025-03"}


@pytest.mark.parametrize(
    ("weather", "field"),
    [
        ({"quality": "green", "cost": "green", "deadline": "green"}, "weather"),
        (dict(GREEN, cost="purple"), "weather.cost"),
        (dict(GREEN, mood="green"), "weather"),
    ],
)
def test_reports_need_a_known_weather_on_all_four_dimensions(
    services: Services, group: Group, weather: dict[str, str], field: str
) -> None:
    project_id = services.projects.register(group.pmo, registration(group)).id
    with pytest.raises(InvalidCommand) as refused:
        services.projects.report_status(
            group.manager, project_id, month="2025-03", weather=weather, comment=""
        )
    assert refused.value.field == field


def test_no_report_for_a_month_that_has_not_started(services: Services, group: Group) -> None:
    project_id = services.projects.register(group.pmo, registration(group)).id
    with recording_at(datetime(2025, 3, 31, 22, 30, tzinfo=UTC)):  # already April in Paris
        services.projects.report_status(
            group.manager, project_id, month="2025-04", weather=GREEN, comment=""
        )
        with pytest.raises(InvalidCommand, match="has not started"):
            services.projects.report_status(
                group.manager, project_id, month="2025-05", weather=GREEN, comment=""
            )


def test_no_report_for_a_closed_project(services: Services, group: Group) -> None:
    project_id = services.projects.register(group.pmo, registration(group)).id
    project = services.projects.load(project_id)
    project.phase = Phase.CLOSED  # the life cycle closes projects; here we only test the guard
    with pytest.raises(Conflict, match="closed"):
        project.report_status(
            actor="x", month=Month(2025, 1), weather={}, comment="", current_month=Month(2025, 2)
        )


def test_risk_criticality_is_gravity_times_probability(services: Services, group: Group) -> None:
    project_id = services.projects.register(group.pmo, registration(group)).id
    risk = services.projects.add_risk(
        group.manager, project_id, title="Vendor", gravity=3, probability=4,
        owner_id=group.manager.person_id, treatment_plan="escalate",
    ).id  # fmt: skip
    assert services.projects.load(project_id).risks[risk].criticality == 12
    services.projects.reassess_risk(
        group.manager, project_id, risk, gravity=2, probability=2, reason="mitigated"
    )
    assert services.projects.load(project_id).risks[risk].criticality == 4
    services.projects.close_risk(group.manager, project_id, risk, reason="done")
    with pytest.raises(Conflict, match="closed"):
        services.projects.reassess_risk(
            group.manager, project_id, risk, gravity=1, probability=1, reason="x"
        )


@pytest.mark.parametrize(("gravity", "probability"), [(0, 1), (5, 1), (1, 0), (1, 5)])
def test_risk_scales_run_from_1_to_4(
    services: Services, group: Group, gravity: int, probability: int
) -> None:
    project_id = services.projects.register(group.pmo, registration(group)).id
    with pytest.raises(InvalidCommand, match="between 1 and 4"):
        services.projects.add_risk(
            group.manager, project_id, title="R", gravity=gravity, probability=probability,
            owner_id=group.manager.person_id, treatment_plan="",
        )  # fmt: skip


def test_stale_expected_version_is_refused_with_the_current_version(
    services: Services, group: Group
) -> None:
    result = services.projects.register(group.pmo, registration(group))
    services.projects.report_status(
        group.manager, result.id, month="2025-01", weather=GREEN, comment="", expected_version=1
    )
    with pytest.raises(StaleVersion) as stale:
        services.projects.report_status(
            group.manager, result.id, month="2025-02", weather=GREEN, comment="", expected_version=1
        )
    assert stale.value.current_version == 2


def test_changing_the_manager_needs_pmo_and_a_reason(services: Services, group: Group) -> None:
    project_id = services.projects.register(group.pmo, registration(group)).id
    with pytest.raises(Forbidden):
        services.projects.change_manager(
            group.manager, project_id, manager_id=group.other_manager.person_id, reason="handover"
        )
    services.projects.change_manager(
        group.pmo, project_id, manager_id=group.other_manager.person_id, reason="handover"
    )
    assert services.projects.load(project_id).manager_id == group.other_manager.person_id
    # the former manager lost their rights on it, the new one has them
    with pytest.raises(Forbidden):
        services.projects.report_status(
            group.manager, project_id, month="2025-01", weather=GREEN, comment=""
        )
    services.projects.report_status(
        group.other_manager, project_id, month="2025-01", weather=GREEN, comment=""
    )


def test_charter_updates_record_only_what_changed(services: Services, group: Group) -> None:
    project_id = services.projects.register(group.pmo, registration(group)).id
    services.projects.update_charter(
        group.manager,
        project_id,
        changes={"name": "Dossier patient — Toul", "description": "New"},
        reason="scope",
    )
    last = list(services.store.events.get(project_id))[-1]
    assert isinstance(last, Project.CharterUpdated)
    assert last.changes == {"description": "New"}
    with pytest.raises(InvalidCommand, match="changes nothing"):
        services.projects.update_charter(
            group.manager, project_id, changes={"description": "New"}, reason="again"
        )


def test_copies_handed_out_by_the_repository_are_independent(
    services: Services, group: Group
) -> None:
    import copy

    project_id = services.projects.register(group.pmo, registration(group)).id
    original = services.projects.load(project_id)
    clone = copy.deepcopy(original)
    clone.report_status(
        actor="x", month=Month(2025, 1), weather=dict.fromkeys(Dimension, Weather.GREEN),
        comment="", current_month=Month(2025, 2),
    )  # fmt: skip
    assert original.reported_months == set()
    assert original.version == 1
    assert clone.version == 2
    assert len(original.pending_events) == 0
