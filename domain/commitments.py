"""What an MCO service commits to, and whether a month met it.

Availability is measured over the agreed service time: planned maintenance is announced and
agreed, so it is taken out of the month; unplanned unavailability counts against it:
availability = (month − planned − unplanned) / (month − planned)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from domain.errors import InvalidCommand

HUNDRED = Decimal(100)
MAX_P1_RESOLUTION_MINUTES = 30 * 24 * 60


@dataclass(frozen=True)
class Commitments:
    availability_target: Decimal  # percent of the agreed service time, e.g. 99.5
    p1_resolution_minutes: int  # maximum time to resolve a priority-1 incident

    def __post_init__(self) -> None:
        check_percent(self.availability_target, field="availability_target", minimum_excluded=True)
        if not 0 < self.p1_resolution_minutes <= MAX_P1_RESOLUTION_MINUTES:
            raise InvalidCommand(
                "p1_resolution_hours must be more than 0 and at most 720",
                field="p1_resolution_hours",
            )


def check_percent(value: Decimal, *, field: str, minimum_excluded: bool = False) -> Decimal:
    if not value.is_finite() or value > HUNDRED or value < 0 or (minimum_excluded and value == 0):
        raise InvalidCommand(f"{field} must be a percentage between 0 and 100", field=field)
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -3:
        raise InvalidCommand(f"{field} has more than 3 decimal places", field=field)
    return value


def availability_from_minutes(month_minutes: int, planned: int, unplanned: int) -> Decimal:
    """Percent of the agreed service time the service was available (exact)."""
    agreed = month_minutes - planned
    if agreed <= 0:
        return HUNDRED
    return HUNDRED * Decimal(agreed - unplanned) / Decimal(agreed)


class Verdict(StrEnum):
    MET = "met"
    MISSED = "missed"
    NOT_MEASURED = "not_measured"


@dataclass(frozen=True)
class MonthAssessment:
    availability: Decimal | None
    p1_incidents: int
    p1_over_limit: int
    availability_met: bool | None
    verdict: Verdict


def assess(
    commitments: Commitments, availability: Decimal | None, p1_durations: list[int]
) -> MonthAssessment:
    """A month met its commitments when availability reached the target and no priority-1
    incident took longer than the limit to resolve (durations in minutes, still-open
    incidents counted up to now)."""
    over = sum(1 for minutes in p1_durations if minutes > commitments.p1_resolution_minutes)
    availability_met = (
        None if availability is None else availability >= commitments.availability_target
    )
    if availability_met is False or over:
        verdict = Verdict.MISSED
    elif availability_met is None:
        verdict = Verdict.NOT_MEASURED
    else:
        verdict = Verdict.MET
    return MonthAssessment(availability, len(p1_durations), over, availability_met, verdict)
