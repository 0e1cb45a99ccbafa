"""Small value types of the domain vocabulary."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from enum import StrEnum

from domain.errors import InvalidCommand, Refusal


class Role(StrEnum):
    ADMIN = "admin"
    PMO = "pmo"
    PROJECT_MANAGER = "project_manager"
    COMMITTEE_MEMBER = "committee_member"
    AUDITOR = "auditor"
    STAFF = "staff"


class ProjectKind(StrEnum):
    BUILD = "build"  # a project
    RUN = "run"  # an MCO team's keep-it-running activity


class Dimension(StrEnum):
    """The four QCDR dimensions of a monthly status report."""

    QUALITY = "quality"
    COST = "cost"
    DEADLINE = "deadline"
    RISK = "risk"


class Weather(StrEnum):
    """Sunny, cloudy, rainy, stormy."""

    GREEN = "green"
    YELLOW = "yellow"
    ORANGE = "orange"
    RED = "red"

    @property
    def severity(self) -> int:
        return list(Weather).index(self)


class PriorityCriterion(StrEnum):
    STRATEGIC_ALIGNMENT = "strategic_alignment"
    REGULATORY_OBLIGATION = "regulatory_obligation"
    PATIENT_SAFETY = "patient_safety"
    EXPECTED_VALUE = "expected_value"
    RISK_REDUCTION = "risk_reduction"
    COST_REDUCTION = "cost_reduction"


MAX_AMOUNT = Decimal("1000000000000")
_CODE = re.compile(r"^[A-Z0-9][A-Z0-9_.-]{0,31}$")


def parse_code(value: str, *, field: str = "code") -> str:
    """A unique business code: letters, digits, '-', '_', '.', at most 32, stored upper-case."""
    code = value.strip().upper()
    if not _CODE.match(code):
        raise InvalidCommand(
            f"{field} must be 1 to 32 letters, digits, '-', '_' or '.', got {value!r}",
            field=field,
        )
    return code


def parse_decimal(value: Decimal | str | int, *, field: str, what: str) -> Decimal:
    """A finite decimal, never a float; `what` names it in messages ("a decimal amount")."""
    if isinstance(value, float):
        raise InvalidCommand(f"{field} must be {what}, not a float", field=field)
    try:
        number = Decimal(value)
    except (InvalidOperation, ValueError):
        raise InvalidCommand(f"{field} is not {what}: {value!r}", field=field) from None
    if not number.is_finite():
        raise InvalidCommand(f"{field} must be {what}, and finite", field=field)
    return number


def parse_euros(value: Decimal | str | int, *, field: str) -> Decimal:
    """An amount in euros: a decimal with at most 2 decimal places, not negative."""
    amount = parse_decimal(value, field=field, what="a decimal amount")
    if amount < 0:
        raise InvalidCommand(f"{field} cannot be negative (got {amount})", field=field)
    if amount > MAX_AMOUNT:
        raise InvalidCommand(f"{field} is too large (at most {MAX_AMOUNT} €)", field=field)
    exponent = amount.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -2:
        raise InvalidCommand(f"{field} has more than 2 decimal places: {amount}", field=field)
    return amount.quantize(Decimal("0.01"))


def require_text(value: str, *, field: str, max_length: int, allow_empty: bool = False) -> str:
    text = value.strip()
    if not text and not allow_empty:
        raise InvalidCommand(
            f"{field} cannot be empty", field=field, code=Refusal.TEXT_EMPTY,
            params={"field": field},
        )  # fmt: skip
    if len(text) > max_length:
        raise InvalidCommand(
            f"{field} is longer than {max_length} characters", field=field,
            code=Refusal.TEXT_TOO_LONG, params={"field": field, "max_length": max_length},
        )  # fmt: skip
    return text


def require_reason(reason: str) -> str:
    """Where a person decides, they say why."""
    return require_text(reason, field="reason", max_length=2000)
