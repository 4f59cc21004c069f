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


# --- Personnel, hourly cost and in-kind time ---------------------------------------------------------

from budgets import calculations as calc  # noqa: E402


def test_personnel_cost_is_share_times_salary_times_months_plus_on_cost():
    # 1 × 30 % × 48 000 × 12 × 1.40 = 14 400 × 12 = 172 800 × 1.40 = 241 920.00
    assert calc.personnel_cost(people=1, share_percent=D("30"), monthly_salary=D("48000"), months=D("12"),
                               on_cost_percent=D("40")) == D("241920.00")


def test_personnel_cost_of_a_group_rounds_to_ore():
    # 6 × 5 % × 40 000 × 12 × 1.42 = 0.3 × 40 000 = 12 000 × 12 = 144 000 × 1.42 = 204 480.00
    assert calc.personnel_cost(people=6, share_percent=D("5"), monthly_salary=D("40000"), months=D("12"),
                               on_cost_percent=D("42")) == D("204480.00")
    # 1 × 33.33 % × 31 234.56 × 7 × 1.3142, worked out step by step:
    # 31 234.56 × 0.3333 = 10 410.478848; × 7 = 72 873.351936; × 1.3142 = 95 770.1591… → 95 770.16
    amount = calc.personnel_cost(people=1, share_percent=D("33.33"), monthly_salary=D("31234.56"), months=D("7"),
                                 on_cost_percent=D("31.42"))
    assert amount == D("95770.16")
    assert amount.as_tuple().exponent == -2


def test_hourly_cost_uses_1720_hours_by_default():
    # 48 000 × 12 × 1.40 ÷ 1 720 = 806 400 ÷ 1 720 = 468.837… → 468.84
    assert calc.hourly_cost(monthly_salary=D("48000"), on_cost_percent=D("40")) == D("468.84")
    # with 1 600 annual hours: 806 400 ÷ 1 600 = 504.00
    assert calc.hourly_cost(monthly_salary=D("48000"), on_cost_percent=D("40"), annual_hours=1600) == D("504.00")


def test_hourly_cost_refuses_zero_hours():
    with pytest.raises(ValueError):
        calc.hourly_cost(monthly_salary=D("48000"), on_cost_percent=D("40"), annual_hours=0)


def test_planned_hours_and_in_kind_value():
    # 6 people × 5 % × 12/12 × 1 720 = 516 h; 1 × 10 % × 6/12 × 1 720 = 86 h
    assert calc.planned_hours(people=6, share_percent=D("5"), months=D("12")) == D("516.00")
    assert calc.planned_hours(people=1, share_percent=D("10"), months=D("6")) == D("86.00")
    # 42 logged hours at 411.14 kr = 17 267.88
    assert calc.in_kind_value(hours=D("42"), hourly_rate=D("411.14")) == D("17267.88")
    # 12.5 h at 333.333 kr = 4 166.6625 → 4 166.66
    assert calc.in_kind_value(hours=D("12.5"), hourly_rate=D("333.333")) == D("4166.66")


def test_weighted_hourly_rate_over_lines():
    # (78 384 + 204 480) ÷ (172 + 516) = 282 864 ÷ 688 = 411.1395… → 411.14
    assert calc.weighted_hourly_rate([(D("78384"), D("172")), (D("204480"), D("516"))]) == D("411.14")
    assert calc.weighted_hourly_rate([]) is None


def test_flat_rate_overhead():
    # 25 % of 438 480 = 109 620.00; 15 % of 1 234.57 = 185.1855 → 185.19
    assert calc.flat_rate(percent=D("25"), base=D("438480")) == D("109620.00")
    assert calc.flat_rate(percent=D("15"), base=D("1234.57")) == D("185.19")


def test_grant_is_the_lower_of_maximum_amount_and_support_level():
    # 40 % of 5 428 680 = 2 171 472 > 1 800 000: the maximum amount decides
    assert calc.grant_ceiling(eligible_cost=D("5428680"), max_amount=D("1800000"),
                              max_support_percent=D("40")) == D("1800000.00")
    # 40 % of 3 000 000 = 1 200 000 < 1 800 000: the support level decides (lower costs lower the grant)
    assert calc.grant_ceiling(eligible_cost=D("3000000"), max_amount=D("1800000"),
                              max_support_percent=D("40")) == D("1200000.00")
    assert calc.grant_ceiling(eligible_cost=D("1000"), max_amount=None, max_support_percent=None) is None


def test_forecast_to_end_is_straight_line():
    # 100 000 spent after 73 of 730 days → 1 000 000 at the end
    assert calc.forecast_to_end(actual=D("100000"), elapsed_days=73, total_days=730) == D("1000000.00")
    # after the end the forecast is what was spent
    assert calc.forecast_to_end(actual=D("123.45"), elapsed_days=800, total_days=730) == D("123.45")
    assert calc.forecast_to_end(actual=D("0"), elapsed_days=0, total_days=730) == D("0.00")


# --- Funder rules, each with its own figures -----------------------------------------------------------

FIGURES = calc.Figures(
    total_cost=D("1000000.00"), personnel_cost=D("600000.00"), direct_cost=D("850000.00"),
    indirect_cost=D("150000.00"), personnel_hours=D("1000.00"), personnel_cost_with_hours=D("600000.00"),
    grant=D("700000.00"), co_financing=D("300000.00"),
)


def _one(rule):
    (check,) = calc.check_rule(rule, FIGURES)
    return check


def test_max_share_of_total_cost():
    # 700 000 of 1 000 000 = 70 %: an 80 % cap holds, a 60 % cap (600 000) does not
    assert _one(calc.Rule(max_share_of_total_percent=D("80"))).ok
    check = _one(calc.Rule(max_share_of_total_percent=D("60")))
    assert (check.ok, check.actual, check.amount_limit) == (False, D("70.0"), D("600000.00"))


def test_required_co_financing_share():
    # 300 000 of 1 000 000 = 30 %: 30 % required holds exactly, 35 % (350 000) does not
    assert _one(calc.Rule(required_co_financing_percent=D("30"))).ok
    check = _one(calc.Rule(required_co_financing_percent=D("35")))
    assert (check.ok, check.actual, check.amount_limit) == (False, D("30.0"), D("350000.00"))


def test_indirect_cost_cap_as_share_of_personnel():
    # 150 000 ÷ 600 000 = 25 %: Vinnova's 30 % (180 000) holds, a 20 % cap (120 000) does not
    check = _one(calc.Rule(indirect_cap_percent_of_personnel=D("30")))
    assert (check.ok, check.actual, check.amount_limit) == (True, D("25.0"), D("180000.00"))
    assert not _one(calc.Rule(indirect_cap_percent_of_personnel=D("20"))).ok


def test_flat_rate_rule_on_personnel_and_on_direct_costs():
    # 25 % of personnel 600 000 = 150 000: matches; ESF's 15 % (90 000) does not
    assert _one(calc.Rule(indirect_flat_rate_percent=D("25"))).ok
    check = _one(calc.Rule(indirect_flat_rate_percent=D("15")))
    assert (check.code, check.ok, check.amount_limit) == ("flat_rate_personnel", False, D("90000.00"))
    # on direct costs 850 000: 150 000 ÷ 850 000 = 17.6 %; 40 % would be 340 000
    check = _one(calc.Rule(indirect_flat_rate_percent=D("40"), indirect_flat_rate_base="direct"))
    assert (check.code, check.ok, check.actual, check.amount_limit) == (
        "flat_rate_direct", False, D("17.6"), D("340000.00"))


def test_average_hourly_personnel_cap():
    # 600 000 ÷ 1 000 h = 600 kr/h: under Vinnova's 800, over a 550 cap
    check = _one(calc.Rule(personnel_hourly_cap=D("800")))
    assert (check.ok, check.actual) == (True, D("600.00"))
    assert not _one(calc.Rule(personnel_hourly_cap=D("550"))).ok


def test_grant_ceiling_rule():
    # 70 % support level of 1 000 000 = 700 000 = the grant: holds; maximum 650 000 does not
    assert _one(calc.Rule(max_support_percent=D("70"))).ok
    check = _one(calc.Rule(max_amount=D("650000"), max_support_percent=D("70")))
    assert (check.ok, check.limit, check.actual) == (False, D("650000.00"), D("700000.00"))


def test_a_rule_that_says_nothing_checks_nothing():
    assert calc.check_rule(calc.Rule(), FIGURES) == []


def test_balances_everywhere_needs_every_year_and_organisation():
    result = balance([Amount(2025, GR, D("100")), Amount(2026, ALE, D("100"))],
                     [Amount(2025, ALE, D("100")), Amount(2026, GR, D("100"))])
    assert result.balances and not result.balances_everywhere


# --- Overhead rules organisation by organisation (IndirectPart) ---------------------------------------


def _figures(*parts, personnel=None):
    """Figures whose totals are the sums of the parts (the other figures do not matter to these rules)."""
    indirect = sum((p.indirect for p in parts), D("0.00"))
    personnel_total = personnel if personnel is not None else sum((p.personnel for p in parts), D("0.00"))
    direct = sum((p.direct for p in parts), D("0.00"))
    return calc.Figures(total_cost=direct + indirect, personnel_cost=personnel_total, direct_cost=direct,
                        indirect_cost=indirect, personnel_hours=D("0"), personnel_cost_with_hours=D("0"),
                        grant=D("0"), co_financing=D("0"), indirect_parts=tuple(parts))


def test_a_flat_rate_made_of_flat_rate_lines_meets_the_rule_despite_rounding():
    # Two organisations, personnel 1 234.57 each; each flat-rate line is 15 % × 1 234.57 = 185.1855 → 185.19,
    # together 370.38. On the whole budget 15 % × 2 469.14 = 370.371 → 370.37 would be one öre off and
    # report a budget made only of the portal's own flat-rate lines as breaking the rule.
    parts = [calc.IndirectPart("A", 2025, D("185.19"), D("1234.57"), D("1234.57")),
             calc.IndirectPart("B", 2025, D("185.19"), D("1234.57"), D("1234.57"))]
    (check,) = calc.check_rule(calc.Rule(indirect_flat_rate_percent=D("15")), _figures(*parts))
    assert (check.ok, check.amount_limit, check.offenders) == (True, D("370.38"), ())
    # 370.38 ÷ 2 469.14 = 15.0002 % → 15.0
    assert check.actual == D("15.0")


def test_a_flat_rate_judges_only_the_organisations_that_claim_overhead():
    # GR: personnel 400 000, flat rate 15 % = 60 000. Ale has personnel 200 000 (not a part: it claims no
    # overhead). Expected 60 000 = claimed: met. On the whole budget it would have been 15 % × 600 000 = 90 000.
    gr = calc.IndirectPart("GR", 2025, D("60000.00"), D("400000.00"), D("400000.00"))
    (check,) = calc.check_rule(calc.Rule(indirect_flat_rate_percent=D("15")),
                               _figures(gr, personnel=D("600000.00")))
    assert (check.ok, check.amount_limit, check.actual) == (True, D("60000.00"), D("15.0"))


def test_a_flat_rate_names_the_organisation_that_claims_another_amount():
    # GR 2025: 15 % × 100 000 = 15 000 claimed: right. GR 2026: 20 000 claimed as an actual amount where
    # 15 % × 100 000 = 15 000: wrong. Ale 2025: 15 % of direct costs 50 000 = 7 500, claimed 7 500: right.
    parts = [calc.IndirectPart("GR", 2025, D("15000.00"), D("100000.00"), D("100000.00")),
             calc.IndirectPart("GR", 2026, D("20000.00"), D("100000.00"), D("100000.00")),
             calc.IndirectPart("Ale", 2025, D("7500.00"), D("30000.00"), D("50000.00"))]
    (check,) = calc.check_rule(calc.Rule(indirect_flat_rate_percent=D("15")), _figures(*parts))
    # on personnel: expected 15 000 + 15 000 + 4 500 = 34 500; Ale's 7 500 ≠ 4 500 too
    assert (check.ok, check.amount_limit, check.offenders) == (False, D("34500.00"), ("Ale", "GR"))
    (check,) = calc.check_rule(calc.Rule(indirect_flat_rate_percent=D("15"), indirect_flat_rate_base="direct"),
                               _figures(*parts))
    # on direct costs: 15 000 + 15 000 + 7 500 = 37 500; only GR 2026 is off
    assert (check.code, check.ok, check.amount_limit, check.offenders) == (
        "flat_rate_direct", False, D("37500.00"), ("GR",))


def test_the_overhead_cap_holds_for_each_organisation_over_the_whole_project():
    # GR: 2025 35 000 on 100 000 (35 %), 2026 25 000 on 100 000 (25 %): over the project 60 000 on 200 000 =
    # 30 %, exactly Vinnova's cap (30 % × 200 000 = 60 000): met.
    gr = [calc.IndirectPart("GR", 2025, D("35000.00"), D("100000.00"), D("100000.00")),
          calc.IndirectPart("GR", 2026, D("25000.00"), D("100000.00"), D("100000.00"))]
    (check,) = calc.check_rule(calc.Rule(indirect_cap_percent_of_personnel=D("30")), _figures(*gr))
    assert (check.ok, check.amount_limit, check.actual, check.offenders) == (True, D("60000.00"), D("30.0"), ())
    # RISE claims 40 000 on personnel 100 000 = 40 % > 30 % (cap 30 000). Ale's 900 000 of personnel without
    # overhead does not lend RISE room: on the whole budget 100 000 ≤ 30 % × 1 200 000 would have passed.
    rise = calc.IndirectPart("RISE", 2025, D("40000.00"), D("100000.00"), D("100000.00"))
    (check,) = calc.check_rule(calc.Rule(indirect_cap_percent_of_personnel=D("30")),
                               _figures(*gr, rise, personnel=D("1200000.00")))
    # claimed 60 000 + 40 000 = 100 000 on 300 000 = 33.3 %; the caps 60 000 + 30 000 = 90 000
    assert (check.ok, check.amount_limit, check.actual, check.offenders) == (
        False, D("90000.00"), D("33.3"), ("RISE",))
