"""Writing sheets: a bold frozen header, widths, typed cells (dates as dates, euros as
numbers with a euro format)."""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from domain.imports.format import SHEETS, CellKind

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EURO_FORMAT = '#,##0.00 "€"'
DATE_FORMAT = "yyyy-mm-dd"
_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DCE6F1")


def new_workbook() -> Workbook:
    workbook = Workbook()
    workbook.remove(workbook.active)
    return workbook


def add_sheet(
    workbook: Workbook,
    title: str,
    headers: Sequence[str],
    rows: Sequence[Sequence[Any]],
    *,
    notes: Sequence[str] | None = None,
) -> Worksheet:
    sheet = workbook.create_sheet(title)
    sheet.append(list(headers))
    for index, header in enumerate(headers, start=1):
        cell = sheet.cell(row=1, column=index)
        cell.font, cell.fill = _HEADER_FONT, _HEADER_FILL
        if notes and notes[index - 1]:
            cell.comment = Comment(notes[index - 1], "Jalon")
        width = max([len(str(header))] + [len(_shown(r[index - 1])) for r in rows[:200]])
        sheet.column_dimensions[get_column_letter(index)].width = min(max(width + 2, 10), 60)
    for row_number, values in enumerate(rows, start=2):
        sheet.append([_cell(v) for v in values])
        for index, value in enumerate(values, start=1):
            cell = sheet.cell(row=row_number, column=index)
            if isinstance(value, Decimal):
                cell.number_format = EURO_FORMAT
            elif isinstance(value, date):
                cell.number_format = DATE_FORMAT
    sheet.freeze_panes = "A2"
    return sheet


def _cell(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.replace(tzinfo=None)  # Excel has no time zones: local time of the group
    return value


def _shown(value: Any) -> str:
    return "" if value is None else str(value)


def import_sheets(workbook: Workbook, data: dict[str, list[dict[str, Any]]]) -> None:
    """The import format's sheets holding `data` (sheet name → rows by column key); the
    sheets `data` does not name are left out."""
    for fmt in SHEETS:
        if fmt.name not in data:
            continue
        rows = [
            [_typed(column.kind, row.get(column.key)) for column in fmt.columns]
            for row in data.get(fmt.name, [])
        ]
        add_sheet(workbook, fmt.name, [c.key for c in fmt.columns], rows)


def _typed(kind: CellKind, value: Any) -> Any:
    if kind is CellKind.DATE and isinstance(value, str) and value:
        return date.fromisoformat(value)
    if kind is CellKind.MONEY and value is not None:
        return Decimal(value)
    return value


def to_bytes(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
