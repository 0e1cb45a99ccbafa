"""`jalon template xlsx`: the import template, documented in its first sheet."""

from __future__ import annotations

from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.datavalidation import DataValidation

from api.spreadsheets.writing import add_sheet, new_workbook, to_bytes
from api.web.i18n import N_, translations
from domain.imports.format import SHEETS, CellKind
from infrastructure.spreadsheet import MAX_FILE_BYTES

RULES = [
    N_("Fill the sheets projects, budgets, milestones, weather and time_entries; keep their "
       "names and the column names of row 1 (columns may be in any order; other sheets and "
       "columns are ignored)."),
    N_("All or nothing: if any row is invalid, nothing is imported and the report lists "
       "every problem (sheet, row, column, reason)."),
    N_("Importing the same file again records nothing new: each row is compared with what "
       "Jalon already holds, and only differences are recorded."),
    N_("Amounts in euros with at most 2 decimals (1250000.50 or 1 250 000,50); dates as "
       "date cells or written 2026-09-30 or 30/09/2026; months written 2026-05."),
    N_("A project's establishment and kind cannot be changed by an import; a milestone's "
       "baseline never changes (give a forecast instead); phases change only through gate "
       "decisions."),
    N_("People are named by their login. Files from Excel and LibreOffice are accepted "
       "(.xlsx, without password, at most %(mb)d MB)."),
    N_("Time entries: the rows of one person's ISO week make that week's time sheet, checked "
       "with the rules of a time sheet entered in Jalon (quarter hours, at most 168 h, one row "
       "per project and activity, a project open that week, a week already started). It is "
       "recorded as submitted, entered on the person's behalf: the project managers and team "
       "leads validate it in Jalon. A week whose sheet holds the same lines records nothing; "
       "a sheet approved in whole or in part cannot be changed by an import."),
]  # fmt: skip

EXAMPLE = N_("example")
CHOICES = {CellKind.WEATHER: '"green,yellow,orange,red"', CellKind.KIND: '"build,run"'}


def template_workbook(language: str) -> bytes:
    gettext = translations(language).gettext
    workbook = new_workbook()
    rules = [[gettext(rule) % {"mb": MAX_FILE_BYTES // 2**20} if "%(mb)d" in rule else gettext(rule)] for rule in RULES]  # fmt: skip
    guide = add_sheet(
        workbook, gettext("instructions"), [gettext("How to fill this workbook")], rules
    )
    guide.column_dimensions["A"].width = 120
    for fmt in SHEETS:
        guide.append([])
        guide.append([f"{fmt.name}: {gettext(fmt.help)}"])
        guide.cell(row=guide.max_row, column=1).font = Font(bold=True)
        for column in fmt.columns:
            need = gettext("required") if column.required else gettext("optional")
            example = f" – {gettext(EXAMPLE)}: {column.example}" if column.example else ""
            guide.append([f"  {column.key} ({need}): {gettext(column.help)}{example}"])
    for row in guide.iter_rows():
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    for fmt in SHEETS:
        sheet = add_sheet(
            workbook,
            fmt.name,
            [c.key for c in fmt.columns],
            [],
            notes=[gettext(c.help) for c in fmt.columns],
        )
        for index, column in enumerate(fmt.columns, start=1):
            if column.kind in CHOICES:
                letter = sheet.cell(row=1, column=index).column_letter
                check = DataValidation(type="list", formula1=CHOICES[column.kind], allow_blank=True)
                check.add(f"{letter}2:{letter}5000")
                sheet.add_data_validation(check)
            if column.kind in (CellKind.MONTH, CellKind.WEEK):
                for row_number in range(2, 501):  # text, or LibreOffice turns 2026-05 into a date
                    sheet.cell(row=row_number, column=index).number_format = "@"
    return to_bytes(workbook)
