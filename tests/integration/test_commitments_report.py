"""The MCO commitments review on a small history computed by hand, on SQLite and PostgreSQL.

October 2025 lasts 44,700 minutes in Europe/Paris (31 days and the hour given back when
summer time ends)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from domain.calendar import Month
from domain.principal import SYSTEM
from domain.services.mco_services import commitments_of
from infrastructure.bootstrap import Jalon
from projections.queries.commitments import commitments_report, list_services
from tests.support import Activity, Group, seed_activity

PARIS = ZoneInfo("Europe/Paris")
NOW = datetime(2026, 1, 15, tzinfo=UTC)


def paris(*args: int) -> datetime:
    return datetime(*args, tzinfo=PARIS)  # type: ignore[misc]


@pytest.fixture
def services(jalon: Jalon, group: Group) -> Activity:
    """DPI (99.5 %, P1 in 4 h; 99.8 % from November): 120 min planned and 200 min unplanned
    in October, a P1 resolved in 3 h opened 31 October 23:30, one resolved in 5 h opened
    1 November 00:30 (Paris time). LAB (99.5 %): 99.2 % measured. WIFI (99 %): not measured,
    a P1 opened 2 October still open. RIS: nothing recorded."""
    activity = seed_activity(group, people=jalon.people, projects=jalon.projects, teams=jalon.teams)
    mco = jalon.mco_services
    for code, target in (("DPI", "99.5"), ("LAB", "99.5"), ("WIFI", "99.0"), ("RIS", "99.5")):
        mco.register(group.pmo, code=code, name=f"Service {code}", team="MCO-DPI",
                     commitments=commitments_of(target, 4), effective_from="2025-01")  # fmt: skip
    mco.change_commitments(group.pmo, "DPI", commitments=commitments_of("99.8", 4),
                           effective_from="2025-11", reason="nouveau contrat")  # fmt: skip
    mco.record_availability(
        activity.lead, "DPI", month="2025-10", planned_minutes=120, unplanned_minutes=200
    )
    mco.record_availability(SYSTEM, "LAB", month="2025-10", availability="99.2")
    for opened, hours in ((paris(2025, 10, 31, 23, 30), 3), (paris(2025, 11, 1, 0, 30), 5)):
        mco.record_incident(activity.lead, "DPI", priority=1, opened_at=opened,
                            resolved_at=opened + timedelta(hours=hours), summary="panne")  # fmt: skip
    mco.record_incident(activity.lead, "DPI", priority=3, opened_at=paris(2025, 10, 10, 9),
                        resolved_at=paris(2025, 10, 20, 9), summary="lenteurs")  # fmt: skip
    last = mco.record_incident(activity.lead, "WIFI", priority=1, opened_at=paris(2025, 10, 2, 8),
                               summary="borne HS")  # fmt: skip
    assert jalon.wait_for(last.position)
    return activity


def review(jalon: Jalon, month: Month) -> dict[str, Any]:
    with jalon.database.reading() as cursor:
        return commitments_report(cursor, month, zone=PARIS, now=NOW)


def test_each_service_month_is_met_missed_or_not_measured(jalon: Jalon, services: Activity) -> None:
    october = review(jalon, Month(2025, 10))
    rows = {r["code"]: r for r in october["services"]}
    dpi = rows["DPI"]
    # (44700 - 120 - 200) / (44700 - 120) = 99.5513...
    assert (dpi["availability"], dpi["availability_target"], dpi["availability_met"]) == (
        Decimal("99.551"), Decimal("99.500"), True,
    )  # fmt: skip
    assert (dpi["incidents"], dpi["p1_incidents"], dpi["p1_over_limit"], dpi["verdict"]) == (
        2,
        1,
        0,
        "met",
    )
    lab = rows["LAB"]
    assert (lab["availability"], lab["availability_met"], lab["verdict"]) == (
        Decimal("99.200"),
        False,
        "missed",
    )
    wifi = rows["WIFI"]
    assert (wifi["availability"], wifi["open_incidents"], wifi["p1_over_limit"], wifi["verdict"]) == (
        None, 1, 1, "missed",
    )  # fmt: skip
    assert rows["RIS"]["verdict"] == "not_measured"
    assert october["summary"] == {"met": 1, "missed": 2, "not_measured": 1}


def test_incidents_count_in_the_month_they_open_in_the_groups_time_zone(
    jalon: Jalon, services: Activity
) -> None:
    november = {r["code"]: r for r in review(jalon, Month(2025, 11))["services"]}
    dpi = november["DPI"]
    assert dpi["availability_target"] == Decimal("99.800")  # the new commitments
    assert (dpi["p1_incidents"], dpi["p1_over_limit"], dpi["availability"], dpi["verdict"]) == (
        1, 1, None, "missed",
    )  # fmt: skip


def test_before_its_commitments_take_effect_a_service_is_not_reviewed(
    jalon: Jalon, services: Activity
) -> None:
    assert review(jalon, Month(2024, 12))["services"] == []
    with jalon.database.reading() as cursor:
        listed = {s["code"]: s for s in list_services(cursor)}
    assert listed["DPI"]["availability_target"] == Decimal("99.800")
    assert listed["DPI"]["effective_from"] == "2025-11"
