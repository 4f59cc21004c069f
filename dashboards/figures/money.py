"""Money figures: granted and applied for, the current budgets, costs booked against the plan, co-financing
per municipality committed and delivered, and a project's budget burn. "Granted" is the projects app's
definition (FundingApplication.objects.granted()); the balance, the in-kind valuation and the grant
reconciliation are the budgets app's (budgets.selectors)."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncMonth

from accounts.models import Organisation
from budgets import calculations as calc
from budgets.models import ActualCost, Budget, CostLine, FinancingLine
from budgets.selectors import BalanceSummary, delivered_in_kind
from grportal.dates import add_months, month_starts
from projects.models import FundingApplication

from .common import Bar, Filters, as_date

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class GrantsFigure:
    granted: Decimal
    granted_count: int
    pending: Decimal  # applied for, awaiting a decision
    pending_count: int
    by_funder: tuple[Bar, ...]  # granted per funder


def grants_figure(project_ids, filters: Filters) -> GrantsFigure:
    """Two queries."""
    applications = FundingApplication.objects.filter(project_id__in=project_ids)
    if filters.funder_id:
        applications = applications.filter(funder_id=filters.funder_id)
    granted = Q(status__in=FundingApplication.GRANTED_STATUSES)
    pending = Q(status__in=FundingApplication.PENDING_STATUSES)
    sums = applications.aggregate(
        granted=Sum("amount_granted", filter=granted, default=ZERO), granted_count=Count("pk", filter=granted),
        pending=Sum("amount_applied", filter=pending, default=ZERO), pending_count=Count("pk", filter=pending),
    )
    by_funder = tuple(Bar(r["funder__name"], r["total"]) for r in
                      applications.granted().values("funder__name").annotate(total=Sum("amount_granted"))
                      .order_by("-total", "funder__name"))
    return GrantsFigure(**sums, by_funder=by_funder)


@dataclass(frozen=True)
class Unbalanced:
    project_id: int
    title: str
    budget_id: int
    difference: Decimal  # financing minus cost: negative is a shortfall


@dataclass(frozen=True)
class BudgetsFigure:
    projects: int  # projects with a current budget version
    total_cost: Decimal
    total_financing: Decimal
    unbalanced: tuple[Unbalanced, ...]

    @property
    def difference(self) -> Decimal:
        return self.total_financing - self.total_cost


def budgets_figure(summaries: dict[int, BalanceSummary], titles: dict[int, str]) -> BudgetsFigure:
    """The current budgets' totals and those that do not balance (no queries: the balances are given)."""
    unbalanced = sorted((Unbalanced(pid, titles.get(pid, ""), s.budget_id, s.difference)
                         for pid, s in summaries.items() if not s.balances), key=lambda u: u.title)
    return BudgetsFigure(projects=len(summaries),
                         total_cost=sum((s.total_cost for s in summaries.values()), ZERO),
                         total_financing=sum((s.total_financing for s in summaries.values()), ZERO),
                         unbalanced=tuple(unbalanced))


@dataclass(frozen=True)
class UsedFigure:
    used: Decimal  # booked costs in the period
    planned: Decimal  # the current budgets' costs planned for the same period
    percent: Decimal | None


def money_used(project_ids, filters: Filters) -> Decimal:
    """Costs booked against the projects (entered or imported ledger rows), in the chosen period. One query."""
    qs = ActualCost.objects.filter(project_id__in=project_ids)
    if filters.period_start:
        qs = qs.filter(date__gte=filters.period_start)
    if filters.period_end:
        qs = qs.filter(date__lte=filters.period_end)
    return qs.aggregate(total=Sum("amount", default=ZERO))["total"]


def monthly_plan(planned_by_year: dict[int, Decimal], first: dt.date, last: dt.date) -> list[tuple[dt.date, Decimal]]:
    """Each month from first to last with its share of the plan: each year's planned cost spread evenly over the
    project's months in that year (unrounded; round the sums). The one spreading rule for the period's plan and the
    budget burn. A year outside the project's months is not in the list."""
    months = month_starts(first, last)
    months_in_year: dict[int, int] = defaultdict(int)
    for m in months:
        months_in_year[m.year] += 1
    return [(m, planned_by_year[m.year] / months_in_year[m.year] if planned_by_year.get(m.year) else ZERO)
            for m in months]


def planned_cost_in_period(budgets: dict[int, Budget], project_dates: dict[int, tuple[dt.date, dt.date]],
                           filters: Filters) -> Decimal:
    """The current budgets' planned costs for the chosen period (monthly_plan, as the budget burn spreads them).
    Without a period, the whole plan. No queries (the versions' lines are prefetched)."""
    total = ZERO
    for pid, budget in budgets.items():
        planned: dict[int, Decimal] = defaultdict(Decimal)
        for line in budget.cost_lines.all():
            planned[line.year] += line.amount
        if not filters.period_start and not filters.period_end:
            total += sum(planned.values(), ZERO)
            continue
        for m, amount in monthly_plan(planned, *project_dates[pid]):
            if filters.period_start and add_months(m, 1) <= filters.period_start:
                continue
            if filters.period_end and m > filters.period_end:
                continue
            total += amount
    return calc.to_ore(total)


def used_figure(project_ids, filters: Filters, budgets: dict[int, Budget],
                project_dates: dict[int, tuple[dt.date, dt.date]]) -> UsedFigure:
    """Booked costs as a share of the costs planned for the same period (not of the whole plan). One query."""
    used = money_used(project_ids, filters)
    planned = planned_cost_in_period(budgets, project_dates, filters)
    return UsedFigure(used=used, planned=planned, percent=calc.share_percent(used, planned) if planned else None)


@dataclass(frozen=True)
class CoFinancingRow:
    organisation_id: int
    label: str
    in_kind: Decimal  # committed in kind in the current budgets
    cash: Decimal  # committed in cash
    planned_hours: Decimal
    delivered_hours: Decimal  # logged by the municipality's staff on reported activities, in any lab
    delivered_value: Decimal  # those hours at the budget's hourly cost of their year
    unvalued_hours: Decimal  # delivered hours the budget plans no hourly cost for

    @property
    def delivered_percent(self) -> Decimal | None:
        return calc.share_percent(self.delivered_value, self.in_kind) if self.in_kind else None


def co_financing_by_municipality(project_ids, filters: Filters, *,
                                 budgets: dict[int, Budget] | None = None) -> tuple[CoFinancingRow, ...]:
    """Per municipality: co-financing committed in the current budgets (in kind and in cash, with the planned
    hours), and the working time its staff delivered according to the labs' log, in any lab (reported
    activities, labs.selectors.co_financed_hours), valued per year at the hourly cost the budget plans for that
    municipality in that year (budgets.selectors.delivered_in_kind: the outcome page's valuation).

    Under a municipality filter the row is that municipality's, whichever lab its staff worked in. Three
    queries (financing lines, hours logged per organisation, older totals) when the budgets are given.
    """
    municipality = Organisation.Kind.MUNICIPALITY
    lines = FinancingLine.objects.filter(
        budget__project_id__in=project_ids, budget__is_current=True, organisation__kind=municipality,
        kind__in=(FinancingLine.Kind.IN_KIND, FinancingLine.Kind.CASH))
    if filters.municipality_id:
        lines = lines.filter(organisation_id=filters.municipality_id)
    rows: dict[int, dict] = {}

    def row(org_id, name):
        return rows.setdefault(org_id, {"organisation_id": org_id, "label": name, "in_kind": ZERO, "cash": ZERO,
                                        "planned_hours": ZERO, "delivered_hours": ZERO, "delivered_value": ZERO,
                                        "unvalued_hours": ZERO})

    for line in lines.values("organisation_id", "organisation__name", "kind", "amount", "people", "share_percent",
                             "months", "annual_hours", "monthly_salary"):
        r = row(line["organisation_id"], line["organisation__name"])
        if line["kind"] == FinancingLine.Kind.CASH:
            r["cash"] += line["amount"]
            continue
        r["in_kind"] += line["amount"]
        if line["monthly_salary"] is not None and line["people"] and line["share_percent"] and line["months"]:
            r["planned_hours"] += calc.planned_hours(people=line["people"], share_percent=line["share_percent"],
                                                     months=line["months"], annual_hours=line["annual_hours"])
    for d in delivered_in_kind(project_ids, period_start=filters.period_start, period_end=filters.period_end,
                               organisation_id=filters.municipality_id, budgets=budgets):
        if d.organisation_kind != municipality:
            continue
        r = row(d.organisation_id, d.organisation)
        r["delivered_hours"] += d.hours
        if d.value is None:
            r["unvalued_hours"] += d.hours
        else:
            r["delivered_value"] += d.value
    return tuple(CoFinancingRow(**r) for r in sorted(rows.values(), key=lambda r: r["label"]))


@dataclass(frozen=True)
class BurnRow:
    month: dt.date
    planned: Decimal  # accumulated
    actual: Decimal  # accumulated
    month_actual: Decimal


def budget_burn(project, today: dt.date) -> tuple[BurnRow, ...]:
    """Month by month from the project's start to today (or its end): the current version's planned costs
    accumulated (each year's planned cost spread evenly over the project's months in that year) against the
    booked costs accumulated. Two queries."""
    last = min(today, project.end_date)
    if last < project.start_date:
        return ()
    planned_by_year = dict(CostLine.objects.filter(budget__project=project, budget__is_current=True)
                           .values_list("year").annotate(total=Sum("amount")).values_list("year", "total"))
    actual_by_month = {as_date(r["month"]): r["total"] for r in
                       ActualCost.objects.filter(project=project, date__lte=last).annotate(month=TruncMonth("date"))
                       .values("month").annotate(total=Sum("amount"))}
    rows, planned, actual = [], ZERO, ZERO
    for m, month_planned in monthly_plan(planned_by_year, project.start_date, project.end_date):
        if m > last:
            break
        planned += month_planned
        month_actual = actual_by_month.get(m, ZERO)
        actual += month_actual
        rows.append(BurnRow(m, calc.to_ore(planned), actual, month_actual))
    # Costs planned for years outside the project period would never be reached by the months: add them at the end.
    if rows and last == project.end_date:
        end = rows[-1]
        rows[-1] = BurnRow(end.month, calc.to_ore(sum(planned_by_year.values(), ZERO)), end.actual, end.month_actual)
    return tuple(rows)
