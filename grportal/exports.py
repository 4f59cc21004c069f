"""Every CSV and XLSX file the portal writes goes through here, so that no text a person typed runs as a formula
when the file is opened in Excel or LibreOffice (CSV/formula injection).

A text starting with = + - @, a tab or a carriage return is neutralised: in CSV it gets an apostrophe in front
(the spreadsheet shows it as text); in XLSX it is a string cell, never a formula, marked with the quote prefix
(what Excel stores when you type '=1+1) so that editing the cell keeps it text. Numbers, Decimal amounts,
dates and times stay numbers, dates and times. CSV follows Swedish Excel: semicolons, a decimal comma and a BOM.
"""

import csv
import datetime as dt
import io
from collections.abc import Iterable
from decimal import Decimal

from django.http import HttpResponse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.http import content_disposition_header
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Font

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"


def looks_like_formula(value) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_START)


def neutralise(value):
    """A text a spreadsheet would run, with an apostrophe in front so it shows as text; anything else as it is."""
    return "'" + value if looks_like_formula(value) else value


def _local(value: dt.datetime) -> dt.datetime:
    """Times as the people reading the file live them (Stockholm), without a zone (spreadsheets have none)."""
    return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value


# --- CSV -------------------------------------------------------------------------------------------------

def csv_cell(value):
    """One CSV field. Swedish Excel reads 24,50 as a number and 24.50 as text: decimals get a comma."""
    if value is None:
        return ""
    if isinstance(value, Promise):
        value = str(value)
    if isinstance(value, (Decimal, float)):
        return format(value, "f").replace(".", ",")
    if isinstance(value, dt.datetime):
        return _local(value).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    return neutralise(value)


def csv_response(rows: Iterable[Iterable], *, filename: str) -> HttpResponse:
    """A CSV download for Swedish Excel: a BOM (so it reads UTF-8), semicolons, every field through csv_cell."""
    response = HttpResponse(content_type=CSV_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";")
    for row in rows:
        writer.writerow([csv_cell(value) for value in row])
    return response


# --- XLSX ------------------------------------------------------------------------------------------------

def xlsx_cell(sheet, value) -> Cell:
    """One cell: text is always text (never a formula), dates and times get a readable format."""
    if isinstance(value, Promise):
        value = str(value)
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)  # openpyxl refuses control characters XML cannot hold
    elif isinstance(value, dt.datetime):
        value = _local(value)
    cell = Cell(sheet, value=value)
    if isinstance(value, str):
        cell.data_type = "s"  # openpyxl makes a formula of a text starting with =
        if looks_like_formula(value):
            cell.quotePrefix = True
    elif isinstance(value, dt.datetime):
        cell.number_format = DATETIME_FORMAT
    elif isinstance(value, dt.date):
        cell.number_format = DATE_FORMAT
    return cell


def xlsx_append(sheet, values: Iterable, *, bold: bool = False) -> None:
    """Append a row to the sheet, each value through xlsx_cell."""
    cells = [xlsx_cell(sheet, value) for value in values]
    if bold:
        for cell in cells:
            cell.font = Font(bold=True)
    sheet.append(cells)


def xlsx_table(title: str, header: Iterable, rows: Iterable[Iterable]) -> Workbook:
    """A workbook of one sheet: a bold header and the rows."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]  # Excel's limit for a sheet name
    xlsx_append(sheet, header, bold=True)
    for row in rows:
        xlsx_append(sheet, row)
    return workbook


def xlsx_response(workbook: Workbook, *, filename: str) -> HttpResponse:
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response
