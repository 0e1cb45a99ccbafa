"""Reading one cell as the type its column wants. Excel and LibreOffice store numbers as
floating point and dates as date cells or text: each is accepted, and turned into exact
values (money as Decimal, never float)."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from domain.imports.format import CellKind
from domain.values import ProjectKind, Weather

_SPACES = re.compile(r"[\s\u00a0\u202f']")
_DAY_FIRST = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$|^(\d{1,2})/(\d{4})$")
_WEEK = re.compile(r"^(\d{4})-?W(\d{1,2})$")
WEATHER_WORDS = {
    "green": Weather.GREEN, "vert": Weather.GREEN,
    "yellow": Weather.YELLOW, "jaune": Weather.YELLOW,
    "orange": Weather.ORANGE,
    "red": Weather.RED, "rouge": Weather.RED,
}  # fmt: skip


class CellError(ValueError):
    """The cell cannot be read as its column's type; the message says what was expected."""


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def read_cell(kind: CellKind, value: Any) -> Any:
    """The cell's value as `kind` wants it; `value` is not blank."""
    match kind:
        case CellKind.TEXT:
            return _text(value)
        case CellKind.CODE | CellKind.LOGIN:
            return _text(value).strip()
        case CellKind.MONEY:
            return money(value)
        case CellKind.YEAR:
            return _whole_number(value)
        case CellKind.DATE:
            return day(value)
        case CellKind.MONTH:
            return month(value)
        case CellKind.WEATHER:
            return _weather(value)
        case CellKind.KIND:
            return _kind(value)
        case CellKind.LIST:
            return [part.strip() for part in _text(value).split(",") if part.strip()]
        case CellKind.WEEK:
            return iso_week(value)
        case CellKind.HOURS:
            return hours(value)


def _text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date):
        raise CellError("expected text, found a date")
    return str(value).strip()


def money(value: Any) -> Decimal:
    """1250000.5, "1250000.50", "1 250 000,50 €" or "1,250,000.50" → Decimal('1250000.50')."""
    if isinstance(value, bool | datetime | date):
        raise CellError("expected an amount in euros")
    if isinstance(value, float):
        text = repr(value)  # the shortest text giving this float: 0.1 → "0.1"
    elif isinstance(value, int):
        text = str(value)
    else:
        text = _SPACES.sub("", str(value)).removesuffix("€").removesuffix("EUR")
        if "," in text and "." in text:
            text = text.replace(",", "")  # 1,250,000.50
        elif text.count(",") == 1:
            text = text.replace(",", ".")  # 1250000,50
    return _finite(text, value, "an amount in euros")


def _finite(text: str, value: Any, expected: str) -> Decimal:
    """`text` as a finite Decimal, or a CellError naming what was expected and the cell."""
    try:
        number = Decimal(text)
    except InvalidOperation:
        number = Decimal("NaN")
    if not number.is_finite():
        raise CellError(f"expected {expected}, found {value!r}")
    return number


def _whole_number(value: Any) -> int:
    if isinstance(value, bool):
        raise CellError("expected a whole number")
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    raise CellError(f"expected a whole number, found {value!r}")


def day(value: Any) -> date:
    if isinstance(value, datetime):
        if value.time() != datetime.min.time():
            raise CellError(f"expected a date, found a date and time {value.isoformat()}")
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    matched = _DAY_FIRST.match(text)
    try:
        if matched:
            return date(int(matched.group(3)), int(matched.group(2)), int(matched.group(1)))
        return date.fromisoformat(text)
    except ValueError:
        raise CellError(f"expected a date (2025-06-30 or 30/06/2025), found {value!r}") from None


def month(value: Any) -> str:
    """A month as YYYY-MM; a date cell gives its month (LibreOffice turns 2025-06 into one)."""
    if isinstance(value, datetime | date):
        return f"{value.year:04d}-{value.month:02d}"
    text = str(value).strip()
    matched = _MONTH.match(text)
    if not matched:
        raise CellError(f"expected a month written YYYY-MM, found {value!r}")
    year, number = (matched.group(1), matched.group(2)) if matched.group(1) else (
        matched.group(4), matched.group(3))  # fmt: skip
    if not 1 <= int(number) <= 12:
        raise CellError(f"expected a month written YYYY-MM, found {value!r}")
    return f"{int(year):04d}-{int(number):02d}"


def iso_week(value: Any) -> str:
    """An ISO week as YYYY-Www (2026-W05, 2026W5 or 2026-w05); a date cell gives the week it
    falls in."""
    if isinstance(value, datetime | date):
        year, week, _ = value.isocalendar()
        return f"{year:04d}-W{week:02d}"
    matched = _WEEK.match(str(value).strip().upper())
    wrong = CellError(f"expected an ISO week written YYYY-Www (2026-W05), found {value!r}")
    if not matched:
        raise wrong
    year, week = int(matched.group(1)), int(matched.group(2))
    try:
        date.fromisocalendar(year, week, 1)
    except ValueError:
        raise wrong from None
    return f"{year:04d}-W{week:02d}"


def hours(value: Any) -> Decimal:
    """A number of hours, exactly: 7.5, "7,5", "7.5 h", or a duration cell (7:30 → 7.5).
    Whether it is a positive number of quarter hours is the time sheet's rule."""
    if isinstance(value, time):
        if value.second or value.microsecond:
            raise CellError(f"expected hours and minutes, found {value.isoformat()}")
        return Decimal(value.hour) + Decimal(value.minute) / 60
    if isinstance(value, timedelta):
        return Decimal(int(value.total_seconds())) / 3600
    if isinstance(value, bool | datetime | date):
        raise CellError("expected a number of hours")
    if isinstance(value, float):
        text = repr(value)
    else:
        text = _SPACES.sub("", str(value)).lower().removesuffix("h").replace(",", ".")
    return _finite(text, value, "a number of hours")


def _weather(value: Any) -> Weather:
    word = str(value).strip().lower()
    if word not in WEATHER_WORDS:
        raise CellError(f"expected green, yellow, orange or red, found {value!r}")
    return WEATHER_WORDS[word]


def _kind(value: Any) -> ProjectKind:
    try:
        return ProjectKind(str(value).strip().lower())
    except ValueError:
        raise CellError(f"expected build or run, found {value!r}") from None
