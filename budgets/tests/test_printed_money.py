"""Printed money adds up: on the outcome page and in its XLSX every row is Budget − Outcome = Remaining and every
total is the sum of the rows printed above it (budgets.calculations.money_table), whatever the bookings."""

import io
from decimal import Decimal as D

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from budgets.calculations import MoneyRow, money_row, money_table, share_percent
from budgets.models import CostLine
from budgets.tests import money_scenarios
from budgets.tests.printed import amount, assert_adds_up, money_tables
from grportal.templatetags.grportal import kr

pytestmark = pytest.mark.django_db

# --- The function, with numbers worked out by hand ------------------------------------------------------------


def test_a_printed_row_derives_what_remains_from_its_printed_parts():
    row = money_row("Resor", budget=D("100.40"), actual=D("50.60"))
    assert (row.budget, row.actual, row.remaining, row.used_percent) == (D("100.40"), D("50.60"), D("49.80"),
                                                                         D("50.4"))
    # Parts finer than the öre are rounded once, here, and the rest follows from the rounded parts.
    row = money_row("x", budget=D("10.005"), actual=D("0.004"), forecast=D("0.015"))
    assert (row.budget, row.actual, row.remaining, row.forecast) == (D("10.01"), D("0.00"), D("10.01"), D("0.02"))


def test_a_total_is_the_sum_of_the_printed_rows_forecast_included():
    table = money_table([MoneyRow("a", D("1000.01"), D("1000.01"), D("2333.36")),
                         MoneyRow("b", D("500.00"), D("0.01"), D("0.02"))])
    assert (table.total.budget, table.total.actual, table.total.remaining, table.total.forecast) == (
        D("1500.01"), D("1000.02"), D("499.99"), D("2333.38"))
    assert money_table([MoneyRow("a", D("1"), D("1"), None)]).total.forecast is None


def test_money_is_never_a_float():
    with pytest.raises(TypeError):
        money_row("x", budget=100.4, actual=D("0"))


ore = st.integers(min_value=-10**9, max_value=10**9).map(lambda n: D(n).scaleb(-2))
finer = st.integers(min_value=-10**11, max_value=10**11).map(lambda n: D(n).scaleb(-4))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.one_of(ore, finer), st.one_of(ore, finer), st.one_of(ore, finer)), max_size=8))
def test_printed_with_the_kr_filter_every_row_and_the_total_add_up(parts):
    table = money_table(MoneyRow(str(i), b, a, f) for i, (b, a, f) in enumerate(parts))
    for row in (*table.rows, table.total):
        budget, actual, remaining, forecast = (amount(kr(v)) for v in (row.budget, row.actual, row.remaining,
                                                                       row.forecast))
        # The filter prints what the row holds, to the öre: nothing is rounded a second time.
        assert (budget, actual, remaining, forecast) == (row.budget, row.actual, row.remaining, row.forecast)
        assert budget - actual == remaining
    for column in ("budget", "actual", "remaining", "forecast"):
        assert amount(kr(getattr(table.total, column))) == sum(
            (amount(kr(getattr(row, column))) for row in table.rows), D(0))


# --- The outcome page and its XLSX ----------------------------------------------------------------------------


@pytest.fixture
def orgs(world):
    return money_scenarios.organisations(world)


def _headers():
    return {"budget": gettext("Budget"), "outcome": gettext("Outcome"), "remaining": gettext("Remaining")}


def check_outcome_page(html: str) -> list:
    """Every table of budget against outcome on the page adds up; the first (per category) has its total."""
    tables = money_tables(html, **_headers())
    assert len(tables) == 3  # per category, organisation and year
    for table in tables:
        assert_adds_up(table, **_headers(), total=gettext("Total"), used=gettext("Used"),
                       forecast=gettext("Forecast to the end"))
    (by_category, by_organisation, by_year) = tables
    total = by_category.rows[-1]
    assert total[0] == gettext("Total")
    # The three tables share one budget and one outcome: per organisation and per year they sum to the same total.
    for other in (by_organisation, by_year):
        for name in ("budget", "outcome"):
            column = other.column(_headers()[name])
            rows = [row for row in other.rows if len(row) == len(other.header)]
            assert sum((amount(row[column]) for row in rows), D(0)) == amount(total[by_category.column(
                _headers()[name])])
    return tables


def check_outcome_workbook(content: bytes):
    sheet = load_workbook(io.BytesIO(content)).worksheets[0]
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    blocks, block = [], None
    for row in rows[3:]:
        if not any(cell is not None for cell in row):
            continue
        if row[1] == gettext("Budget"):
            block = []
            blocks.append(block)
        elif block is not None:
            block.append(row)
    assert len(blocks) == 3
    for block in blocks:
        for _label, budget, actual, used, remaining, _forecast in (row[:6] for row in block):
            assert D(str(budget)) - D(str(actual)) == D(str(remaining))
            expected = share_percent(D(str(actual)), D(str(budget)))
            assert (used is None) if expected is None else D(str(used)) == expected / 100
    *parts, total = blocks[0]
    assert total[0] == gettext("Total")
    for column in (1, 2, 4, 5):
        assert D(str(total[column])) == sum((D(str(row[column])) for row in parts), D(0))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(scenario=money_scenarios.scenarios)
def test_every_row_and_total_on_the_outcome_page_and_in_its_xlsx_adds_up(client, world, orgs, scenario):
    with translation.override("sv"), transaction.atomic():
        money_scenarios.build(world, orgs, scenario, today=timezone.localdate())
        client.force_login(world.coordinator)
        page = client.get(reverse("budgets:outcome", args=[world.project.pk]))
        assert page.status_code == 200
        check_outcome_page(page.content.decode())
        check_outcome_workbook(client.get(reverse("budgets:outcome_export", args=[world.project.pk])).content)
        transaction.set_rollback(True)


def test_the_forecast_total_is_the_sum_of_the_printed_forecasts(client, world, orgs):
    """Regression: the total's forecast was the forecast of the total, an öre off the printed rows' sum.

    Seven days, three passed: 1 000,01 kr booked in each of two categories is forecast at 2 333,36 kr each
    (1 000,01 × 7 ÷ 3 = 2 333,356…), so the total is 4 666,72 kr, not 2 000,02 × 7 ÷ 3 = 4 666,71 kr.
    """
    C = CostLine.Category
    money_scenarios.build(world, orgs, {
        "total_days": 7, "elapsed": 3 / 7,
        "cost_lines": [(C.PERSONNEL, "owner", 0, D("5000.00")), (C.TRAVEL, "owner", 0, D("5000.00"))],
        "actual_costs": [(C.PERSONNEL, "owner", 0, D("1000.01")), (C.TRAVEL, "owner", 1, D("1000.01"))],
        "financing_lines": [],
    }, today=timezone.localdate())
    client.force_login(world.coordinator)
    with translation.override("sv"):
        html = client.get(reverse("budgets:outcome", args=[world.project.pk])).content.decode()
        by_category = check_outcome_page(html)[0]
        forecast = by_category.column(gettext("Forecast to the end"))
    assert [amount(row[forecast]) for row in by_category.rows] == [D("2333.36"), D("2333.36"), D("4666.72")]
    workbook = load_workbook(io.BytesIO(client.get(
        reverse("budgets:outcome_export", args=[world.project.pk])).content)).worksheets[0]
    assert D("4666.72") in [D(str(c)) for row in workbook.iter_rows(values_only=True) for c in row
                            if isinstance(c, (int, float))]


def test_the_budget_page_says_its_tkr_figures_are_rounded(client, world, orgs):
    budget = money_scenarios.build(world, orgs, {
        "total_days": 365, "elapsed": 0.5, "financing_lines": [], "actual_costs": [],
        "cost_lines": [(CostLine.Category.PERSONNEL, "owner", 0, D("1499.00")),
                       (CostLine.Category.TRAVEL, "owner", 0, D("1499.00"))],
    }, today=timezone.localdate())
    client.force_login(world.coordinator)
    with translation.override("sv"):
        html = client.get(budget.get_absolute_url()).content.decode()
        note = gettext("Each figure is rounded to whole thousands of kronor on its own. The totals and the "
                       "difference are computed from the exact amounts, so they can differ by a few tkr from the "
                       "sum of the rounded figures above them. The exact amounts are in the lines further down.")
    # 1 tkr + 1 tkr printed above a total of 3 tkr (2 998 kr): the page says why.
    assert note in html
