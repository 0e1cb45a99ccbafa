"""The run-share ceiling rule: pure, with the threshold as an explicit input."""

from __future__ import annotations

from decimal import Decimal

import pytest

from governance_rules.run_share import (
    DEFAULT_RUN_SHARE_THRESHOLD,
    RunShareCeiling,
    TeamMonth,
    run_share,
)


def test_the_default_threshold_is_seventy_percent() -> None:
    assert RunShareCeiling().threshold == DEFAULT_RUN_SHARE_THRESHOLD == Decimal("0.70")


def test_a_team_is_flagged_only_strictly_above_the_threshold() -> None:
    rule = RunShareCeiling()
    assert not rule.exceeded(run_minutes=700, build_minutes=300)  # exactly 70 %
    assert rule.exceeded(run_minutes=701, build_minutes=300)
    assert not rule.exceeded(run_minutes=0, build_minutes=0)  # nothing validated: no share


def test_alerts_name_the_team_month_and_share() -> None:
    months = [
        TeamMonth("MCO-DPI", "2025-09", 480, 240),
        TeamMonth("MCO-DPI", "2025-10", 2520, 810),
        TeamMonth("PROJETS", "2025-10", 0, 2250),
    ]
    [alert] = RunShareCeiling().alerts(months)
    assert (alert.team, alert.month) == ("MCO-DPI", "2025-10")
    assert alert.run_share == Decimal(2520) / Decimal(3330)
    assert [a.month for a in RunShareCeiling(Decimal("0.6")).alerts(months)] == [
        "2025-09",
        "2025-10",
    ]


def test_run_share_is_exact() -> None:
    assert run_share(1, 2) == Decimal(1) / Decimal(3)
    assert run_share(0, 0) is None


@pytest.mark.parametrize("threshold", ["-0.1", "1.01"])
def test_a_threshold_is_a_fraction(threshold: str) -> None:
    with pytest.raises(ValueError, match="between 0 and 1"):
        RunShareCeiling(Decimal(threshold))
