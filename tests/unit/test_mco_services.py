"""MCO services: commitments, measurements and incidents; the month's verdict."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from uuid import uuid4

import pytest

from domain.commitments import Commitments, Verdict, assess, availability_from_minutes
from domain.errors import Forbidden, InvalidCommand, NotFound
from domain.mco_service import McoService, mco_service_id_for
from domain.services.mco_services import commitments_of
from tests.support import Activity, Group
from tests.unit.conftest import Services

OCTOBER_2025_MINUTES = 44700  # 31 days and the hour given back when summer time ends


@pytest.fixture
def service(services: Services, group: Group, activity: Activity) -> str:
    services.mco_services.register(
        group.pmo, code="dpi", name="Dossier patient", team="MCO-DPI",
        commitments=commitments_of("99.5", 4), effective_from="2025-01",
    )  # fmt: skip
    return "DPI"


def test_availability_counts_unplanned_minutes_over_the_agreed_service_time() -> None:
    # (44700 - 120 - 200) / (44700 - 120) = 44380 / 44580
    assert availability_from_minutes(OCTOBER_2025_MINUTES, 120, 200) == Decimal(100 * 44380) / 44580
    assert availability_from_minutes(43200, 0, 0) == 100


def test_a_month_is_met_missed_or_not_measured() -> None:
    commitments = Commitments(Decimal("99.5"), 240)
    assert assess(commitments, Decimal("99.5"), [240]).verdict is Verdict.MET  # limits included
    assert assess(commitments, Decimal("99.499"), []).verdict is Verdict.MISSED
    over = assess(commitments, Decimal("99.9"), [30, 241])
    assert (over.verdict, over.p1_incidents, over.p1_over_limit) == (Verdict.MISSED, 2, 1)
    assert assess(commitments, None, [10]).verdict is Verdict.NOT_MEASURED
    assert assess(commitments, None, [300]).verdict is Verdict.MISSED


@pytest.mark.parametrize(
    ("target", "hours", "field"),
    [("100.5", 4, "availability_target"), ("0", 4, "availability_target"),
     ("99.5555", 4, "availability_target"), ("99.5", 0, "p1_resolution_hours"),
     ("99.5", 721, "p1_resolution_hours"), ("99,5", 4, "availability_target")],
)  # fmt: skip
def test_commitments_are_a_percentage_and_a_positive_delay(
    target: str, hours: int, field: str
) -> None:
    with pytest.raises(InvalidCommand) as refused:
        commitments_of(target, hours)
    assert refused.value.field == field


def test_a_month_is_measured_in_minutes_or_as_a_percentage(
    services: Services, group: Group, activity: Activity, service: str
) -> None:
    mco = services.mco_services
    mco.record_availability(
        activity.lead, service, month="2025-10", planned_minutes=120, unplanned_minutes=200
    )
    mco.record_availability(group.pmo, service, month="2025-10", availability="99.2")
    events = list(services.store.events.get(mco_service_id_for(service)))
    measured = [e for e in events if isinstance(e, McoService.AvailabilityRecorded)]
    assert [(m.month_minutes, m.supersedes_earlier) for m in measured] == [
        (OCTOBER_2025_MINUTES, False), (OCTOBER_2025_MINUTES, True),
    ]  # fmt: skip
    for bad in (
        {"availability": "99", "planned_minutes": 1, "unplanned_minutes": 0},
        {},
        {"planned_minutes": 44000, "unplanned_minutes": 701},
        {"planned_minutes": -1, "unplanned_minutes": 0},
        {"availability": "100.1"},
    ):
        with pytest.raises(InvalidCommand):
            mco.record_availability(group.pmo, service, month="2025-10", **bad)  # type: ignore[arg-type]


def test_the_team_keeping_the_service_measures_it(
    services: Services, group: Group, activity: Activity, service: str
) -> None:
    for outsider in (group.staff, group.manager, group.auditor):
        with pytest.raises(Forbidden):
            services.mco_services.record_availability(
                outsider, service, month="2025-10", availability="99.9"
            )
    with pytest.raises(Forbidden):
        services.mco_services.change_commitments(
            activity.lead, service, commitments=commitments_of("99.9", 2), effective_from="2025-11",
            reason="x",
        )  # fmt: skip


def test_incidents_are_opened_then_resolved(
    services: Services, group: Group, activity: Activity, service: str
) -> None:
    mco = services.mco_services
    opened = datetime(2025, 10, 3, 8, tzinfo=UTC)
    incident = mco.record_incident(
        activity.lead, service, priority=1, opened_at=opened, summary="panne"
    ).id
    with pytest.raises(InvalidCommand, match="before the incident was opened"):
        mco.resolve_incident(
            activity.lead, service, incident, resolved_at=datetime(2025, 10, 3, 7, tzinfo=UTC)
        )
    mco.resolve_incident(
        activity.lead, service, incident, resolved_at=datetime(2025, 10, 3, 13, tzinfo=UTC)
    )
    with pytest.raises(NotFound):
        mco.resolve_incident(
            activity.lead, service, incident, resolved_at=datetime(2025, 10, 4, tzinfo=UTC)
        )
    with pytest.raises(InvalidCommand) as refused:
        mco.record_incident(activity.lead, service, priority=5, opened_at=opened, summary="x")
    assert refused.value.field == "priority"
    with pytest.raises(InvalidCommand, match="time zone"):
        mco.record_incident(
            activity.lead, service, priority=2, opened_at=datetime(2025, 10, 3), summary="x",
            incident_id=uuid4(),
        )  # fmt: skip


def test_commitments_change_from_a_month_on(
    services: Services, group: Group, activity: Activity, service: str
) -> None:
    mco = services.mco_services
    with pytest.raises(InvalidCommand) as refused:
        mco.change_commitments(group.pmo, service, commitments=commitments_of("99.8", 4),
                               effective_from="2024-12", reason="x")  # fmt: skip
    assert refused.value.field == "effective_from"
    mco.change_commitments(
        group.pmo, service, commitments=commitments_of("99.8", "2.5"), effective_from="2025-11",
        reason="nouveau contrat",
    )  # fmt: skip
    current = mco.load(service)
    assert current.commitments == Commitments(Decimal("99.8"), 150)
