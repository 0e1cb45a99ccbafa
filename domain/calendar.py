"""Months and ISO weeks, read in the group's time zone."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from domain.errors import InvalidCommand

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


@dataclass(frozen=True, order=True)
class Month:
    year: int
    month: int

    @classmethod
    def parse(cls, value: str, *, field: str = "month") -> Month:
        match = _MONTH.match(value.strip())
        if not match:
            raise InvalidCommand(
                f"{field} must be a month written YYYY-MM, got {value!r}", field=field
            )
        year, month = int(match.group(1)), int(match.group(2))
        if not 1 <= month <= 12 or not 2000 <= year <= 2100:
            raise InvalidCommand(f"{field} is not a valid month: {value!r}", field=field)
        return cls(year, month)

    @classmethod
    def of(cls, day: date) -> Month:
        return cls(day.year, day.month)

    @classmethod
    def containing(cls, instant: datetime, timezone: ZoneInfo) -> Month:
        return cls.of(instant.astimezone(timezone).date())

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def first_day(self) -> date:
        return date(self.year, self.month, 1)

    @property
    def last_day(self) -> date:
        return self.next().first_day - timedelta(days=1)

    def next(self) -> Month:
        return Month(self.year + self.month // 12, self.month % 12 + 1)

    def previous(self) -> Month:
        return Month(self.year - (self.month == 1), (self.month - 2) % 12 + 1)

    def plus(self, months: int) -> Month:
        index = self.year * 12 + self.month - 1 + months
        return Month(index // 12, index % 12 + 1)
