"""Opening an uploaded .xlsx safely, then reading its sheets as plain cell values.

Checked before openpyxl parses anything: size, the kind of file (an encrypted OLE container
is a password-protected workbook; other OLE files are old .xls; an .ods or any other zip is
not an xlsx), and the zip's entries (count, total uncompressed size, compression ratio) so
that a zip bomb is refused unopened. XML is parsed with defusedxml (openpyxl uses it when
installed), which refuses entity expansion bombs."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import defusedxml
import openpyxl
from openpyxl.utils.exceptions import InvalidFileException

from domain.errors import InvalidCommand
from domain.imports.format import MAX_ROWS_PER_SHEET
from domain.imports.rows import RawSheet

MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
MAX_ENTRIES = 2_000
MAX_RATIO = 200  # uncompressed / compressed, per entry; text XML compresses ~10-30×
MAX_COLUMNS = 100
_ZIP = b"PK\x03\x04"
_OLE = bytes.fromhex("d0cf11e0a1b11ae1")


class SpreadsheetRejected(InvalidCommand):
    """The file is not a workbook this import can read (the message says why)."""

    def __init__(self, message: str) -> None:
        super().__init__(message, field="file")


def check_xlsx(data: bytes) -> None:
    if len(data) > MAX_FILE_BYTES:
        raise SpreadsheetRejected(
            f"the file is {len(data) / 1e6:.1f} MB; the limit is {MAX_FILE_BYTES // 2**20} MB"
        )
    if data.startswith(_OLE):
        if "EncryptedPackage".encode("utf-16-le") in data:
            raise SpreadsheetRejected(
                "the workbook is password-protected: save it without a password and try again"
            )
        raise SpreadsheetRejected(
            "this is an Excel 97-2003 (.xls) file: save it as an Excel workbook (.xlsx)"
        )
    if not data.startswith(_ZIP):
        raise SpreadsheetRejected("not an Excel workbook (.xlsx): save the file as .xlsx")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise SpreadsheetRejected("the file is damaged: it is not a readable .xlsx") from None
    names = {e.filename for e in entries}
    if "mimetype" in names and "content.xml" in names:
        raise SpreadsheetRejected(
            "this is an OpenDocument spreadsheet (.ods): save it as an Excel workbook (.xlsx)"
        )
    if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
        raise SpreadsheetRejected("a zip file, but not an Excel workbook (.xlsx)")
    _check_entries(entries)


def _check_entries(entries: list[zipfile.ZipInfo]) -> None:
    if len(entries) > MAX_ENTRIES:
        raise SpreadsheetRejected(f"the workbook has more than {MAX_ENTRIES} parts: refused")
    total = 0
    for entry in entries:
        total += entry.file_size
        ratio = entry.file_size / max(entry.compress_size, 1)
        if ratio > MAX_RATIO and entry.file_size > 1024 * 1024:
            raise SpreadsheetRejected(
                f"the workbook's part {entry.filename} expands {ratio:.0f} times "
                "(a zip bomb?): refused"
            )
    if total > MAX_UNCOMPRESSED_BYTES:
        raise SpreadsheetRejected(
            f"the workbook expands to {total / 1e6:.0f} MB; the limit is "
            f"{MAX_UNCOMPRESSED_BYTES // 2**20} MB"
        )


def read_xlsx(data: bytes) -> list[RawSheet]:
    """Every sheet's rows as (row number, cell values); raises SpreadsheetRejected."""
    check_xlsx(data)
    assert defusedxml  # openpyxl parses with defusedxml when it is installed
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise SpreadsheetRejected(f"the workbook cannot be read: {error}") from None
    except Exception as error:  # XML errors of a damaged or hostile part (defusedxml, expat)
        raise SpreadsheetRejected(
            f"the workbook cannot be read ({type(error).__name__}): save it again as .xlsx"
        ) from None
    try:
        return [_sheet(workbook[name]) for name in workbook.sheetnames]
    except SpreadsheetRejected:
        raise
    except Exception as error:  # same: the parts are parsed lazily, row by row
        raise SpreadsheetRejected(
            f"the workbook cannot be read ({type(error).__name__}): save it again as .xlsx"
        ) from None
    finally:
        workbook.close()


def _sheet(worksheet: Any) -> RawSheet:
    if hasattr(worksheet, "reset_dimensions"):
        worksheet.reset_dimensions()  # LibreOffice may write no or wrong dimensions
    rows: list[tuple[int, tuple[Any, ...]]] = []
    for number, cells in enumerate(
        worksheet.iter_rows(max_col=MAX_COLUMNS, values_only=True), start=1
    ):
        if number > MAX_ROWS_PER_SHEET + 1:
            raise SpreadsheetRejected(
                f"sheet {worksheet.title} has more than {MAX_ROWS_PER_SHEET} rows: split the file"
            )
        values = list(cells)
        while values and values[-1] is None:
            values.pop()
        rows.append((number, tuple(values)))
    return RawSheet(worksheet.title, rows)
