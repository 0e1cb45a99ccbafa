"""The spreadsheet import page: upload a workbook, read the report; download the template."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, File, Request, UploadFile
from fastapi.responses import Response

from api.deps import JalonDep
from api.spreadsheets.template import template_workbook
from api.spreadsheets.writing import XLSX
from api.web.deps import Action, Page, Viewer
from api.web.templating import language_of, render
from domain.authorization import Operation
from infrastructure.spreadsheet import MAX_FILE_BYTES, SpreadsheetRejected, read_xlsx

router = APIRouter(include_in_schema=False)
Importer = Annotated[Viewer, Depends(Page(Operation.DATA_IMPORT))]
Uploader = Annotated[Viewer, Depends(Action(Operation.DATA_IMPORT))]


@router.get("/import")
def import_page(request: Request, viewer: Importer) -> Response:
    context = {
        "report": None,
        "rejected": None,
        "file_name": None,
        "max_mb": MAX_FILE_BYTES // 2**20,
    }
    return render(request, "imports/page.html", context, viewer=viewer)


@router.get("/import/template.xlsx")
def template(request: Request, viewer: Importer) -> Response:
    return Response(
        template_workbook(language_of(request)),
        media_type=XLSX,
        headers={"Content-Disposition": 'attachment; filename="jalon-import.xlsx"'},
    )


@router.post("/import")
async def upload(
    request: Request, viewer: Uploader, jalon: JalonDep, file: Annotated[UploadFile, File()]
) -> Response:
    data = await file.read(MAX_FILE_BYTES + 1)
    name = (file.filename or "upload.xlsx")[:200]
    context: dict[str, object] = {"report": None, "rejected": None, "file_name": name,
                                  "max_mb": MAX_FILE_BYTES // 2**20}  # fmt: skip
    try:
        sheets = read_xlsx(data)
    except SpreadsheetRejected as error:
        context["rejected"] = error.message
        status = 413 if len(data) > MAX_FILE_BYTES else 422
        return render(request, "imports/page.html", context, viewer=viewer, status=status)
    report = jalon.imports.run(viewer.principal, sheets, source=name)
    if report.position:
        jalon.wait_for(report.position)
    context["report"] = report
    status = 200 if report.accepted else 422
    return render(request, "imports/page.html", context, viewer=viewer, status=status)
