"""Budget against outcome: booked costs, in-kind time from the labs valued at the planned hourly cost."""

import datetime as dt
import io
from decimal import Decimal as D

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from accounts.tests.factories import OrganisationFactory
from budgets import selectors, services
from budgets.models import CostLine, FinancingLine
from budgets.tests.factories import ActualCostFactory, BudgetFactory, CostLineFactory
from labs.models import Activity, CoFinancedTime
from labs.tests.factories import ActivityFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def planned(world):
    """A current version: 100 000 personnel and 20 000 travel for the owner in 2025, and Ale's in-kind time."""
    budget = BudgetFactory(project=world.project)
    owner = world.project.owner
    CostLineFactory(budget=budget, organisation=owner, amount=D("100000.00"))
    CostLineFactory(budget=budget, organisation=owner, category=CostLine.Category.TRAVEL, amount=D("20000.00"))
    ale = world.lab.municipality or OrganisationFactory(name="Ale kommun (test)")
    if world.lab.municipality is None:
        world.lab.municipality = ale
        world.lab.save()
    services.financing_line_create(budget=budget, year=2025, kind=FinancingLine.Kind.IN_KIND, organisation=ale,
                                   people=1, share_percent=D("10"), monthly_salary=D("43000"), months=D("12"),
                                   on_cost_percent=D("40"))
    return budget


def test_outcome_per_category_organisation_and_year_with_forecast(world, planned):
    owner = world.project.owner
    ActualCostFactory(project=world.project, organisation=owner, date=dt.date(2025, 3, 1), amount=D("30000.00"))
    ActualCostFactory(project=world.project, organisation=owner, date=dt.date(2025, 6, 1),
                      category=CostLine.Category.TRAVEL, amount=D("5000.50"))
    # The project runs 2025-01-01 to 2026-12-31 (730 days); 2025-12-31 is day 365: half the period.
    result = selectors.outcome(world.project, as_of=dt.date(2025, 12, 31))
    assert result.elapsed_percent == D("50.0")
    rows = {row.label: row for row in result.by_category}
    personnel, travel = rows[str(CostLine.Category.PERSONNEL.label)], rows[str(CostLine.Category.TRAVEL.label)]
    assert (personnel.budget, personnel.actual, personnel.forecast) == (D("100000.00"), D("30000.00"),
                                                                        D("60000.00"))
    assert personnel.used_percent == D("30.0")
    assert (travel.actual, travel.forecast, travel.remaining) == (D("5000.50"), D("10001.00"), D("14999.50"))
    assert result.total.actual == D("35000.50")
    assert [row.label for row in result.by_year] == ["2025"]
    assert {row.label: row.actual for row in result.by_organisation}[owner.name] == D("35000.50")


def test_in_kind_actuals_come_from_hours_logged_in_the_labs(world, planned):
    ale = world.lab.municipality
    other = OrganisationFactory(name="Hyresgästföreningen (test)")
    counted = ActivityFactory(lab=world.lab, date=dt.date(2025, 2, 1), status=Activity.Status.SUBMITTED,
                              co_financed_hours=D("10.00"))
    CoFinancedTime.objects.create(activity=counted, organisation=ale, hours=D("6.50"))
    CoFinancedTime.objects.create(activity=counted, organisation=other, hours=D("3.50"))
    # an older activity with only the total counts for the lab's municipality
    ActivityFactory(lab=world.lab, date=dt.date(2025, 3, 1), status=Activity.Status.APPROVED,
                    co_financed_hours=D("4.00"))
    # drafts do not count yet
    ActivityFactory(lab=world.lab, date=dt.date(2025, 3, 2), status=Activity.Status.DRAFT,
                    co_financed_hours=D("100.00"))
    delivered = selectors.delivered_in_kind([world.project.pk])
    assert {(d.year, d.organisation_id): d.hours for d in delivered} == {(2025, ale.pk): D("10.50"),
                                                                         (2025, other.pk): D("3.50")}
    result = selectors.outcome(world.project, as_of=dt.date(2025, 12, 31))
    rows = {row.organisation: row for row in result.in_kind}
    # Ale's planned time: 43 000 × 12 × 1.40 ÷ 1 720 = 420.00 kr/h; 10.5 h → 4 410.00
    assert (rows[ale.name].hours, rows[ale.name].rate, rows[ale.name].value) == (D("10.50"), D("420.00"),
                                                                                  D("4410.00"))
    # 10 % × 43 000 × 12 × 1.40 = 72 240.00 planned in kind
    assert rows[ale.name].planned == D("72240.00")
    # no time planned for the tenants' union: hours shown, no value invented
    assert (rows[other.name].hours, rows[other.name].value) == (D("3.50"), None)


def test_outcome_page_and_xlsx_export(client, world, planned):
    ActualCostFactory(project=world.project, organisation=world.project.owner, amount=D("1234.50"))
    client.force_login(world.coordinator)
    page = client.get(reverse("budgets:outcome", args=[world.project.pk]))
    assert page.status_code == 200
    assert "1\u00a0234,50\u00a0kr" in page.content.decode()
    response = client.get(reverse("budgets:outcome_export", args=[world.project.pk]))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = load_workbook(io.BytesIO(response.content))
    values = [cell for row in workbook.worksheets[0].iter_rows(values_only=True) for cell in row]
    assert 120000 in values and 1234.5 in values


def test_booking_a_cost_by_hand_and_its_errors(client, world, planned):
    client.force_login(world.coordinator)
    url = reverse("budgets:actual_new", args=[world.project.pk])
    response = client.post(url, {"date": "2030-01-01", "category": "travel",
                                 "organisation": world.project.owner.pk, "amount": "12,50"})
    assert response.status_code == 400
    assert response.context["form"].errors["date"]
    response = client.post(url, {"date": "2025-05-05", "category": "travel",
                                 "organisation": world.project.owner.pk, "amount": "12.50"})
    assert response.status_code == 302
    assert world.project.actual_costs.get().amount == D("12.50")
    client.force_login(world.steering)
    assert client.post(url, {"date": "2025-05-05", "category": "travel",
                             "organisation": world.project.owner.pk, "amount": "1"}).status_code == 403
    assert world.project.actual_costs.count() == 1


def test_the_xlsx_has_the_hourly_cost_for_all_who_read_the_outcome_but_no_salary_input(client, world, planned):
    ActivityFactory(lab=world.lab, date=dt.date(2025, 2, 1), status=Activity.Status.SUBMITTED,
                    co_financed_hours=D("10.00"))
    url = reverse("budgets:outcome_export", args=[world.project.pk])

    def in_kind_sheet(user):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200
        return [list(row) for row in load_workbook(io.BytesIO(response.content)).worksheets[1].iter_rows(
            values_only=True)]

    # Ale's hourly cost 43 000 × 12 × 1.40 ÷ 1 720 = 420.00; 10 h → 4 200.00; planned 72 240.00
    rows = in_kind_sheet(world.coordinator)
    assert len(rows[0]) == 6 and rows[1][2:] == [10, 420, 4200, 72240]
    # The steering group reads the planning basis, the hourly cost included, but no salary input.
    assert in_kind_sheet(world.steering) == rows
    workbook = [cell for sheet in load_workbook(io.BytesIO(client.get(url).content)).worksheets
                for row in sheet.iter_rows(values_only=True) for cell in row]
    assert 43000 not in workbook and 40 not in workbook  # the monthly salary and the on-cost rate
