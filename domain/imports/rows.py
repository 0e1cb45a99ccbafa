"""From a workbook's sheets (plain cell values) to typed rows and the problems found, each
naming its sheet, row, column and reason."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from domain.imports.cells import CellError, is_blank, read_cell
from domain.imports.format import MAX_ROWS_PER_SHEET, SHEETS, SheetFormat, sheet_format


@dataclass(frozen=True)
class RawSheet:
    """A sheet as read from the file: (row number, cell values) pairs, header first."""

    name: str
    rows: list[tuple[int, tuple[Any, ...]]]


@dataclass(frozen=True)
class Problem:
    sheet: str
    row: int
    column: str | None  # "D (envelope)"; None when the whole row or file is concerned
    reason: str


@dataclass(frozen=True)
class Row:
    sheet: SheetFormat
    number: int
    values: dict[str, Any]
    letters: dict[str, str]  # column key → its letter in this file

    def where(self, key: str | None) -> str | None:
        if key is None or key not in self.letters:
            return None
        return f"{self.letters[key]} ({key})"


@dataclass
class ReadWorkbook:
    rows: list[Row] = field(default_factory=list)
    rejected: list[Row] = field(default_factory=list)  # rows with a problem (values partial)
    problems: list[Problem] = field(default_factory=list)
    ignored_sheets: list[str] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def read_workbook(sheets: list[RawSheet]) -> ReadWorkbook:
    result = ReadWorkbook()
    known = [(s, sheet_format(s.name)) for s in sheets]
    for raw, fmt in known:
        if fmt is None:
            result.ignored_sheets.append(raw.name)
    by_format = {fmt.name: raw for raw, fmt in known if fmt is not None}
    for fmt in SHEETS:  # in the order rows are applied: projects first
        if fmt.name in by_format:
            _read_sheet(by_format[fmt.name], fmt, result)
    return result


def _header(raw: RawSheet, fmt: SheetFormat, result: ReadWorkbook) -> dict[str, int] | None:
    if not raw.rows:
        return None
    number, cells = raw.rows[0]
    positions: dict[str, int] = {}
    for index, cell in enumerate(cells):
        if is_blank(cell):
            continue
        key = str(cell).strip().lower()
        where = f"{column_letter(index)} ({key})"
        if fmt.column(key) is None:
            result.ignored_columns.append(f"{raw.name}!{column_letter(index)} ({key})")
        elif key in positions:
            result.problems.append(Problem(raw.name, number, where, "this column appears twice"))
        else:
            positions[key] = index
    missing = [c.key for c in fmt.columns if c.required and c.key not in positions]
    for key in missing:
        result.problems.append(
            Problem(raw.name, number, None, f"the required column {key!r} is missing")
        )
    return None if missing else positions


def _read_sheet(raw: RawSheet, fmt: SheetFormat, result: ReadWorkbook) -> None:
    positions = _header(raw, fmt, result)
    if positions is None:
        return
    letters = {key: column_letter(index) for key, index in positions.items()}
    seen: dict[tuple[Any, ...], int] = {}
    body = [(n, cells) for n, cells in raw.rows[1:] if not all(is_blank(c) for c in cells)]
    if len(body) > MAX_ROWS_PER_SHEET:
        result.problems.append(
            Problem(raw.name, body[MAX_ROWS_PER_SHEET][0], None,
                    f"more than {MAX_ROWS_PER_SHEET} rows: split the file")
        )  # fmt: skip
        return
    for number, cells in body:
        values, ok = _read_row(raw.name, number, cells, positions, fmt, result)
        if not ok:
            result.rejected.append(Row(fmt, number, values, letters))
            continue
        identity = tuple(_identity(values[k]) for k in fmt.identity)
        if identity in seen:
            result.rejected.append(Row(fmt, number, values, letters))
            result.problems.append(
                Problem(raw.name, number, None, f"repeats row {seen[identity]} (same {', '.join(fmt.identity)})")
            )  # fmt: skip
            continue
        seen[identity] = number
        result.rows.append(Row(fmt, number, values, letters))


def _identity(value: Any) -> Any:
    return value.upper() if isinstance(value, str) else value


def _read_row(
    sheet: str,
    number: int,
    cells: tuple[Any, ...],
    positions: dict[str, int],
    fmt: SheetFormat,
    result: ReadWorkbook,
) -> tuple[dict[str, Any], bool]:
    values: dict[str, Any] = {}
    ok = True
    for column in fmt.columns:
        index = positions.get(column.key)
        cell = cells[index] if index is not None and index < len(cells) else None
        where = f"{column_letter(index)} ({column.key})" if index is not None else None
        if is_blank(cell):
            if column.required:
                result.problems.append(Problem(sheet, number, where, "a value is required"))
                ok = False
            values[column.key] = None
            continue
        try:
            values[column.key] = read_cell(column.kind, cell)
        except CellError as error:
            result.problems.append(Problem(sheet, number, where, str(error)))
            ok = False
    return values, ok
