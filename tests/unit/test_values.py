from decimal import Decimal

import pytest

from domain.calendar import Month
from domain.errors import InvalidCommand
from domain.values import parse_code, parse_euros


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("0", Decimal("0.00")),
        ("12.5", Decimal("12.50")),
        (" 1000.05 ", Decimal("1000.05")),
        (7, Decimal("7.00")),
    ],
)
def test_euros_are_decimals_with_two_places(given: object, expected: Decimal) -> None:
    assert parse_euros(given, field="spent") == expected  # type: ignore[arg-type]


@pytest.mark.parametrize("given", ["-1", "1.005", "abc", "NaN", "Infinity", "10000000000000"])
def test_invalid_amounts_are_refused_naming_the_field(given: str) -> None:
    with pytest.raises(InvalidCommand) as refused:
        parse_euros(given, field="envelope")
    assert refused.value.field == "envelope"
    assert "envelope" in refused.value.message


def test_floats_are_refused_as_money() -> None:
    with pytest.raises(InvalidCommand, match="not a float"):
        parse_euros(0.1, field="spent")  # type: ignore[arg-type]


def test_codes_are_stored_upper_case() -> None:
    assert parse_code(" dpi-2024_01 ") == "DPI-2024_01"


@pytest.mark.parametrize("given", ["", "a b", "x" * 33, "-start", "é"])
def test_bad_codes_are_refused(given: str) -> None:
    with pytest.raises(InvalidCommand):
        parse_code(given)


def test_months_step_across_years() -> None:
    december = Month.parse("2025-12")
    assert str(december.next()) == "2026-01"
    assert str(Month.parse("2026-01").previous()) == "2025-12"
    assert str(december.plus(-12)) == "2024-12"
    assert december.last_day.isoformat() == "2025-12-31"
    assert Month.parse("2024-02").last_day.day == 29


@pytest.mark.parametrize("given", ["2025-13", "2025-1", "25-01", "1999-12", "x"])
def test_bad_months_are_refused(given: str) -> None:
    with pytest.raises(InvalidCommand, match="month"):
        Month.parse(given)
