"""Workbooks for the import tests: made with openpyxl, or written part by part the way
Excel writes them, and hostile files."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from typing import Any

from openpyxl import Workbook

from domain.imports.format import BUDGETS, MILESTONES, PROJECTS, TIME_ENTRIES, WEATHER

Rows = Sequence[Sequence[Any]]


def xlsx(sheets: dict[str, Rows]) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        sheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def header(fmt: Any) -> list[str]:
    return [c.key for c in fmt.columns]


def valid_sheets(code: str = "DPI-01") -> dict[str, Rows]:
    """One project of the test group (tests.support.seed_group) with a budget, two
    milestones (one re-forecast and achieved) and two months of weather."""
    return {
        "projects": [
            header(PROJECTS),
            [code, "Dossier patient", "CHRU", "DPI", "build", "member", "manager", "", "patient_safety"],
        ],
        "budgets": [
            header(BUDGETS),
            [code, 2025, 1250000.5, "400 000,00", 250000, "1 300 000,00 €"],
        ],
        "milestones": [
            header(MILESTONES),
            [code, "Cadrage validé", "2025-01-15", "2025-02-01", "2025-02-03"],
            [code, "Mise en service", "30/06/2026", None, None],
        ],
        "weather": [
            header(WEATHER),
            [code, "2025-05", "green", "yellow", "orange", "red", "Recette en cours"],
            [code, "2025-06", "vert", "jaune", "orange", "rouge", ""],
        ],
    }  # fmt: skip


def time_entries(*rows: Sequence[Any]) -> dict[str, Rows]:
    """A workbook of time entries only: person_login, week, project_code, hours, activity."""
    return {"time_entries": [header(TIME_ENTRIES), *rows]}


# -- the way Excel writes a workbook: shared strings, dates as serial numbers with a date
# style, the x14ac namespaces; written part by part (no Excel on a Linux machine).
_CT = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    "{sheets}"
    '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
    '<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>'
    "</Types>"
)
_MAIN = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
_R = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
_MC = ('xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
       'mc:Ignorable="x14ac xr xr2 xr3" '
       'xmlns:x14ac="http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac" '
       'xmlns:xr="http://schemas.microsoft.com/office/spreadsheetml/2014/revision"')  # fmt: skip
_STYLES = (
    f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<styleSheet {_MAIN} {_MC}>'
    '<fonts count="1" x14ac:knownFonts="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="1"><fill><patternFill patternType="none"/></fill></fills>'
    '<borders count="1"><border/></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="4" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)


def _excel_serial(day: str) -> int:
    from datetime import date

    return (date.fromisoformat(day) - date(1899, 12, 30)).days


def excel_style(sheets: dict[str, Rows]) -> bytes:
    """Strings go to the shared strings table, `("date", "2025-01-15")` cells become date
    serial numbers with the built-in date format 14, numbers get format 4 (#,##0.00)."""
    strings: list[str] = []
    parts: dict[str, str] = {}
    for index, rows in enumerate(sheets.values(), start=1):
        xml_rows = []
        for r, row in enumerate(rows, start=1):
            cells = []
            for c, value in enumerate(row):
                ref = f"{chr(65 + c)}{r}"
                if value is None:
                    continue
                if isinstance(value, tuple):
                    cells.append(f'<c r="{ref}" s="1"><v>{_excel_serial(value[1])}</v></c>')
                elif isinstance(value, int | float):
                    cells.append(f'<c r="{ref}" s="2"><v>{value}</v></c>')
                else:
                    if value not in strings:
                        strings.append(value)
                    cells.append(f'<c r="{ref}" t="s"><v>{strings.index(value)}</v></c>')
            xml_rows.append(
                f'<row r="{r}" spans="1:{len(row)}" x14ac:dyDescent="0.25">{"".join(cells)}</row>'
            )
        parts[f"xl/worksheets/sheet{index}.xml"] = (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet {_MAIN} {_R} {_MC} '
            f'xr:uid="{{00000000-0001-0000-0000-00000000000{index}}}"><dimension ref="A1"/>'
            '<sheetViews><sheetView workbookViewId="0"/></sheetViews>'
            '<sheetFormatPr defaultRowHeight="15" x14ac:dyDescent="0.25"/>'
            f'<sheetData>{"".join(xml_rows)}</sheetData>'
            '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>'
            "</worksheet>"
        )  # fmt: skip
    names = list(sheets)
    workbook = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook {_MAIN} {_R} {_MC}>'
        '<fileVersion appName="xl" lastEdited="7" lowestEdited="7" rupBuild="27328"/>'
        '<workbookPr defaultThemeVersion="166925"/><sheets>'
        + "".join(f'<sheet name="{n}" sheetId="{i}" r:id="rId{i}"/>' for i, n in enumerate(names, 1))
        + '</sheets><calcPr calcId="191029"/></workbook>'
    )  # fmt: skip
    rels = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        + "".join(f'<Relationship Id="rId{i}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet{i}.xml"/>' for i in range(1, len(names) + 1))
        + f'<Relationship Id="rId{len(names) + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>'
        f'<Relationship Id="rId{len(names) + 2}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
        "</Relationships>"
    )  # fmt: skip
    shared = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst {_MAIN} count="{len(strings)}" '
        f'uniqueCount="{len(strings)}">'
        + "".join(f"<si><t>{s.replace('&', '&amp;').replace('<', '&lt;')}</t></si>" for s in strings)
        + "</sst>"
    )  # fmt: skip
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        overrides = "".join(
            f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            for i in range(1, len(names) + 1)
        )  # fmt: skip
        archive.writestr("[Content_Types].xml", _CT.format(sheets=overrides))
        archive.writestr(
            "_rels/.rels",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
            '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/>'
            "</Relationships>",
        )  # fmt: skip
        archive.writestr(
            "docProps/app.xml",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Properties '
            'xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
            "<Application>Microsoft Excel</Application><AppVersion>16.0300</AppVersion></Properties>",
        )
        archive.writestr("xl/workbook.xml", workbook)
        archive.writestr("xl/_rels/workbook.xml.rels", rels)
        archive.writestr("xl/styles.xml", _STYLES)
        archive.writestr("xl/sharedStrings.xml", shared)
        for name, content in parts.items():
            archive.writestr(name, content)
    return buffer.getvalue()


# -- hostile files ---------------------------------------------------------------------
def zip_bomb(megabytes: int = 64) -> bytes:
    """An xlsx-looking zip whose sheet inflates from ~60 KB to `megabytes` MB of zeros."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", _CT.format(sheets=""))
        archive.writestr("xl/workbook.xml", f"<workbook {_MAIN}/>")
        with archive.open("xl/worksheets/sheet1.xml", "w") as sheet:
            block = b"0" * (1 << 20)
            for _ in range(megabytes):
                sheet.write(block)
    return buffer.getvalue()


def encrypted_workbook() -> bytes:
    """What Excel and LibreOffice write for a password-protected .xlsx: an OLE compound file
    holding the EncryptionInfo and EncryptedPackage streams (here only their directory
    names and the header: the import must refuse the file before decrypting anything)."""
    header = bytes.fromhex("d0cf11e0a1b11ae1") + bytes(24) + b"\x3e\x00\x03\x00\xfe\xff\x09\x00"
    names = b"".join(n.encode("utf-16-le").ljust(64, b"\x00") for n in ("Root Entry", "EncryptionInfo", "EncryptedPackage"))  # fmt: skip
    return header.ljust(512, b"\x00") + names.ljust(3584, b"\x00")


def entity_bomb() -> bytes:
    """A workbook whose shared strings expand a billion laughs."""
    laughs = '<!DOCTYPE sst [<!ENTITY a "ha">' + "".join(
        f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(8)
    ) + "]>"  # fmt: skip
    good = excel_style({"projects": [["code"], ["X"]]})
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(good)) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/sharedStrings.xml":
                data = (
                    f'<?xml version="1.0"?>{laughs}<sst {_MAIN}><si><t>&i;</t></si></sst>'
                ).encode()
            target.writestr(item, data)
    return out.getvalue()
