"""CSV and XLSX of the filtered activity log. A cell that starts with = + - @ (or a tab or carriage
return) is prefixed with an apostrophe so a spreadsheet shows it as text and never runs it."""

import csv
import io
from decimal import Decimal

from django.utils.translation import gettext as _
from openpyxl import Workbook

from .models import GENDER_FIELDS, SECTOR_FIELDS, Activity

DANGEROUS_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    if isinstance(value, str) and value.startswith(DANGEROUS_START):
        return "'" + value
    return value


def header() -> list[str]:
    labels = {f.name: str(f.verbose_name) for f in Activity._meta.get_fields() if hasattr(f, "verbose_name")}
    return [
        _("Date"), _("Lab"), _("Municipality"), _("Method"), _("Type"), _("Title"), _("Place"), _("Status"),
        labels["participants_total"], *(labels[f] for f in GENDER_FIELDS), *(labels[f] for f in SECTOR_FIELDS),
        _("Target groups"), labels["co_financed_hours"], _("Lessons learned"), _("Themes"),
    ]


def rows(activities):
    for a in activities:
        groups = "; ".join(f"{c.target_group.name}: {c.count}" for c in a.target_group_counts.all())
        yield [neutralise(v) for v in (
            a.date, a.lab.name, a.where.name if a.where else "",
            a.lab.method.name if a.lab.method else "", a.get_kind_display(), a.title, a.place, a.get_status_display(),
            a.participants_total, *(getattr(a, f) for f in GENDER_FIELDS), *(getattr(a, f) for f in SECTOR_FIELDS),
            groups, a.co_financed_hours, a.lessons, ", ".join(str(t) for t in a.theme_labels),
        )]


def _csv_cell(value):
    """Swedish Excel reads 24,50 as a number and 24.50 as text: decimals get a comma."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value, "f").replace(".", ",")
    return value


def as_csv(activities) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")  # Swedish Excel expects semicolons
    writer.writerow(header())
    for row in rows(activities):
        writer.writerow([_csv_cell(v) for v in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")  # the BOM makes Excel read UTF-8


def as_xlsx(activities) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Activities")[:31]
    sheet.append(header())
    for row in rows(activities):
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
