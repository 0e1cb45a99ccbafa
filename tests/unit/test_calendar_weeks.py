"""ISO weeks, and how a week's working days fall in months (the attribution of its hours)."""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

import pytest

from domain.calendar import IsoWeek, Month, minutes_in_month
from domain.errors import InvalidCommand

PARIS = ZoneInfo("Europe/Paris")


def test_an_iso_week_is_parsed_and_printed() -> None:
    week = IsoWeek.parse("2025-w40")
    assert (str(week), week.monday, week.sunday) == (
        "2025-W40",
        date(2025, 9, 29),
        date(2025, 10, 5),
    )
    assert IsoWeek.of(date(2026, 1, 1)) == IsoWeek(2026, 1)  # a Thursday: week 1 of 2026
    assert IsoWeek(2020, 53).next() == IsoWeek(2021, 1)


@pytest.mark.parametrize("text", ["2025-40", "2025-W54", "2025-W53", "2025-W00", "1999-W10"])
def test_a_week_that_does_not_exist_is_refused(text: str) -> None:
    with pytest.raises(InvalidCommand) as refused:
        IsoWeek.parse(text)
    assert refused.value.field == "week"


def test_a_week_spanning_two_months_splits_by_working_days() -> None:
    # Mon 29 Sep to Fri 3 Oct 2025: two working days in September, three in October.
    assert IsoWeek(2025, 40).working_days_by_month() == {Month(2025, 9): 2, Month(2025, 10): 3}
    # Mon 29 Dec 2025 to Fri 2 Jan 2026: three days in December, two in January (and 2026).
    assert IsoWeek(2026, 1).working_days_by_month() == {Month(2025, 12): 3, Month(2026, 1): 2}
    # Mon 25 to Fri 29 Aug 2025; the weekend of 30-31 Aug does not count.
    assert IsoWeek(2025, 35).working_days_by_month() == {Month(2025, 8): 5}
    # Mon 27 Oct to Fri 31 Oct 2025; Saturday 1 Nov is not a working day.
    assert IsoWeek(2025, 44).working_days_by_month() == {Month(2025, 10): 5}


def test_months_are_measured_in_the_groups_time_zone() -> None:
    assert minutes_in_month(Month(2025, 9), PARIS) == 30 * 24 * 60
    assert minutes_in_month(Month(2025, 3), PARIS) == 31 * 24 * 60 - 60  # summer time starts
    assert minutes_in_month(Month(2025, 10), PARIS) == 31 * 24 * 60 + 60  # and ends
    assert minutes_in_month(Month(2025, 10), ZoneInfo("UTC")) == 31 * 24 * 60


def test_a_weeks_minutes_go_to_its_months_pro_rata_of_working_days_rounded_down() -> None:
    week = IsoWeek.parse("2025-W40")  # Monday 29 and Tuesday 30 September, then 1-3 October
    assert week.minutes_by_month(600) == {Month(2025, 9): 240, Month(2025, 10): 360}
    assert week.minutes_by_month(7) == {Month(2025, 9): 2, Month(2025, 10): 4}
    assert IsoWeek.parse("2025-W42").minutes_by_month(600) == {Month(2025, 10): 600}
