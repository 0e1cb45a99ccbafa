"""What a week's time sheet accepts: every validation rule, through the service, in memory."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from uuid import uuid4

import pytest

from domain.clock import recording_at
from domain.errors import Forbidden, InvalidCommand
from domain.project import Project
from domain.services.timesheets import TimeSheetService
from domain.timesheet import LineInput, TimeSheet
from governance_rules.weekly_hours import WeeklyHoursCeiling
from tests.support import Activity, Group, project_registration
from tests.unit.conftest import Services

WEEK = "2025-W41"


def record(services: Services, group: Group, *lines: LineInput, who: object = None) -> object:
    principal = who or group.staff
    assert group.staff.person_id is not None
    return services.timesheets.record(principal, group.staff.person_id, WEEK, list(lines))  # type: ignore[arg-type]


def head(services: Services) -> int:
    return services.store.recorder.max_notification_id() or 0


@pytest.mark.parametrize(
    ("hours", "field", "message"),
    [
        ("-1", "lines[1].hours", "cannot be negative"),
        ("0", "lines[1].hours", "more than zero"),
        ("7.3", "lines[1].hours", "quarter hours"),
        ("168.25", "lines[1].hours", "more than 168 h"),
        ("abc", "lines[1].hours", "not a number of hours"),
    ],
)
def test_hours_are_positive_quarter_hours_or_nothing_is_recorded(
    services: Services, group: Group, activity: Activity, hours: str, field: str, message: str
) -> None:
    before = head(services)
    with pytest.raises(InvalidCommand, match=message) as refused:
        record(services, group, LineInput(activity.run, "10"), LineInput(activity.build, hours))
    assert refused.value.field == field
    assert head(services) == before


def test_a_week_holds_at_most_seven_times_twenty_four_hours(
    services: Services, group: Group, activity: Activity
) -> None:
    record(services, group, LineInput(activity.run, "168"))  # exactly a week: accepted
    with pytest.raises(InvalidCommand, match=r"168\.25 h, more than the 168 h of a week"):
        record(services, group, LineInput(activity.run, "100"), LineInput(activity.build, "68.25"))


def test_above_the_weekly_ceiling_the_sheet_is_accepted_with_a_warning(
    services: Services, group: Group, activity: Activity
) -> None:
    at_ceiling = record(
        services, group, LineInput(activity.run, "40"), LineInput(activity.build, "8")
    )
    assert at_ceiling.warnings == ()  # type: ignore[attr-defined]
    above = record(
        services, group, LineInput(activity.run, "40"), LineInput(activity.build, "8.25")
    )
    assert above.warnings == ("48.25 h recorded, above the weekly ceiling of 48 h",)  # type: ignore[attr-defined]
    [drafted, amended] = services.store.events.get(above.id)  # type: ignore[attr-defined]
    assert isinstance(amended, TimeSheet.Amended)
    assert amended.warnings == ["48.25 h recorded, above the weekly ceiling of 48 h"]
    assert drafted.warnings == []  # type: ignore[attr-defined]


def test_the_weekly_ceiling_is_configurable(
    services: Services, group: Group, activity: Activity
) -> None:
    strict = TimeSheetService(
        services.store, services.timesheets.timezone, WeeklyHoursCeiling(Decimal(35))
    )
    assert group.staff.person_id is not None
    result = strict.record(
        group.staff, group.staff.person_id, WEEK, [LineInput(activity.run, "35.25")]
    )
    assert result.warnings == ("35.25 h recorded, above the weekly ceiling of 35 h",)


def test_time_goes_to_a_project_that_exists(
    services: Services, group: Group, activity: Activity
) -> None:
    with pytest.raises(InvalidCommand, match="no project") as refused:
        record(services, group, LineInput(activity.run, "30"), LineInput(uuid4(), "7.5"))
    assert refused.value.field == "lines[1].project_id"


def test_time_goes_to_a_project_registered_by_that_week(
    services: Services, group: Group, activity: Activity
) -> None:
    with recording_at(datetime(2025, 10, 13, 8, tzinfo=UTC)):  # the Monday after WEEK
        late = services.projects.register(group.pmo, project_registration(group, "LATE-01")).id
    with pytest.raises(InvalidCommand, match="registered on 2025-10-13, after week 2025-W41"):
        record(services, group, LineInput(late, "7.5"))
    with recording_at(datetime(2025, 10, 12, 20, tzinfo=UTC)):  # Sunday 22:00 in Paris
        in_time = services.projects.register(group.pmo, project_registration(group, "SUNDAY-01")).id
    assert record(services, group, LineInput(in_time, "7.5"))


def test_time_cannot_go_to_a_closed_project(
    services: Services, group: Group, activity: Activity, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        Project, "is_terminated", property(lambda project: project.code == "DPI-01")
    )
    with pytest.raises(InvalidCommand, match="project DPI-01 is opportunity: no time") as refused:
        record(services, group, LineInput(activity.run, "30"), LineInput(activity.build, "7.5"))
    assert refused.value.field == "lines[1].project_id"


def test_a_week_that_has_not_started_is_refused(
    services: Services, group: Group, activity: Activity
) -> None:
    assert group.staff.person_id is not None
    with (
        recording_at(datetime(2025, 10, 5, 12, tzinfo=UTC)),
        pytest.raises(InvalidCommand) as refused,
    ):
        services.timesheets.record(
            group.staff, group.staff.person_id, WEEK, [LineInput(activity.run, "1")]
        )
    assert refused.value.field == "week"


def test_one_line_per_project_and_activity(
    services: Services, group: Group, activity: Activity
) -> None:
    accepted = record(
        services,
        group,
        LineInput(activity.run, "20", "support"),
        LineInput(activity.run, "10", "astreinte"),
    )
    assert accepted
    with pytest.raises(InvalidCommand, match="repeats a project and activity") as refused:
        record(
            services,
            group,
            LineInput(activity.run, "20", "Support"),
            LineInput(activity.run, "1", "support"),
        )
    assert refused.value.field == "lines[1]"


def test_people_enter_only_their_own_time(
    services: Services, group: Group, activity: Activity
) -> None:
    assert group.member.person_id is not None and group.staff.person_id is not None
    with pytest.raises(Forbidden, match="their own records"):
        services.timesheets.record(
            group.manager, group.staff.person_id, WEEK, [LineInput(activity.run, "7")]
        )
    with pytest.raises(Forbidden):
        services.timesheets.record(
            group.auditor, group.staff.person_id, WEEK, [LineInput(activity.run, "7")]
        )


def test_the_pmo_enters_time_for_someone_else_and_the_event_says_so(
    services: Services, group: Group, activity: Activity
) -> None:
    result = record(services, group, LineInput(activity.run, "7.5"), who=group.pmo)
    [drafted] = services.store.events.get(result.id)  # type: ignore[attr-defined]
    assert isinstance(drafted, TimeSheet.Drafted)
    assert drafted.on_behalf is True
    assert drafted.actor == str(group.pmo.person_id)
    assert drafted.person_id == group.staff.person_id
    own = record(services, group, LineInput(activity.run, "8"))
    [_, amended] = services.store.events.get(own.id)  # type: ignore[attr-defined]
    assert amended.on_behalf is False  # type: ignore[attr-defined]


def test_events_name_people_by_id_only(
    services: Services, group: Group, activity: Activity
) -> None:
    result = record(services, group, LineInput(activity.run, "7.5", "support"))
    [drafted] = services.store.events.get(result.id)  # type: ignore[attr-defined]
    payload = str(vars(drafted))
    assert "Person staff" not in payload and "staff@example.org" not in payload
