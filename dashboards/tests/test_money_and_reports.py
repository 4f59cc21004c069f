"""Money used, co-financing committed against delivered, budget burn and overdue reports, with figures
worked out by hand."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import MunicipalityFactory
from budgets.models import FinancingLine
from budgets.tests.factories import ActualCostFactory, BudgetFactory, CostLineFactory, FinancingLineFactory
from dashboards.figures.common import Filters
from dashboards.figures.deadlines import upcoming_deadlines
from dashboards.figures.money import budget_burn, co_financing_by_municipality, money_used
from labs.models import CoFinancedTime
from labs.tests.factories import ActivityFactory
from projects.tests.factories import ProjectFactory
from reports.models import ReportDueDate
from reports.selectors import overdue_reports
from reports.tests.factories import ReportFactory

pytestmark = pytest.mark.django_db


def in_kind(budget, municipality, *, year=2025, amount):
    # 1 person × 50 % × 12 months ÷ 12 × 1,720 h = 860 planned hours
    return FinancingLineFactory(budget=budget, year=year, kind=FinancingLine.Kind.IN_KIND, organisation=municipality,
                                amount=amount, people=1, share_percent=Decimal("50"),
                                monthly_salary=Decimal("40000"), months=Decimal("12"),
                                on_cost_percent=Decimal("40"))


def test_money_used_is_the_booked_costs_in_the_period(world):
    ActualCostFactory(project=world.project, date=dt.date(2025, 3, 1), amount=Decimal("1200.50"))
    ActualCostFactory(project=world.project, date=dt.date(2025, 9, 1), amount=Decimal("799.50"))
    ActualCostFactory(date=dt.date(2025, 3, 1), amount=Decimal("5000"))  # another project: not counted
    ids = [world.project.pk]
    assert money_used(ids, Filters()) == Decimal("2000.00")
    assert money_used(ids, Filters(period_end=dt.date(2025, 6, 30))) == Decimal("1200.50")


def test_co_financing_committed_against_delivered_per_municipality(world):
    ale = world.lab.municipality
    budget = BudgetFactory(project=world.project, is_current=True)
    in_kind(budget, ale, amount=Decimal("86000.00"))  # 86,000 kr ÷ 860 h = 100 kr per hour
    FinancingLineFactory(budget=budget, kind=FinancingLine.Kind.CASH, organisation=ale, amount=Decimal("5000"))
    old = BudgetFactory(project=world.project, is_current=False)
    in_kind(old, ale, amount=Decimal("999999"))  # not the current version: not counted
    approved = ActivityFactory(lab=world.lab, status="approved", date=dt.date(2025, 5, 1))
    CoFinancedTime.objects.create(activity=approved, organisation=ale, hours=Decimal("40"))
    draft = ActivityFactory(lab=world.lab, status="draft", date=dt.date(2025, 5, 2))
    CoFinancedTime.objects.create(activity=draft, organisation=ale, hours=Decimal("500"))  # not delivered yet
    # An older activity with only a total counts for its lab's municipality.
    ActivityFactory(lab=world.lab, status="submitted", date=dt.date(2025, 5, 3), co_financed_hours=Decimal("3"))

    [row] = co_financing_by_municipality([world.project.pk], Filters())
    assert row.label == ale.name
    assert (row.in_kind, row.cash, row.planned_hours) == (Decimal("86000.00"), Decimal("5000.00"),
                                                                     Decimal("860.00"))
    assert row.delivered_hours == Decimal("43.00")  # 40 + 3
    assert row.delivered_value == Decimal("4300.00")  # 43 h × 100 kr
    assert row.delivered_percent == Decimal("5.0")  # 4,300 ÷ 86,000 = 5 %

    other = MunicipalityFactory()
    assert co_financing_by_municipality([world.project.pk], Filters(municipality_id=other.pk)) == ()


def test_the_dashboard_shows_money_used_and_co_financing(client, world):
    budget = BudgetFactory(project=world.project, is_current=True)
    CostLineFactory(budget=budget, amount=Decimal("10000.00"))
    in_kind(budget, world.lab.municipality, amount=Decimal("86000.00"))
    ActualCostFactory(project=world.project, date=world.project.start_date, amount=Decimal("2500.00"))
    client.force_login(world.steering)
    page = client.get(reverse("dashboards:portfolio")).content.decode().replace("\xa0", " ")
    assert 'data-figure="used">2 500 kr <span class="muted">(25 % av kostnaderna)' in page  # Swedish, the default
    table = page[page.index('data-table="co-financing"'):]
    table = table[:table.index("</table>")]
    assert world.lab.municipality.name in table and "86 000 kr" in table


def test_money_used_in_a_period_is_a_share_of_the_costs_planned_for_that_period(client, world):
    # The project runs 2025-01-01 to 2026-12-31: 2025's 120 000 kr is 10 000 kr a month.
    budget = BudgetFactory(project=world.project, is_current=True)
    CostLineFactory(budget=budget, year=2025, amount=Decimal("120000.00"))
    CostLineFactory(budget=budget, year=2026, amount=Decimal("240000.00"))
    ActualCostFactory(project=world.project, date=dt.date(2025, 2, 10), amount=Decimal("15000.00"))
    ActualCostFactory(project=world.project, date=dt.date(2026, 2, 10), amount=Decimal("99999.00"))  # outside
    client.force_login(world.steering)
    page = client.get(reverse("dashboards:portfolio"), {"period_start": "2025-01-01", "period_end": "2025-03-31"})
    spent = page.context["d"].spent
    # Booked in the quarter 15 000 kr of the 30 000 kr planned for it: 50 %, not 15 000 of the whole 360 000.
    assert (spent.used, spent.planned, spent.percent) == (Decimal("15000.00"), Decimal("30000.00"), Decimal("50.0"))
    whole = client.get(reverse("dashboards:portfolio")).context["d"].spent
    assert (whole.planned, whole.percent) == (Decimal("360000.00"), Decimal("31.9"))


def test_budget_burn_spreads_each_years_plan_over_its_months_and_accumulates_the_booked_costs():
    project = ProjectFactory(start_date=dt.date(2025, 11, 1), end_date=dt.date(2026, 4, 30))
    budget = BudgetFactory(project=project, is_current=True)
    CostLineFactory(budget=budget, year=2025, amount=Decimal("20000"))  # Nov, Dec: 10,000 a month
    CostLineFactory(budget=budget, year=2026, amount=Decimal("40000"))  # Jan–Apr: 10,000 a month
    ActualCostFactory(project=project, date=dt.date(2025, 11, 15), amount=Decimal("4000"))
    ActualCostFactory(project=project, date=dt.date(2026, 1, 10), amount=Decimal("16000"))
    ActualCostFactory(project=project, date=dt.date(2026, 3, 1), amount=Decimal("999"))  # after "today"

    rows = budget_burn(project, dt.date(2026, 2, 14))
    assert [r.month for r in rows] == [dt.date(2025, 11, 1), dt.date(2025, 12, 1), dt.date(2026, 1, 1),
                                          dt.date(2026, 2, 1)]
    assert [r.planned for r in rows] == [Decimal("10000.00"), Decimal("20000.00"), Decimal("30000.00"),
                                            Decimal("40000.00")]
    assert [r.actual for r in rows] == [Decimal("4000"), Decimal("4000"), Decimal("20000"), Decimal("20000")]

    ended = budget_burn(project, dt.date(2027, 1, 1))
    assert len(ended) == 6 and ended[-1].planned == Decimal("60000.00")
    assert ended[-1].actual == Decimal("20999")
    assert budget_burn(project, dt.date(2025, 10, 31)) == ()


def test_the_project_dashboard_draws_the_burn_with_its_table(client, world):
    budget = BudgetFactory(project=world.project, is_current=True)
    CostLineFactory(budget=budget, year=world.project.start_date.year, amount=Decimal("12000"))
    ActualCostFactory(project=world.project, date=world.project.start_date, amount=Decimal("3000"))
    client.force_login(world.coordinator)
    page = client.get(reverse("dashboards:project", args=[world.project.pk])).content.decode()
    section = page[page.index('id="burn-heading"'):]
    assert "<polyline" in section and "<table" in section
    assert section.count("<polyline") == 2 and 'stroke-dasharray="6 4"' in section  # planned and booked, dashed
    assert "3\xa0000,00\xa0kr" in section


def test_a_report_past_its_due_date_is_overdue_until_one_is_published():
    project = ProjectFactory()
    today = dt.date(2026, 6, 1)
    due = ReportDueDate.objects.create(project=project, report_type="vinnova_progress",
                                       period_start=dt.date(2025, 1, 1), period_end=dt.date(2025, 12, 31),
                                       due_date=dt.date(2026, 2, 28))
    ReportDueDate.objects.create(project=project, report_type="vinnova_final", period_start=dt.date(2025, 1, 1),
                                 period_end=dt.date(2026, 12, 31), due_date=dt.date(2027, 2, 28))  # ahead
    [row] = overdue_reports([project.pk], today)
    assert (row["pk"], row["days_late"]) == (due.pk, 93)  # 1 March to 1 June 2026: 31 + 30 + 31 + 1

    ReportFactory(project=project, report_type="vinnova_progress", period_start=dt.date(2025, 1, 1),
                  period_end=dt.date(2025, 12, 31))  # queued, not ready: still overdue
    assert len(overdue_reports([project.pk], today)) == 1
    ready = ReportFactory(project=project, report_type="vinnova_progress", done=True,
                          period_start=dt.date(2025, 1, 1), period_end=dt.date(2025, 12, 31))
    assert len(overdue_reports([project.pk], today)) == 1  # generated, but the funder has received nothing
    ready.published_at = dt.datetime(2026, 5, 20, 9, 0, tzinfo=dt.UTC)
    ready.save()
    assert overdue_reports([project.pk], today) == []

    ahead = [item for item in upcoming_deadlines([project.pk], today) if item["kind"] == "report"]
    assert [item["date"] for item in ahead] == [dt.date(2027, 2, 28)]


def test_the_overdue_report_is_flagged_on_the_dashboard(client, world):
    ReportDueDate.objects.create(project=world.project, report_type="vinnova_progress",
                                 period_start=world.project.start_date, period_end=world.project.start_date,
                                 due_date=timezone.localdate() - dt.timedelta(days=1))
    client.force_login(world.steering)
    page = client.get(reverse("dashboards:portfolio")).content.decode()
    assert 'data-flag="reports-overdue"' in page


def test_an_ended_project_shows_the_activities_of_its_last_twelve_months(world):
    from dashboards.selectors import project_dashboard

    project = world.project
    project.start_date, project.end_date = dt.date(2018, 1, 1), dt.date(2019, 11, 30)
    project.save()
    ActivityFactory(lab=world.lab, date=dt.date(2019, 10, 3), status="approved")
    ActivityFactory(lab=world.lab, date=dt.date(2019, 10, 4), status="draft")  # not reported
    ActivityFactory(lab=world.lab, date=dt.date(2018, 11, 30), status="approved")  # before the last twelve months
    data = project_dashboard(project, today=dt.date(2026, 12, 3))
    # twelve months, not thirteen: December 2018 to November 2019
    assert len(data.months) == 12
    assert data.months[0] == dt.date(2018, 12, 1) and data.months[-1] == dt.date(2019, 11, 1)
    row = next(r for r in data.lab_rows if r.lab == world.lab.name)
    assert row.total == 1
