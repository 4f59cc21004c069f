"""Budget arithmetic: plain functions over Decimal, no ORM, each rule tested with hand-worked numbers.

Percentages are Decimal percent (30 means 30 %); amounts are kronor rounded half up to whole öre.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Protocol

from grportal.numbers import percent

ORE = Decimal("0.01")
HUNDRED = Decimal(100)
ZERO = Decimal("0.00")
DEFAULT_ANNUAL_HOURS = 1720  # the common figure in EU programmes (FUNDERS.md)


def to_ore(amount: Decimal) -> Decimal:
    return Decimal(amount).quantize(ORE, rounding=ROUND_HALF_UP)


def _dec(value) -> Decimal:
    if isinstance(value, float):
        raise TypeError("Money is Decimal, never float.")
    return Decimal(value)


# --- Personnel and in-kind time -------------------------------------------------------------------


def personnel_cost(*, people: int, share_percent: Decimal, monthly_salary: Decimal, months: Decimal,
                   on_cost_percent: Decimal) -> Decimal:
    """people × share of full time × monthly salary × months × (1 + on-cost rate), to the öre."""
    return to_ore(_dec(people) * _dec(share_percent) / HUNDRED * _dec(monthly_salary) * _dec(months)
                  * (1 + _dec(on_cost_percent) / HUNDRED))


def hourly_cost(*, monthly_salary: Decimal, on_cost_percent: Decimal,
                annual_hours: int = DEFAULT_ANNUAL_HOURS) -> Decimal:
    """monthly salary × 12 × (1 + on-cost rate) ÷ annual hours, to the öre."""
    if not annual_hours:
        raise ValueError("Annual hours must be more than zero.")
    return to_ore(_dec(monthly_salary) * 12 * (1 + _dec(on_cost_percent) / HUNDRED) / _dec(annual_hours))


def planned_hours(*, people: int, share_percent: Decimal, months: Decimal,
                  annual_hours: int = DEFAULT_ANNUAL_HOURS) -> Decimal:
    """people × share of full time × months ÷ 12 × annual hours (two decimals)."""
    return to_ore(_dec(people) * _dec(share_percent) / HUNDRED * _dec(months) / 12 * _dec(annual_hours))


def in_kind_value(*, hours: Decimal, hourly_rate: Decimal) -> Decimal:
    """Logged working time valued at the person's hourly cost."""
    return to_ore(_dec(hours) * _dec(hourly_rate))


def flat_rate(*, percent: Decimal, base: Decimal) -> Decimal:
    """An indirect cost (or any cost) as a flat rate on a base, e.g. 15 % of personnel costs."""
    return to_ore(_dec(percent) / HUNDRED * _dec(base))


def grant_ceiling(*, eligible_cost: Decimal, max_amount: Decimal | None,
                  max_support_percent: Decimal | None) -> Decimal | None:
    """A decision's maximum amount and maximum support level: the grant is the lower of the two."""
    limits = []
    if max_amount is not None:
        limits.append(to_ore(_dec(max_amount)))
    if max_support_percent is not None:
        limits.append(flat_rate(percent=max_support_percent, base=eligible_cost))
    return min(limits) if limits else None


# The one percentage rule (grportal.numbers.percent), under the name this module's callers use.
share_percent = percent


# --- The balance ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Amount:
    year: int
    organisation: str
    amount: Decimal


@dataclass
class Balance:
    total_cost: Decimal
    total_financing: Decimal
    # (year, organisation) → financing minus cost, only where it is not zero
    gaps: dict[tuple[int, str], Decimal] = field(default_factory=dict)

    @property
    def difference(self) -> Decimal:
        """Financing minus cost: negative means a shortfall."""
        return self.total_financing - self.total_cost

    @property
    def balances(self) -> bool:
        return self.difference == 0

    @property
    def balances_everywhere(self) -> bool:
        """In total and for every year and organisation."""
        return self.balances and not self.gaps


def balance(costs: Iterable[Amount], financing: Iterable[Amount]) -> Balance:
    """Compare costs with financing, in total and per year and organisation."""
    per_key: dict[tuple[int, str], Decimal] = defaultdict(Decimal)
    total_cost = Decimal("0")
    total_financing = Decimal("0")
    for line in costs:
        total_cost += _dec(line.amount)
        per_key[(line.year, line.organisation)] -= line.amount
    for line in financing:
        total_financing += _dec(line.amount)
        per_key[(line.year, line.organisation)] += line.amount
    gaps = {key: to_ore(value) for key, value in sorted(per_key.items()) if value != 0}
    return Balance(total_cost=to_ore(total_cost), total_financing=to_ore(total_financing), gaps=gaps)


# --- Funder rules ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Figures:
    """What the funder rules are checked against, summed over a budget version."""

    total_cost: Decimal
    personnel_cost: Decimal
    direct_cost: Decimal            # everything but indirect costs
    indirect_cost: Decimal
    personnel_hours: Decimal        # planned hours of the personnel lines that have them
    personnel_cost_with_hours: Decimal  # the cost of those same lines
    grant: Decimal                  # this funder's grant in the version
    co_financing: Decimal           # in kind + cash
    # Per organisation and year that has indirect costs; None when not known (then the whole budget is the base).
    indirect_parts: tuple["IndirectPart", ...] | None = None


@dataclass(frozen=True)
class IndirectPart:
    """One organisation's costs in one year, where it has indirect costs: overhead is judged per organisation."""

    organisation: str
    year: int
    indirect: Decimal
    personnel: Decimal
    direct: Decimal


@dataclass(frozen=True)
class Rule:
    """A funder's, call's or decision's rule as numbers; None means the rule does not say."""

    max_share_of_total_percent: Decimal | None = None
    required_co_financing_percent: Decimal | None = None
    indirect_cap_percent_of_personnel: Decimal | None = None
    indirect_flat_rate_percent: Decimal | None = None
    indirect_flat_rate_base: str = "personnel"  # or "direct"
    personnel_hourly_cap: Decimal | None = None
    max_amount: Decimal | None = None
    max_support_percent: Decimal | None = None


@dataclass(frozen=True)
class RuleCheck:
    code: str        # which rule: the template words it
    limit: Decimal   # the rule's figure (percent, kronor or kronor per hour)
    actual: Decimal | None  # the budget's figure in the same unit
    ok: bool
    amount_limit: Decimal | None = None  # the rule in kronor where it helps (e.g. 30 % of personnel = …)
    offenders: tuple[str, ...] = ()  # the organisations that break a per-organisation rule


def check_rule(rule: Rule, figures: Figures) -> list[RuleCheck]:
    """Each rule the funder sets, with the rule's figure and the budget's side by side."""
    checks = []
    if rule.max_share_of_total_percent is not None:
        actual = share_percent(figures.grant, figures.total_cost)
        allowed = flat_rate(percent=rule.max_share_of_total_percent, base=figures.total_cost)
        checks.append(RuleCheck("max_share", rule.max_share_of_total_percent, actual,
                                figures.grant <= allowed, allowed))
    if rule.required_co_financing_percent is not None:
        actual = share_percent(figures.co_financing, figures.total_cost)
        required = flat_rate(percent=rule.required_co_financing_percent, base=figures.total_cost)
        checks.append(RuleCheck("co_financing", rule.required_co_financing_percent, actual,
                                figures.co_financing >= required, required))
    if rule.indirect_cap_percent_of_personnel is not None:
        checks.append(_indirect_cap(rule.indirect_cap_percent_of_personnel, figures))
    if rule.indirect_flat_rate_percent is not None:
        checks.append(_indirect_flat_rate(rule.indirect_flat_rate_percent, rule.indirect_flat_rate_base, figures))
    if rule.personnel_hourly_cap is not None:
        average = (to_ore(figures.personnel_cost_with_hours / figures.personnel_hours)
                   if figures.personnel_hours else None)
        checks.append(RuleCheck("hourly_cap", to_ore(rule.personnel_hourly_cap), average,
                                average is None or average <= rule.personnel_hourly_cap))
    if rule.max_amount is not None or rule.max_support_percent is not None:
        ceiling = grant_ceiling(eligible_cost=figures.total_cost, max_amount=rule.max_amount,
                                max_support_percent=rule.max_support_percent)
        checks.append(RuleCheck("grant_ceiling", ceiling, figures.grant, figures.grant <= ceiling))
    return checks


def _indirect_cap(percent: Decimal, figures: Figures) -> RuleCheck:
    """Indirect costs at most a share of personnel costs, for each organisation that has indirect costs over the
    whole project (Vinnova: 30 % of each party's eligible personnel costs). Organisations without overhead do not
    lend their personnel costs to the others."""
    if figures.indirect_parts is None:
        cap = flat_rate(percent=percent, base=figures.personnel_cost)
        return RuleCheck("indirect_cap", percent, share_percent(figures.indirect_cost, figures.personnel_cost),
                         figures.indirect_cost <= cap, cap)
    per_org: dict[str, list[Decimal]] = defaultdict(lambda: [Decimal(0), Decimal(0)])
    for part in figures.indirect_parts:
        per_org[part.organisation][0] += part.indirect
        per_org[part.organisation][1] += part.personnel
    offenders = tuple(org for org, (indirect, personnel) in sorted(per_org.items())
                      if indirect > flat_rate(percent=percent, base=personnel))
    indirect = sum((v[0] for v in per_org.values()), ZERO)
    personnel = sum((v[1] for v in per_org.values()), ZERO)
    cap = sum((flat_rate(percent=percent, base=v[1]) for v in per_org.values()), ZERO)
    return RuleCheck("indirect_cap", percent, share_percent(indirect, personnel), not offenders, cap, offenders)


def _indirect_flat_rate(percent: Decimal, base_kind: str, figures: Figures) -> RuleCheck:
    """Indirect costs as exactly a flat rate of a base, organisation by organisation and year by year, each part
    rounded to the öre as the flat-rate lines are (so a budget made of such lines always meets the rule)."""
    code = f"flat_rate_{base_kind}"
    if figures.indirect_parts is None:
        base = figures.personnel_cost if base_kind == "personnel" else figures.direct_cost
        expected = flat_rate(percent=percent, base=base)
        return RuleCheck(code, percent, share_percent(figures.indirect_cost, base),
                         figures.indirect_cost == expected, expected)
    offenders = set()
    expected = indirect = base_total = ZERO
    for part in figures.indirect_parts:
        base = part.personnel if base_kind == "personnel" else part.direct
        part_expected = flat_rate(percent=percent, base=base)
        if part.indirect != part_expected:
            offenders.add(part.organisation)
        expected += part_expected
        indirect += part.indirect
        base_total += base
    return RuleCheck(code, percent, share_percent(indirect, base_total), not offenders, expected,
                     tuple(sorted(offenders)))


# --- Outcome --------------------------------------------------------------------------------------


def forecast_to_end(*, actual: Decimal, elapsed_days: int, total_days: int) -> Decimal:
    """Straight-line forecast: what has been spent so far, at the same pace to the project's end."""
    if total_days <= 0 or elapsed_days >= total_days:
        return to_ore(actual)
    if elapsed_days <= 0:
        return to_ore(actual)
    return to_ore(_dec(actual) * total_days / elapsed_days)


def weighted_hourly_rate(pairs: Iterable[tuple[Decimal, Decimal]]) -> Decimal | None:
    """(amount, hours) pairs → the amount per hour over all of them; None without hours."""
    amount = hours = Decimal(0)
    for a, h in pairs:
        amount += _dec(a)
        hours += _dec(h)
    return to_ore(amount / hours) if hours else None


# --- Printed money --------------------------------------------------------------------------------
# Every table that prints budget against outcome (the outcome page, its XLSX, the funder reports' budget and
# financial-account sections) is built here, so what a reader adds up by hand adds up: amounts are printed to
# the öre (the house format "1 234,50 kr"), each part is rounded once, here, and everything else on the row and
# the total row is derived from the rounded parts. Tables print these figures with the kr filter to the öre; where
# a figure is shown in rounded tkr (a chart's bar labels, the budget page's overview) the page says so.


class BudgetAgainstOutcome(Protocol):
    """What a row of budget against outcome has, wherever it comes from (the outcome selector, a regrouping)."""

    label: str
    budget: Decimal
    actual: Decimal
    forecast: Decimal | None


@dataclass(frozen=True)
class MoneyRow:
    """One printed row: the remaining amount is derived, so Budget − Outcome = Remaining on every row."""

    label: str
    budget: Decimal
    actual: Decimal
    forecast: Decimal | None = None

    @property
    def remaining(self) -> Decimal:
        return self.budget - self.actual

    @property
    def used_percent(self) -> Decimal | None:
        return share_percent(self.actual, self.budget)


@dataclass(frozen=True)
class MoneyTable:
    rows: tuple[MoneyRow, ...]
    total: MoneyRow  # each column the sum of the printed rows


def money_row(label: str, *, budget: Decimal, actual: Decimal, forecast: Decimal | None = None) -> MoneyRow:
    """The parts rounded once, to the öre (amounts from the ledger and the budget lines already are)."""
    return MoneyRow(str(label), to_ore(_dec(budget)), to_ore(_dec(actual)),
                    None if forecast is None else to_ore(_dec(forecast)))


def money_table(rows: Iterable[BudgetAgainstOutcome]) -> MoneyTable:
    """Rows as printed, and a total that is the sum of the printed rows, column by column (the forecast too,
    rather than a forecast of the total, which can differ by an öre per row). No forecast in the total when a
    row has none."""
    printed = tuple(money_row(r.label, budget=r.budget, actual=r.actual, forecast=r.forecast) for r in rows)
    forecasts = [r.forecast for r in printed]
    total = MoneyRow(
        "",
        sum((r.budget for r in printed), ZERO),
        sum((r.actual for r in printed), ZERO),
        None if None in forecasts else sum(forecasts, ZERO),
    )
    return MoneyTable(printed, total)
