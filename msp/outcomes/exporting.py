"""The return as files: the long CSV (every council, the contract of docs/sac.md) and one council's workbook
laid out as the national data template (a sheet per table, a cover sheet with the validation result)."""

from __future__ import annotations

import csv
import datetime
import io
from decimal import Decimal

from django.utils import timezone

from msp.outcomes.checks import Check
from msp.outcomes.layout import TABLE_TITLES, TOTAL, display, layout_for
from msp.outcomes.sac import LONG_HEADER, SacReturn, format_value, long_rows


def return_csv(returns: dict) -> bytes:
    """UTF-8 without a byte-order mark: the long format is read by programs more than by people."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(LONG_HEADER)
    writer.writerows(long_rows(returns))
    return out.getvalue().encode("utf-8")


def return_xlsx(
    result: SacReturn, checks: list[Check], *, produced_at: datetime.datetime, source: str
) -> bytes:
    """One council's return: a cover sheet, then SG1a ... SG4a and the derived measures."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    bold, title = Font(bold=True), Font(bold=True, size=14)
    total_fill = PatternFill("solid", fgColor="F3F2F1")
    workbook = Workbook()
    cover = workbook.active
    cover.title = "Cover"
    council = result.council
    cover.append(["Safeguarding Adults Collection return"])
    cover["A1"].font = title
    for label, value in (
        ("Council", council.name),
        ("GSS code", council.gss_code),
        ("Reporting year", f"{result.year} (1 April to 31 March)"),
        ("Produced", timezone.localtime(produced_at).strftime("%d/%m/%Y %H:%M")),
        ("Produced from", source),
        ("Validation", "All checks passed" if not checks else f"{len(checks)} checks failed: see below"),
    ):
        cover.append([label, value])
        cover.cell(cover.max_row, 1).font = bold
    for check in checks:
        cover.append(["", check.message])
    cover.column_dimensions["A"].width = 18
    cover.column_dimensions["B"].width = 100

    layout = layout_for(result.year)
    sheets: dict[str, object] = {}
    for grid in layout.grids():
        name = grid.table if grid.table != "DERIVED" else "Derived"
        sheet = sheets.get(name)
        if sheet is None:
            sheet = sheets[name] = workbook.create_sheet(name)
            sheet.append([f"{grid.table}: {TABLE_TITLES[grid.table]}"])
            sheet["A1"].font = title
            sheet.column_dimensions["A"].width = 52
        sheet.append([])
        sheet.append(["", *(display(c, context=grid.table) for c in grid.columns)])
        for cell in sheet[sheet.max_row]:
            cell.font = bold
            cell.alignment = Alignment(wrap_text=True, vertical="bottom", horizontal="right")
        sheet.row_dimensions[sheet.max_row].height = 45  # room for headings over two or three lines
        for row in grid.rows:
            values = [
                _cell_value(result.cells[grid.table, row, c]) if grid.has(row, c) else None
                for c in grid.columns
            ]
            sheet.append([display(row, context=grid.table), *values])
            if row == TOTAL:
                for cell in sheet[sheet.max_row]:
                    cell.font, cell.fill = bold, total_fill
            if grid.table == "DERIVED":
                sheet.cell(sheet.max_row, 2).number_format = "0.0"
    for sheet in sheets.values():
        for letter in "BCDE":
            sheet.column_dimensions[letter].width = 20
        sheet.freeze_panes = "B2"
    for sheet in [cover, *sheets.values()]:
        _print_on_one_page_wide(sheet)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _print_on_one_page_wide(sheet) -> None:
    """Printed or saved as PDF, each table fits the width of a landscape page."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True


def _cell_value(value):
    """Counts as numbers; a percentage as a number to one decimal place; no denominator: empty."""
    if isinstance(value, Decimal):
        return float(format_value(value))
    return value


def export_name(year: str, council=None, *, suffix: str) -> str:
    who = council.gss_code if council is not None else "england"
    return f"sac-{year}-{who}.{suffix}"
