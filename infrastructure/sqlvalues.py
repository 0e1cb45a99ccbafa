"""Portable column values: the same text and integers on SQLite and PostgreSQL, so a view is
identical row for row on both backends."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from functools import lru_cache

_CENT = Decimal("0.01")


@lru_cache(maxsize=32_768)  # each view of a batch writes the same events' instants
def timestamp_text(instant: datetime) -> str:
    """UTC, fixed width, sortable as text: 2025-06-30T22:00:00.000000Z."""
    return instant.astimezone(UTC).replace(tzinfo=None).isoformat(timespec="microseconds") + "Z"


def parse_timestamp(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)


def date_text(day: date | None) -> str | None:
    return None if day is None else day.isoformat()


def cents(amount: Decimal) -> int:
    return int((amount / _CENT).to_integral_value())


def euros(amount_in_cents: int | None) -> Decimal:
    return (Decimal(amount_in_cents or 0) * _CENT).quantize(_CENT)
