"""The weekly-hours ceiling: a week recorded above it is accepted with a warning (legal and
collective-agreement limits are checked by people, not refused by the software)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property

DEFAULT_WEEKLY_HOURS_CEILING = Decimal(48)


@dataclass(frozen=True)
class WeeklyHoursCeiling:
    hours: Decimal = DEFAULT_WEEKLY_HOURS_CEILING

    def __post_init__(self) -> None:
        if not Decimal(0) < self.hours <= Decimal(7 * 24):
            raise ValueError(
                f"the weekly ceiling must be between 0 and 168 hours, not {self.hours}"
            )

    @cached_property
    def _minutes(self) -> Decimal:
        return self.hours * 60

    def warnings(self, total_minutes: int) -> list[str]:
        if total_minutes <= self._minutes:
            return []
        recorded = (Decimal(total_minutes) / 60).normalize()
        return [
            f"{recorded:f} h recorded, above the weekly ceiling of {self.hours.normalize():f} h"
        ]
