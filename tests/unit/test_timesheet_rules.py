"""What a week's time sheet accepts: every validation rule, through the service, in memory."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from uuid import uuid4

import pytest

from domain.clock import recording_at
from domain.errors import Forbidden, InvalidCommand
from domain.principal import SYSTEM
from domain.services.timesheets import TimeSheetService
from domain.timesheet import LineInput, TimeSheet
from governance_rules.ruleset import LifeCycleAction
from governance_rules.weekly_hours import WeeklyHoursCeiling
from lifecycle.gate_review import Outcome, Vote
from lifecycle.phases import Phase
from tests.support import Activity, Group, body_for, project_registration, seed_governance
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


def test_time_goes_to_a_project_until_the_week_it_was_abandoned(
    services: Services, group: Group, activity: Activity
) -> None:
    """Abandoned on Wednesday 8 October 2025 (week 41): that week and earlier ones still take
    time, week 42 does not."""
    gov = seed_governance(services)
    reviews, day = services.gate_reviews, date(2025, 10, 8)
    with recording_at(datetime(2025, 10, 8, 9, tzinfo=UTC)):
        review = reviews.request_action(
            group.manager, activity.build, action=LifeCycleAction.ABANDON, reason="no longer needed"
        ).id
        body = body_for(services, gov, review)
        reviews.schedule(SYSTEM, review, body_id=body, meeting_date=day)
        members = services.bodies.load(body).members
        reviews.open_session(gov.chair, review, present=sorted(members))
        for member in gov.everyone:
            if member.person_id in members:
                reviews.vote(member, review, vote=Vote.APPROVE)
        reviews.decide(gov.chair, review, outcome=Outcome.APPROVED, reason="ok")
    assert services.projects.load(activity.build).phase is Phase.ABANDONED
    assert group.staff.person_id is not None
    line = [LineInput(activity.build, "7", "")]
    with recording_at(datetime(2025, 11, 3, 9, tzinfo=UTC)):
        for week in ("2025-W40", "2025-W41"):
            services.timesheets.record(group.staff, group.staff.person_id, week, line)
        with pytest.raises(
            InvalidCommand, match=r"abandoned since 2025-10-08.*week 2025-W42"
        ) as refused:
            services.timesheets.record(group.staff, group.staff.person_id, "2025-W42", line)
    assert refused.value.field == "lines[0].project_id"
