"""Each escalation rule just below, at and just above its threshold."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from uuid import uuid4

import pytest

from governance_rules.escalation_rules import (
    ConsecutiveRedWeathers,
    ForecastOverEnvelope,
    McoCommitmentMissed,
    MilestoneFacts,
    MilestoneSlip,
    MissingMonthlyReport,
    ProjectFacts,
    RuleId,
    RunShareAboveCeiling,
    ServiceMonth,
    Thresholds,
    project_breaches,
)
from governance_rules.loading import SHIPPED, load_file

TODAY = date(2025, 11, 1)
GREEN = {"quality": "green", "cost": "green", "deadline": "green", "risk": "green"}


def project(**facts: object) -> ProjectFacts:
    return ProjectFacts(uuid4(), "DPI-01", date(2024, 1, 10), **facts)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("forecast", "breached"),
    [("1099999.99", False), ("1100000.00", False), ("1100000.01", True)],
)
def test_forecast_over_envelope_by_more_than_ten_percent(forecast: str, breached: bool) -> None:
    facts = project(
        budget={
            2025: (Decimal(600000), Decimal(forecast) - 500000),
            2026: (Decimal(400000), Decimal(500000)),
        }
    )
    finding = ForecastOverEnvelope(Decimal(10)).check(facts, TODAY)
    assert (finding is not None) is breached
    if finding:
        assert finding.facts == {
            "envelope": "1000000",
            "forecast": "1100000.01",
            "overrun_percent": "10.00",
        }
        assert finding.threshold == "10 %"


def test_no_envelope_no_forecast_breach() -> None:
    assert (
        ForecastOverEnvelope(Decimal(10)).check(
            project(budget={2025: (Decimal(0), Decimal(5))}), TODAY
        )
        is None
    )


@pytest.mark.parametrize(("slip", "breached"), [(29, False), (30, False), (31, True)])
def test_milestone_forecast_past_baseline_by_more_than_n_days(slip: int, breached: bool) -> None:
    baseline = date(2026, 3, 1)
    milestone = MilestoneFacts("Go-live", baseline, baseline + timedelta(days=slip))
    finding = MilestoneSlip(30).check(project(milestones={uuid4(): milestone}), TODAY)
    assert (finding is not None) is breached
    if finding:
        assert finding.facts["slip_days"] == "31" and finding.facts["milestone"] == "Go-live"


@pytest.mark.parametrize(("days_late", "breached"), [(29, False), (30, False), (31, True)])
def test_an_overdue_milestone_slips_with_time(days_late: int, breached: bool) -> None:
    baseline = TODAY - timedelta(days=days_late)
    overdue = MilestoneFacts("Pilot", baseline, baseline)  # forecast passed, not achieved
    done = MilestoneFacts("Old", baseline - timedelta(days=400), baseline, baseline)
    facts = project(milestones={uuid4(): overdue, uuid4(): done})
    assert (MilestoneSlip(30).check(facts, TODAY) is not None) is breached


@pytest.mark.parametrize(("reds", "breached"), [(1, False), (2, True), (3, True)])
def test_consecutive_red_weathers(reds: int, breached: bool) -> None:
    reports: dict[str, dict[str, str]] = {"2025-06": {**GREEN, "cost": "red"}, "2025-07": GREEN}
    for i in range(reds):
        reports[f"2025-{10 - i:02d}"] = {**GREEN, "cost": "red"}
    reports.setdefault("2025-08", GREEN)
    reports.setdefault("2025-09", GREEN)
    finding = ConsecutiveRedWeathers(2).check(project(reports=reports), TODAY)
    assert (finding is not None) is breached
    if finding:
        assert finding.facts["dimension"] == "cost"
        assert finding.facts["consecutive"] == str(reds)


def test_red_on_different_dimensions_or_a_gap_is_not_consecutive() -> None:
    reports = {
        "2025-08": {**GREEN, "risk": "red"},
        "2025-10": {**GREEN, "risk": "red"},  # September missing: not consecutive
        "2025-09": {**GREEN, "cost": "red"},
    }
    assert ConsecutiveRedWeathers(2).check(project(reports=reports), TODAY) is None


def test_missing_report_for_the_month_before_last() -> None:
    rule = MissingMonthlyReport(True)
    assert str(rule.month_due(TODAY)) == "2025-09"
    assert rule.check(project(reports={"2025-10": GREEN}), TODAY) is not None
    assert rule.check(project(reports={"2025-09": GREEN}), TODAY) is None
    # registered on the first day of the month due: owes it; the day after: does not
    assert rule.check(ProjectFacts(uuid4(), "X", date(2025, 9, 1)), TODAY) is not None
    assert rule.check(ProjectFacts(uuid4(), "X", date(2025, 9, 2)), TODAY) is None
    assert MissingMonthlyReport(False).check(project(), TODAY) is None


def test_mco_commitment_missed() -> None:
    rule = McoCommitmentMissed(True)
    missed = ServiceMonth("DPI-RUN", "2025-10", "missed", Decimal("99.4"), Decimal("99.5"))
    finding = rule.check(missed)
    assert finding is not None and finding.facts["availability"] == "99.4"
    assert rule.check(ServiceMonth("DPI-RUN", "2025-10", "met")) is None
    assert rule.check(ServiceMonth("DPI-RUN", "2025-10", "not_measured")) is None
    assert McoCommitmentMissed(False).check(missed) is None
    late = rule.check(ServiceMonth("DPI-RUN", "2025-10", "missed", Decimal("99.9"), None, 2))
    assert late is not None and late.facts["p1_over_limit"] == "2"


@pytest.mark.parametrize(("run", "breached"), [(6999, False), (7000, False), (7001, True)])
def test_run_share_above_the_ceiling(run: int, breached: bool) -> None:
    finding = RunShareAboveCeiling(Decimal("0.70")).check("MCO-DPI", "2025-10", run, 10000 - run)
    assert (finding is not None) is breached
    if finding is not None:
        assert finding.threshold == "70 %" and finding.facts["run_share"] == "0.700"


def test_thresholds_come_from_the_rule_set_and_breaches_name_it() -> None:
    thresholds = Thresholds.of(load_file(SHIPPED / "anap-default-v2.yaml").rules)
    assert thresholds == Thresholds()  # the shipped values are the documented defaults
    stricter = Thresholds.of(load_file(SHIPPED.parent / "examples" / "anap-stricter.yaml").rules)
    assert stricter.forecast_over_envelope_percent == Decimal(5)
    facts = project(budget={2025: (Decimal(100), Decimal(107))}, reports={"2025-09": GREEN})
    assert project_breaches([facts], thresholds, "h1", TODAY) == []
    [breach] = project_breaches([facts], stricter, "h3", TODAY)
    assert breach.rule is RuleId.FORECAST_OVER_ENVELOPE and breach.rule_set_hash == "h3"
    facts.terminated = True
    assert project_breaches([facts], stricter, "h3", TODAY) == []
