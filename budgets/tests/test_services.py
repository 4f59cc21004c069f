"""Writes: planned personnel, flat-rate overhead, in-kind time, versions and optimistic locking."""

from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError

from accounts.tests.factories import OrganisationFactory
from budgets import services
from budgets.models import Budget, CostLine, FinancingLine
from budgets.tests.factories import BudgetFactory, CostLineFactory, FinancingLineFactory, OnCostRateFactory
from grportal.locking import StaleEdit

pytestmark = pytest.mark.django_db


@pytest.fixture
def budget():
    return BudgetFactory()


def personnel(budget, **fields):
    values = {"year": 2025, "category": CostLine.Category.PERSONNEL, "organisation": budget.project.owner,
              "description": "Projektledare", "people": 1, "share_percent": D("30"),
              "monthly_salary": D("48000"), "months": D("12")} | fields
    return services.cost_line_create(budget=budget, **values)


def test_a_personnel_line_takes_the_organisations_on_cost_rate_for_the_year(budget):
    OnCostRateFactory(organisation=budget.project.owner, year=2025, percent=D("40"))
    OnCostRateFactory(organisation=budget.project.owner, year=2026, percent=D("45"))
    line = personnel(budget)
    # 30 % × 48 000 × 12 × 1.40 = 241 920.00
    assert (line.on_cost_percent, line.amount) == (D("40.00"), D("241920.00"))
    later = personnel(budget, year=2026, months=D("6"))
    # 30 % × 48 000 × 6 × 1.45 = 125 280.00
    assert later.amount == D("125280.00")
    assert line.hourly_cost() == D("468.84")   # 48 000 × 12 × 1.40 ÷ 1 720
    assert line.hours() == D("516.00")         # 30 % of 1 720


def test_a_personnel_line_without_a_stored_rate_asks_for_one(budget):
    with pytest.raises(ValidationError) as error:
        personnel(budget)
    assert "on_cost_percent" in error.value.error_dict
    assert not CostLine.objects.exists()
    line = personnel(budget, on_cost_percent=D("31.42"))
    # 30 % × 48 000 × 12 × 1.3142 = 172 800 × 1.3142 = 227 093.76
    assert line.amount == D("227093.76")


def test_salary_details_need_share_and_months(budget):
    with pytest.raises(ValidationError) as error:
        personnel(budget, share_percent=None, months=None, on_cost_percent=D("40"))
    assert set(error.value.error_dict) == {"share_percent", "months"}


def test_only_personnel_has_a_salary_and_only_indirect_costs_a_flat_rate(budget):
    with pytest.raises(ValidationError):
        personnel(budget, category=CostLine.Category.TRAVEL, on_cost_percent=D("40"))
    with pytest.raises(ValidationError):
        services.cost_line_create(budget=budget, year=2025, category=CostLine.Category.TRAVEL,
                                  organisation=budget.project.owner, flat_rate_percent=D("15"))


def test_a_flat_rate_overhead_follows_its_base_of_the_same_organisation_and_year(budget):
    owner, other = budget.project.owner, OrganisationFactory()
    overhead = services.cost_line_create(budget=budget, year=2025, category=CostLine.Category.INDIRECT,
                                         organisation=owner, flat_rate_percent=D("25"))
    assert overhead.amount == D("0.00")
    first = personnel(budget, on_cost_percent=D("40"))                       # 241 920.00
    personnel(budget, organisation=other, on_cost_percent=D("40"))           # another organisation: not in the base
    personnel(budget, year=2026, on_cost_percent=D("40"))                    # another year: not in the base
    services.cost_line_create(budget=budget, year=2025, category=CostLine.Category.TRAVEL, organisation=owner,
                              amount=D("30000"))                            # not personnel
    overhead.refresh_from_db()
    assert overhead.amount == D("60480.00")  # 25 % of 241 920
    services.cost_line_update(line=first, values={"share_percent": D("20")}, expected_version=first.version)
    overhead.refresh_from_db()
    # 20 % × 48 000 × 12 × 1.40 = 161 280; 25 % of it = 40 320.00
    assert overhead.amount == D("40320.00")
    direct = services.cost_line_create(budget=budget, year=2025, category=CostLine.Category.INDIRECT,
                                       organisation=owner, flat_rate_percent=D("15"),
                                       flat_rate_base=CostLine.FlatRateBase.DIRECT)
    # direct costs of the owner in 2025: 161 280 + 30 000 = 191 280; 15 % = 28 692.00
    assert direct.amount == D("28692.00")


def test_in_kind_time_is_valued_at_its_cost(budget):
    municipality = OrganisationFactory()
    OnCostRateFactory(organisation=municipality, year=2025, percent=D("42"))
    line = services.financing_line_create(budget=budget, year=2025, kind=FinancingLine.Kind.IN_KIND,
                                          organisation=municipality, people=6, share_percent=D("5"),
                                          monthly_salary=D("40000"), months=D("12"))
    # 6 × 5 % × 40 000 × 12 × 1.42 = 204 480.00; 516 hours at 396.28 (40 000 × 12 × 1.42 ÷ 1 720 = 396.279…)
    assert (line.amount, line.hours(), line.hourly_cost()) == (D("204480.00"), D("516.00"), D("396.28"))
    with pytest.raises(ValidationError):
        services.financing_line_create(budget=budget, year=2025, kind=FinancingLine.Kind.GRANT,
                                       organisation=municipality, people=1, share_percent=D("5"),
                                       monthly_salary=D("40000"), months=D("12"))


def test_a_grant_for_another_organisation_pays_that_organisations_costs(budget):
    owner, municipality = budget.project.owner, OrganisationFactory(name="Partille (test)")
    CostLineFactory(budget=budget, organisation=municipality, amount=D("78384.00"))
    FinancingLineFactory(budget=budget, organisation=budget.project.funder, recipient=municipality,
                         amount=D("78384.00"))
    result = Budget.objects.for_page().get(pk=budget.pk).balance()
    assert result.balances_everywhere
    assert owner.name not in {org for _year, org in result.gaps}


def test_a_stale_edit_is_refused_and_changes_nothing(budget):
    line = CostLineFactory(budget=budget, category=CostLine.Category.TRAVEL, amount=D("100.00"))
    services.cost_line_update(line=CostLine.objects.get(pk=line.pk), values={"amount": D("200.00")},
                              expected_version=1)
    with pytest.raises(StaleEdit) as stale:
        services.cost_line_update(line=CostLine.objects.get(pk=line.pk), values={"amount": D("300.00")},
                                  expected_version=1)
    assert stale.value.current.amount == D("200.00")
    assert CostLine.objects.get(pk=line.pk).amount == D("200.00")
    with pytest.raises(StaleEdit):
        services.cost_line_delete(line=CostLine.objects.get(pk=line.pk), expected_version=1)
    assert CostLine.objects.filter(pk=line.pk).exists()


def test_a_copy_has_the_same_lines_and_leaves_the_original_alone(budget):
    CostLineFactory(budget=budget, amount=D("1000.00"), description="Lokaler")
    FinancingLineFactory(budget=budget, amount=D("900.00"), recipient=OrganisationFactory())
    copy = services.budget_copy(budget=budget, name="Scenario: fler kommuner")
    assert (copy.kind, copy.is_current, copy.based_on) == (Budget.Kind.SCENARIO, False, budget)
    assert [(line.description, line.amount) for line in copy.cost_lines.all()] == [("Lokaler", D("1000.00"))]
    assert copy.financing_lines.get().recipient == budget.financing_lines.get().recipient
    line = copy.cost_lines.get()
    services.cost_line_update(line=line, values={"amount": D("500.00")}, expected_version=line.version)
    assert budget.cost_lines.get().amount == D("1000.00")


def test_one_current_version_per_project(budget):
    other = services.budget_copy(budget=budget, name="Beviljad", kind=Budget.Kind.GRANTED)
    services.budget_make_current(budget=other)
    budget.refresh_from_db()
    assert (budget.is_current, Budget.objects.get(pk=other.pk).is_current) == (False, True)


def test_the_year_and_amount_are_validated(budget):
    with pytest.raises(ValidationError):
        services.cost_line_create(budget=budget, year=1999, category=CostLine.Category.TRAVEL,
                                  organisation=budget.project.owner, amount=D("10"))
    with pytest.raises(ValidationError):
        services.cost_line_create(budget=budget, year=2025, category=CostLine.Category.TRAVEL,
                                  organisation=budget.project.owner, amount=D("-10"))
    with pytest.raises(ValidationError):
        services.cost_line_create(budget=budget, year=2025, category=CostLine.Category.TRAVEL,
                                  organisation=budget.project.owner)


def test_the_organisations_annual_hours_value_its_time(budget):
    # Ale works 1 600 hours a year (stored with its on-cost rate 42 %); the project owner the default 1 720.
    from budgets import selectors

    ale = OrganisationFactory(name="Ale (test)")
    OnCostRateFactory(organisation=ale, year=2025, percent=D("42"), annual_hours=1600)
    OnCostRateFactory(organisation=budget.project.owner, year=2025, percent=D("42"))
    line = services.financing_line_create(budget=budget, year=2025, kind=FinancingLine.Kind.IN_KIND,
                                          organisation=ale, people=6, share_percent=D("5"),
                                          monthly_salary=D("40000"), months=D("12"))
    # amount 6 × 5 % × 40 000 × 12 × 1.42 = 204 480.00 (hours do not change it)
    # hours 6 × 5 % × 12/12 × 1 600 = 480.00; hourly cost 40 000 × 12 × 1.42 ÷ 1 600 = 681 600 ÷ 1 600 = 426.00
    assert (line.annual_hours, line.amount, line.hours(), line.hourly_cost()) == (
        1600, D("204480.00"), D("480.00"), D("426.00"))
    # logged time is valued at 204 480 ÷ 480 = 426.00 kr an hour (with 1 720 it would be 396.28)
    assert selectors.hourly_rates(Budget.objects.for_page().get(pk=budget.pk)) == {(2025, ale.pk): D("426.00")}
    # an explicit figure wins over the stored one
    explicit = services.financing_line_create(budget=budget, year=2025, kind=FinancingLine.Kind.IN_KIND,
                                              organisation=ale, people=1, share_percent=D("10"),
                                              monthly_salary=D("40000"), months=D("12"), annual_hours=1720)
    assert explicit.annual_hours == 1720
    # moved to the owner, the line takes the owner's 1 720 hours: 6 × 5 % × 1 720 = 516.00
    moved = services.financing_line_update(line=line, values={"organisation": budget.project.owner},
                                           expected_version=line.version)
    assert (moved.annual_hours, moved.hours()) == (1720, D("516.00"))
