"""Printing tables, JSON and CSV; errors as one sentence with exit code 2."""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Sequence
from decimal import Decimal
from enum import StrEnum
from typing import Any, NoReturn

from rich.console import Console
from rich.table import Table

console = Console(width=None if sys.stdout.isatty() else 200)


class Format(StrEnum):
    TABLE = "table"
    JSON = "json"
    CSV = "csv"


def fail(message: str) -> NoReturn:
    print(f"jalon: error: {message}", file=sys.stderr)
    sys.exit(2)


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    return value


def emit(
    rows: Sequence[dict[str, Any]], columns: Sequence[str], fmt: Format, *, title: str = ""
) -> None:
    if fmt is Format.JSON:
        print(
            json.dumps(
                [{c: _plain(r.get(c)) for c in columns} for r in rows], indent=2, default=str
            )
        )
    elif fmt is Format.CSV:
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(columns)
        writer.writerows(
            [[_plain(r.get(c)) if r.get(c) is not None else "" for c in columns] for r in rows]
        )
        sys.stdout.write(buffer.getvalue())
    else:
        table = Table(title=title or None)
        for column in columns:
            table.add_column(column)
        for row in rows:
            table.add_row(*["" if row.get(c) is None else str(_plain(row.get(c))) for c in columns])
        console.print(table)
