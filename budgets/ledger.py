"""Reading a ledger export (CSV or XLSX) into checked rows: each row either has values or a reason.

Columns, found by their header in Swedish or English: datum/date, kategori/category,
organisation/organization, beskrivning/description (optional), belopp/amount.
"""

import csv
import datetime as dt
import io
import re
import zipfile
from decimal import Decimal, InvalidOperation
from xml.parsers import expat

from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from .models import CostLine

MAX_ROWS = 5000
MAX_UNPACKED_BYTES = 100 * 1024 * 1024  # MAX_ROWS ledger rows and Excel's own parts unpack to a few MB
XML_PARTS = (".xml", ".rels", ".vml")
HEADERS = {
    "date": {"datum", "date", "bokföringsdatum", "verifikationsdatum"},
    "category": {"kategori", "category", "kostnadsslag"},
    "organisation": {"organisation", "organization", "org", "bär kostnaden"},
    "description": {"beskrivning", "description", "text", "benämning"},
    "amount": {"belopp", "amount", "summa", "belopp (kr)", "belopp kr"},
}
REQUIRED = ("date", "category", "organisation", "amount")


class _Semicolon(csv.excel):
    delimiter = ";"


class LedgerError(Exception):
    """The file as a whole cannot be read (not the fault of one row)."""


def _category_names() -> dict[str, str]:
    names = {}
    for value, label in CostLine.Category.choices:
        names[value.lower()] = value
        for language in ("sv", "en"):
            with translation.override(language):
                names[str(label).strip().lower()] = value
    return names


def _amount(text) -> Decimal:
    if isinstance(text, float):
        text = repr(text)  # XLSX numbers come as float: go through their shortest text, never float arithmetic
    if isinstance(text, int | Decimal):
        return Decimal(text)
    cleaned = re.sub(r"[\s\u00a0]|kr$", "", str(text).strip().replace("−", "-"), flags=re.IGNORECASE)
    if "," in cleaned and "." in cleaned:
        cleaned = cleaned.replace(".", "")  # 1.234,50
    cleaned = cleaned.replace(",", ".")
    return Decimal(cleaned)


def _date(value) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value).strip())


def _rows_from_csv(data: bytes):
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - cp1252 decodes nearly anything
        raise LedgerError(_("The file's characters could not be read. Save it as UTF-8."))
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=";,\t")
    except csv.Error:
        dialect = _Semicolon
    return list(csv.reader(io.StringIO(text), dialect))


class _PrologueRead(Exception):
    """The root element has begun: a document type declaration can no longer follow."""


def _declares_dtd(stream) -> bool:
    """Whether an XML part declares a document type (which can define entities), read up to its root element."""
    found = []

    def doctype(*args):
        found.append(True)
        raise _PrologueRead

    def root(*args):
        raise _PrologueRead

    parser = expat.ParserCreate()
    parser.StartDoctypeDeclHandler = doctype
    parser.StartElementHandler = root
    try:
        parser.ParseFile(stream)
    except _PrologueRead:
        pass
    return bool(found)


def _refuse_unsafe_parts(data: bytes) -> None:
    """A workbook Excel writes has no DTD in any XML part and unpacks to a modest size; anything else (entity
    expansion, a file read through an external entity, a zip bomb) is refused before openpyxl parses it."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        members = archive.infolist()
        if sum(member.file_size for member in members) > MAX_UNPACKED_BYTES:
            raise ValueError("the workbook unpacks to more than MAX_UNPACKED_BYTES")
        for member in members:
            if member.filename.lower().endswith(XML_PARTS):
                with archive.open(member) as part:
                    if _declares_dtd(part):
                        raise ValueError(f"{member.filename} declares a document type")


def _rows_from_xlsx(data: bytes):
    # Anything that goes wrong while the workbook is read (openpyxl and the XML parser raise many kinds for a
    # damaged or hostile file, some only once the rows are read) is the file's fault: say so next to the field.
    try:
        _refuse_unsafe_parts(data)
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            sheet = workbook.worksheets[0]
            return [list(row) for row in sheet.iter_rows(values_only=True)]
        finally:
            workbook.close()
    except Exception as error:
        raise LedgerError(_("The file cannot be read as an Excel workbook. Open it in Excel, save it again as "
                            "an Excel workbook (.xlsx) or as CSV, and upload that file.")) from error


def read_rows(file_name: str, data: bytes) -> list[list]:
    if file_name.lower().endswith(".xlsx"):
        return _rows_from_xlsx(data)
    if file_name.lower().endswith((".csv", ".txt")):
        return _rows_from_csv(data)
    raise LedgerError(_("Upload a CSV or XLSX file."))


def check_rows(raw_rows: list[list], *, project, organisations) -> list[dict]:
    """Each data row with its values (ready to book) or the reason it is refused."""
    rows = [row for row in raw_rows if any(cell not in (None, "") for cell in row)]
    if not rows:
        raise LedgerError(_("The file is empty."))
    header = [str(cell or "").strip().lower() for cell in rows[0]]
    columns = {}
    for key, names in HEADERS.items():
        for index, name in enumerate(header):
            if name in names:
                columns[key] = index
                break
    missing = [key for key in REQUIRED if key not in columns]
    if missing:
        raise LedgerError(_("The first row must name the columns: date, category, organisation and amount "
                            "(datum, kategori, organisation, belopp)."))
    if len(rows) - 1 > MAX_ROWS:
        raise LedgerError(_("The file has more than %(max)s rows: split it.") % {"max": MAX_ROWS})
    categories = _category_names()
    by_name = {o.name.lower(): o for o in organisations}
    by_number = {o.org_number: o for o in organisations if o.org_number}
    checked = []
    for number, row in enumerate(rows[1:], start=2):
        def cell(key, row=row):
            index = columns.get(key)
            return row[index] if index is not None and index < len(row) else None

        errors = []
        values = {}
        try:
            date = _date(cell("date"))
            if not (project.start_date <= date <= project.end_date):
                errors.append(_("the date %(date)s is outside the project period") % {"date": date.isoformat()})
            values["date"] = date.isoformat()
        except (TypeError, ValueError):
            errors.append(_("the date must be written YYYY-MM-DD"))
        category = categories.get(str(cell("category") or "").strip().lower())
        if category is None:
            errors.append(_("unknown category “%(value)s”") % {"value": cell("category") or ""})
        else:
            values["category"] = category
            values["category_label"] = str(dict(CostLine.Category.choices)[category])
        org_text = str(cell("organisation") or "").strip()
        organisation = by_name.get(org_text.lower()) or by_number.get(org_text)
        if organisation is None:
            errors.append(_("unknown organisation “%(value)s”") % {"value": org_text})
        else:
            values["organisation_id"] = organisation.pk
            values["organisation"] = organisation.name
        try:
            amount = _amount(cell("amount"))
            if not amount.is_finite() or amount != amount.quantize(Decimal("0.01")):
                raise InvalidOperation
            if abs(amount) >= Decimal("1e12"):
                errors.append(_("the amount is too large"))
            values["amount"] = str(amount.quantize(Decimal("0.01")))
        except (InvalidOperation, TypeError, ValueError):
            errors.append(_("the amount “%(value)s” is not a number in kronor and öre")
                          % {"value": cell("amount") or ""})
        values["description"] = str(cell("description") or "").strip()[:200]
        raw = {key: "" if cell(key) is None else str(cell(key))[:200] for key in HEADERS}
        checked.append({"line": number, "values": values, "raw": raw, "error": "; ".join(errors)})
    return checked
