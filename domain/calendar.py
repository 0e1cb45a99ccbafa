"""Months and ISO weeks, read in the group's time zone."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import cached_property, lru_cache
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


_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")
_known_weeks: dict[str, IsoWeek] = {}  # parsed often (every time sheet replayed)
WORKING_DAYS_PER_WEEK = 5  # Monday to Friday


@dataclass(frozen=True, order=True)
class IsoWeek:
    """An ISO 8601 week (Monday to Sunday), written 2025-W40."""

    year: int
    week: int

    @classmethod
    def parse(cls, value: str, *, field: str = "week") -> IsoWeek:
        try:
            return _known_weeks[value]
        except KeyError:
            pass
        week = cls._parse(value, field)
        if len(_known_weeks) < 10_000:
            _known_weeks[value] = week
        return week

    @classmethod
    def _parse(cls, value: str, field: str) -> IsoWeek:
        match = _WEEK.match(value.strip().upper())
        if not match:
            raise InvalidCommand(
                f"{field} must be an ISO week written YYYY-Www, got {value!r}", field=field
            )
        year, week = int(match.group(1)), int(match.group(2))
        if not 2000 <= year <= 2100 or not 1 <= week <= _weeks_in(year):
            raise InvalidCommand(f"{field} is not a valid ISO week: {value!r}", field=field)
        return cls(year, week)

    @classmethod
    def of(cls, day: date) -> IsoWeek:
        year, week, _ = day.isocalendar()
        return cls(year, week)

    def __str__(self) -> str:
        return f"{self.year:04d}-W{self.week:02d}"

    @cached_property
    def monday(self) -> date:
        return date.fromisocalendar(self.year, self.week, 1)

    @cached_property
    def sunday(self) -> date:
        return self.monday + timedelta(days=6)

    def next(self) -> IsoWeek:
        return IsoWeek.of(self.monday + timedelta(days=7))

    def working_days_by_month(self) -> dict[Month, int]:
        """How many of the week's working days (Monday to Friday) fall in each month:
        a week's hours are attributed to months pro rata of these days."""
        return dict(_working_days(self))

    def minutes_by_month(self, minutes: int) -> dict[Month, int]:
        """Minutes recorded on the week, split between its months pro rata of its working
        days (rounded down): the one attribution the reports and the rules share."""
        return {
            month: minutes * days // WORKING_DAYS_PER_WEEK for month, days in _working_days(self)
        }


@lru_cache(maxsize=1024)
def _working_days(week: IsoWeek) -> tuple[tuple[Month, int], ...]:
    counts: dict[Month, int] = {}
    for offset in range(WORKING_DAYS_PER_WEEK):
        month = Month.of(week.monday + timedelta(days=offset))
        counts[month] = counts.get(month, 0) + 1
    return tuple(counts.items())


def _weeks_in(year: int) -> int:
    return date(year, 12, 28).isocalendar()[1]


def minutes_in_month(month: Month, timezone: ZoneInfo) -> int:
    """The month's length in minutes in the group's time zone (daylight saving changes make
    March an hour shorter and October an hour longer in Europe/Paris)."""
    start = datetime.combine(month.first_day, datetime.min.time(), tzinfo=timezone)
    end = datetime.combine(month.next().first_day, datetime.min.time(), tzinfo=timezone)
    return int((end.astimezone(UTC) - start.astimezone(UTC)).total_seconds()) // 60
