"""What the import accepts from a file before any row is read: hostile and wrong files are
refused with a sentence saying why; cells written the Excel, LibreOffice or French way are
read exactly."""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime, time, timedelta
from decimal import Decimal

import pytest

from domain.imports.cells import CellError, day, hours, iso_week, money, month
from domain.imports.format import TIME_ENTRIES, WEATHER, sheet_format
from domain.imports.rows import RawSheet, read_workbook
from infrastructure.spreadsheet import MAX_FILE_BYTES, SpreadsheetRejected, read_xlsx
from tests.spreadsheets import encrypted_workbook, entity_bomb, header, xlsx, zip_bomb


def refusal(data: bytes) -> str:
    with pytest.raises(SpreadsheetRejected) as refused:
        read_xlsx(data)
    assert refused.value.field == "file"
    return refused.value.message


def test_a_zip_bomb_is_refused_without_being_inflated() -> None:
    bomb = zip_bomb(64)
    assert len(bomb) < 200_000
    assert "zip bomb" in refusal(bomb)


def test_a_password_protected_workbook_is_refused_as_such() -> None:
    assert "password-protected" in refusal(encrypted_workbook())


def test_an_old_xls_file_is_refused_with_what_to_do() -> None:
    ole = bytes.fromhex("d0cf11e0a1b11ae1") + bytes(4088)
    assert "97-2003 (.xls)" in refusal(ole)


def test_a_file_over_the_limit_is_refused_before_reading() -> None:
    assert "the limit is 10 MB" in refusal(b"PK\x03\x04" + bytes(MAX_FILE_BYTES))


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"code;name\nDPI-01;Dossier\n", "not an Excel workbook"),
        (b"%PDF-1.7\n...", "not an Excel workbook"),
        (b"", "not an Excel workbook"),
        (b"PK\x03\x04 truncated", "damaged"),
    ],
)
def test_files_that_are_not_workbooks_are_refused(data: bytes, words: str) -> None:
    assert words in refusal(data)


def _zip(**parts: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in parts.items():
            archive.writestr(name.replace("__", "/"), text)
    return buffer.getvalue()


def test_an_opendocument_spreadsheet_or_another_zip_is_refused() -> None:
    ods = _zip(mimetype="application/vnd.oasis.opendocument.spreadsheet", **{"content.xml": "<x/>"})
    assert "OpenDocument" in refusal(ods)
    assert "not an Excel workbook" in refusal(_zip(**{"word__document.xml": "<w/>"}))


def test_an_xml_entity_bomb_inside_a_workbook_is_refused() -> None:
    assert "cannot be read" in refusal(entity_bomb())


def test_a_workbook_with_broken_xml_is_refused() -> None:
    good = xlsx({"projects": [["code"], ["X"]]})
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(good)) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            target.writestr(item, data[:40] if item.filename.endswith("sheet1.xml") else data)
    assert "cannot be read" in refusal(out.getvalue())


@pytest.mark.parametrize(
    ("cell", "amount"),
    [
        (1250000.5, "1250000.5"),
        (0.1, "0.1"),
        (250000, "250000"),
        ("1 250 000,50 €", "1250000.50"),
        ("1\u202f250\u202f000,50\u00a0€", "1250000.50"),
        ("1,250,000.50", "1250000.50"),
        ("1250000.50", "1250000.50"),
    ],
)
def test_amounts_are_read_exactly_whatever_their_writing(cell: object, amount: str) -> None:
    assert money(cell) == Decimal(amount)


def test_dates_and_months_are_read_from_date_cells_or_text() -> None:
    assert day(datetime(2025, 6, 30)) == date(2025, 6, 30)
    assert day("30/06/2025") == day("2025-06-30") == date(2025, 6, 30)
    assert month(datetime(2025, 6, 1)) == month("2025-06") == month("06/2025") == "2025-06"
    for bad in ("juin", "2025-13", "31/02/2025"):
        with pytest.raises(CellError):
            day(bad) if "/" in bad else month(bad)


def test_a_missing_required_column_is_reported_on_the_header_row() -> None:
    columns = [c for c in header(WEATHER) if c != "risk"]
    read = read_workbook([RawSheet("weather", [(1, tuple(columns))])])
    assert [(p.sheet, p.row, p.reason) for p in read.problems] == [
        ("weather", 1, "the required column 'risk' is missing")
    ]


def test_unknown_sheets_and_columns_are_ignored_and_listed() -> None:
    read = read_workbook(
        [RawSheet("notes", [(1, ("x",))]), RawSheet("Weather", [(1, (*header(WEATHER), "owner"))])]
    )
    assert read.ignored_sheets == ["notes"]
    assert read.ignored_columns == ["Weather!H (owner)"]
    assert read.problems == []


@pytest.mark.parametrize(
    ("cell", "number"),
    [
        (7.5, "7.5"),
        (8, "8"),
        ("7,5", "7.5"),
        (" 7.25 h", "7.25"),
        (time(7, 30), "7.5"),
        (timedelta(hours=37, minutes=45), "37.75"),
        ("-1", "-1"),  # read as written: the time sheet's rules refuse it, naming the row
    ],
)
def test_hours_are_read_exactly_from_numbers_text_or_durations(cell: object, number: str) -> None:
    assert hours(cell) == Decimal(number)


def test_hours_that_are_not_a_number_are_refused() -> None:
    for bad in ("sept", True, date(2025, 10, 6), time(7, 30, 15), "inf"):
        with pytest.raises(CellError):
            hours(bad)


def test_weeks_are_read_as_iso_weeks_from_text_or_a_date_in_the_week() -> None:
    assert iso_week("2026-W05") == iso_week("2026w5") == iso_week(" 2026-w05 ") == "2026-W05"
    assert iso_week(date(2026, 1, 28)) == iso_week(datetime(2026, 2, 1)) == "2026-W05"
    assert iso_week(date(2026, 1, 1)) == "2026-W01"  # a Thursday: week 1 of 2026
    assert iso_week(date(2027, 1, 1)) == "2026-W53"  # a Friday: the last week of 2026
    for bad in ("2025-W53", "2026-W00", "W05", "2026-05", "semaine 5"):
        with pytest.raises(CellError, match="ISO week"):
            iso_week(bad)


def test_the_time_entries_sheet_is_found_by_its_name_written_either_way() -> None:
    assert sheet_format("time_entries") is sheet_format(" Time entries ") is TIME_ENTRIES
    rows = [(1, tuple(header(TIME_ENTRIES))), (2, ("staff", "2025-W41", "DPI-01", "7,5", ""))]
    read = read_workbook([RawSheet("Time entries", rows)])
    assert read.problems == []
    [row] = read.rows
    assert row.values == {
        "person_login": "staff", "week": "2025-W41", "project_code": "DPI-01",
        "hours": Decimal("7.5"), "activity": None,
    }  # fmt: skip


def test_time_entries_repeating_a_person_week_project_and_activity_are_reported() -> None:
    rows = [
        (1, tuple(header(TIME_ENTRIES))),
        (2, ("staff", "2025-W41", "DPI-01", 7, "recette")),
        (3, ("Staff", date(2025, 10, 8), "dpi-01", 1, "Recette")),
        (4, ("staff", "2025-W41", "DPI-01", 1, "")),
    ]
    read = read_workbook([RawSheet("time_entries", rows)])
    assert [(p.row, p.reason) for p in read.problems] == [
        (3, "repeats row 2 (same person_login, week, project_code, activity)")
    ]
    assert [r.number for r in read.rows] == [2, 4]
