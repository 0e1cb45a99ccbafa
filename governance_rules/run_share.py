"""The run-share ceiling: a team whose validated time on run (MCO) exceeds a share of its
validated time in a month is flagged. The threshold comes from the rule set in force; it is
an explicit input here (default 70 %)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

DEFAULT_RUN_SHARE_THRESHOLD = Decimal("0.70")


def run_share(run_minutes: int, build_minutes: int) -> Decimal | None:
    """Run time over run and build time, or None when nothing was validated."""
    total = run_minutes + build_minutes
    return None if total == 0 else Decimal(run_minutes) / Decimal(total)


@dataclass(frozen=True)
class TeamMonth:
    """A team's validated time in one month."""

    team: str
    month: str
    run_minutes: int
    build_minutes: int

    @property
    def total_minutes(self) -> int:
        return self.run_minutes + self.build_minutes


@dataclass(frozen=True)
class RunShareAlert:
    team: str
    month: str
    run_share: Decimal
    threshold: Decimal


@dataclass(frozen=True)
class RunShareCeiling:
    threshold: Decimal = DEFAULT_RUN_SHARE_THRESHOLD

    def __post_init__(self) -> None:
        if not Decimal(0) <= self.threshold <= Decimal(1):
            raise ValueError(
                f"the run-share threshold must be between 0 and 1, not {self.threshold}"
            )

    def exceeded(self, run_minutes: int, build_minutes: int) -> bool:
        """Strictly above the threshold (exact: no rounding of the share)."""
        total = run_minutes + build_minutes
        return total > 0 and Decimal(run_minutes) > self.threshold * total

    def alerts(self, months: Iterable[TeamMonth]) -> list[RunShareAlert]:
        return [
            RunShareAlert(m.team, m.month, Decimal(m.run_minutes) / m.total_minutes, self.threshold)
            for m in months
            if self.exceeded(m.run_minutes, m.build_minutes)
        ]
