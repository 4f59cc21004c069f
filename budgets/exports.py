"""Budget against outcome as an XLSX workbook (through grportal.exports, so a title or an organisation name
never runs as a formula): numbers as numbers, in kronor with öre."""

from typing import TypedDict

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from grportal.exports import xlsx_append

from .calculations import MoneyTable, money_table
from .selectors import Outcome

MONEY_FORMAT = '#,##0.00 "kr"'


class OutcomeTables(TypedDict):
    by_category: MoneyTable
    by_organisation: MoneyTable
    by_year: MoneyTable


def outcome_tables(outcome: Outcome) -> OutcomeTables:
    """The outcome's three tables as printed, on the page and in the workbook alike: remaining and totals
    (forecast too) derived from the printed rows (budgets.calculations.money_table)."""
    return {"by_category": money_table(outcome.by_category),
            "by_organisation": money_table(outcome.by_organisation),
            "by_year": money_table(outcome.by_year)}


def outcome_xlsx(project, outcome: Outcome) -> Workbook:
    """Everyone who reads the outcome gets the same workbook: the hourly cost each in-kind hour is valued at is
    part of the budget's planning basis, which the steering group and funders see too (README, Permissions). The
    salary inputs behind it (monthly salary, on-cost rate) are never in it."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Budget and outcome")[:31]
    xlsx_append(sheet, [project.title])
    sheet["A1"].font = Font(bold=True, size=14)
    xlsx_append(sheet, [_("Current version"), outcome.budget.name if outcome.budget else _("No current version")])
    xlsx_append(sheet, [_("As of"), outcome.as_of])
    header = [_("Budget"), _("Outcome"), _("Used (%)"), _("Remaining"), _("Forecast to the end")]

    def table(title, printed: MoneyTable, *, with_total: bool = False):
        xlsx_append(sheet, [])
        xlsx_append(sheet, [title, *header], bold=True)
        for row in [*printed.rows, *([printed.total] if with_total else [])]:
            xlsx_append(sheet, [row.label or _("Total"), row.budget, row.actual,
                                row.used_percent / 100 if row.used_percent is not None else None,
                                row.remaining, row.forecast])
            line = sheet.max_row
            for col in "BCEF":
                sheet[f"{col}{line}"].number_format = MONEY_FORMAT
            sheet[f"D{line}"].number_format = "0.0%"

    tables = outcome_tables(outcome)
    table(_("Category"), tables["by_category"], with_total=True)
    table(_("Organisation"), tables["by_organisation"])
    table(_("Year"), tables["by_year"])

    hours = workbook.create_sheet(_("In-kind time")[:31])
    xlsx_append(hours, [_("Year"), _("Organisation"), _("Logged hours"), _("Hourly cost"), _("Value"),
                        _("Planned in kind")], bold=True)
    for row in outcome.in_kind:
        xlsx_append(hours, [row.year, row.organisation, row.hours, row.rate, row.value, row.planned])
        for col in "DEF":
            hours[f"{col}{hours.max_row}"].number_format = MONEY_FORMAT
    for ws in (sheet, hours):
        ws.column_dimensions["A"].width = 34
        for col in "BCDEF":
            ws.column_dimensions[col].width = 18
    return workbook
