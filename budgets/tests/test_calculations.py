"""Budget arithmetic with numbers worked out by hand. Decimal only: a float never gets in."""

from decimal import Decimal as D

import pytest

from budgets.calculations import Amount, balance, to_ore

GR, ALE = "Göteborgsregionen", "Ale"

# A two-year plan in the style of the flagship project (DOMAIN.md): GR's overhead is not financed.
COSTS = [
    Amount(2025, GR, D("300000.00")),   # personnel
    Amount(2025, GR, D("110000.00")),   # premises 50 + meetings 30 + travel 30 tkr
    Amount(2025, GR, D("45500.55")),    # overhead (OH-kostnader)
    Amount(2025, ALE, D("60000.00")),   # local working group, in kind
    Amount(2026, GR, D("310000.00")),
    Amount(2026, ALE, D("60000.00")),
]
FINANCING = [
    Amount(2025, GR, D("410000.00")),
    Amount(2025, ALE, D("60000.00")),   # medfinansiering in kind covers Ale's time exactly
    Amount(2026, GR, D("300000.00")),
    Amount(2026, ALE, D("65000.00")),
]


def test_totals_and_the_shortfall_worked_by_hand():
    # costs:     300 000 + 110 000 + 45 500.55 + 60 000 + 310 000 + 60 000 = 885 500.55
    # financing: 410 000 + 60 000 + 300 000 + 65 000                        = 835 000.00
    result = balance(COSTS, FINANCING)
    assert result.total_cost == D("885500.55")
    assert result.total_financing == D("835000.00")
    assert result.difference == D("-50500.55")
    assert not result.balances


def test_the_shortfall_per_year_and_organisation_worked_by_hand():
    # 2025 GR:  410 000 − (300 000 + 110 000 + 45 500.55) = −45 500.55  (the unfinanced overhead)
    # 2025 Ale:  60 000 − 60 000                           =       0     (left out: nothing to show)
    # 2026 GR:  300 000 − 310 000                          = −10 000.00
    # 2026 Ale:  65 000 − 60 000                           =  +5 000.00
    result = balance(COSTS, FINANCING)
    assert result.gaps == {
        (2025, GR): D("-45500.55"),
        (2026, ALE): D("5000.00"),
        (2026, GR): D("-10000.00"),
    }
    assert sum(result.gaps.values()) == result.difference


def test_gaps_come_in_year_then_organisation_order():
    result = balance(COSTS, FINANCING)
    assert list(result.gaps) == [(2025, GR), (2026, ALE), (2026, GR)]


def test_every_figure_is_a_decimal_in_ore():
    result = balance(COSTS, FINANCING)
    figures = [result.total_cost, result.total_financing, result.difference, *result.gaps.values()]
    assert all(type(figure) is D for figure in figures)
    assert all(figure.as_tuple().exponent == -2 for figure in figures)


def test_a_budget_that_adds_up_balances():
    costs = [Amount(2025, GR, D("0.10")), Amount(2025, GR, D("0.20"))]
    financing = [Amount(2025, GR, D("0.30"))]  # 0.1 + 0.2 == 0.3 holds in Decimal, not in float
    result = balance(costs, financing)
    assert result.balances
    assert result.difference == 0
    assert result.gaps == {}


def test_an_empty_budget_balances_at_zero():
    result = balance([], [])
    assert (result.total_cost, result.total_financing, result.gaps) == (D("0.00"), D("0.00"), {})
    assert result.balances


def test_financing_above_cost_is_a_positive_difference():
    result = balance([Amount(2025, ALE, D("1000"))], [Amount(2025, ALE, D("1250.50"))])
    assert result.difference == D("250.50")
    assert result.gaps == {(2025, ALE): D("250.50")}


def test_a_float_amount_is_refused():
    with pytest.raises(TypeError):
        balance([Amount(2025, GR, 0.1)], [])


def test_the_lines_may_be_any_iterable_even_a_generator():
    result = balance((line for line in COSTS), (line for line in FINANCING))
    assert result.difference == D("-50500.55")


@pytest.mark.parametrize(("amount", "rounded"), [
    (D("2.675"), D("2.68")),     # half up (a float 2.675 would round down to 2.67)
    (D("0.005"), D("0.01")),
    (D("-0.005"), D("-0.01")),   # half away from zero for negatives too
    (D("0.004"), D("0.00")),
    (D("1234567.891"), D("1234567.89")),
    (D("7"), D("7.00")),
])
def test_to_ore_rounds_half_up_to_whole_ore(amount, rounded):
    assert to_ore(amount) == rounded
    assert to_ore(amount).as_tuple().exponent == -2


def test_the_budget_model_feeds_its_lines_into_the_calculation(db):
    from budgets.models import Budget, FinancingLine
    from budgets.tests.factories import BudgetFactory, CostLineFactory, FinancingLineFactory

    budget = BudgetFactory()
    owner = budget.project.owner
    CostLineFactory(budget=budget, organisation=owner, amount=D("120000.00"))
    CostLineFactory(budget=budget, organisation=owner, year=2026, amount=D("80000.00"))
    ale = CostLineFactory(budget=budget, amount=D("20000.00")).organisation  # Ale's working time
    FinancingLineFactory(budget=budget, organisation=budget.project.funder, amount=D("150000.00"))
    FinancingLineFactory(budget=budget, organisation=ale, kind=FinancingLine.Kind.IN_KIND, amount=D("20000.00"))
    result = Budget.objects.for_page().get(pk=budget.pk).balance()
    # costs 120 000 + 80 000 + 20 000 = 220 000; financing 150 000 + 20 000 = 170 000
    assert result.difference == D("-50000.00")
    # The funder's grant pays the owner's costs; Ale's in-kind time pays Ale's own, so Ale balances.
    # 2025 owner: 150 000 − 120 000 = +30 000; 2026 owner: 0 − 80 000 = −80 000
    assert result.gaps == {(2025, owner.name): D("30000.00"), (2026, owner.name): D("-80000.00")}
