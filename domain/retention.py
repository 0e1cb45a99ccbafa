"""Retention of time-sheet detail (GDPR, issue 11): past a configurable period, the detail
of validated weeks (whose sheet, which lines) leaves the views; only the monthly totals per
team, establishment and project stay. One ledger records each application as an event."""

from __future__ import annotations

from datetime import date
from uuid import UUID, uuid5

from domain.aggregate import JalonAggregate
from domain.calendar import Month
from domain.errors import Conflict, InvalidCommand

RETENTION_LEDGER_ID = uuid5(UUID("6f1d9a52-4c1e-4b8e-9d3a-2f0c1b7e5a11"), "time-sheet retention")
MAX_RETENTION_MONTHS = 240


def retention_cutoff(today: date, months: int) -> date:
    """Weeks starting before this day are past the period: the first day of the month
    `months` months before the current one."""
    if not 1 <= months <= MAX_RETENTION_MONTHS:
        raise InvalidCommand(
            f"the retention period must be 1 to {MAX_RETENTION_MONTHS} months, got {months}",
            field="months",
        )
    return Month.of(today).plus(-months).first_day


class RetentionLedger(JalonAggregate):
    class Opened(JalonAggregate.Created):
        pass

    class TimeSheetDetailErased(JalonAggregate.Event):
        """Validated weeks starting before `before` lose their detail in the views."""

        before: date
        months: int

        def apply(self, aggregate: RetentionLedger) -> None:
            aggregate.erased_before = self.before

    def __init__(self) -> None:
        self.erased_before: date | None = None

    @classmethod
    def open(cls, *, actor: str) -> RetentionLedger:
        return cls._create(cls.Opened, id=RETENTION_LEDGER_ID, actor=actor)

    def erase_detail(self, *, actor: str, before: date, months: int) -> None:
        if self.erased_before is not None and before <= self.erased_before:
            raise Conflict(
                f"time-sheet detail was already erased for weeks before {self.erased_before}"
            )
        self.trigger_event(self.TimeSheetDetailErased, actor=actor, before=before, months=months)
