"""Read side of the budgets app: figures for the pages, and the API other apps (dashboards) call.

The signature of ``balance_for_projects`` is a stable contract: keep it.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.apps import apps
from django.db.models import Q, Sum
from django.db.models.functions import ExtractYear

from . import calculations as calc
from .models import ActualCost, Budget, CostLine, FinancingLine, FunderRule

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class BalanceSummary:
    total_cost: Decimal
    total_financing: Decimal
    difference: Decimal  # financing minus cost: negative is a shortfall
    balances: bool  # the totals are equal (difference == 0); the budget page also checks each year and organisation


def balance_for_projects(project_ids: Iterable[int]) -> dict[int, BalanceSummary]:
    """The balance of each project's CURRENT budget version; projects without one are left out.

    Three queries whatever the number of projects (budgets with owner, cost lines, financing lines).
    """
    ids = list(project_ids)
    if not ids:
        return {}
    result = {}
    for budget in Budget.objects.for_page().filter(project_id__in=ids, is_current=True):
        b = budget.balance()
        result[budget.project_id] = BalanceSummary(
            total_cost=b.total_cost, total_financing=b.total_financing,
            difference=b.difference, balances=b.balances,
        )
    return result


# --- The budget page -------------------------------------------------------------------------------


def figures_for(budget: Budget, funder_id: int | None = None) -> calc.Figures:
    """Sums of a version's (prefetched) lines that the funder rules are checked against."""
    total = personnel = indirect = hours = cost_with_hours = ZERO
    # (organisation, year) → [indirect, personnel, direct]
    parts = defaultdict(lambda: [ZERO, ZERO, ZERO])
    for line in budget.cost_lines.all():
        total += line.amount
        part = parts[(line.organisation.name, line.year)]
        if line.category == CostLine.Category.PERSONNEL:
            personnel += line.amount
            part[1] += line.amount
            if line.is_planned_personnel:
                hours += line.hours()
                cost_with_hours += line.amount
        if line.category == CostLine.Category.INDIRECT:
            indirect += line.amount
            part[0] += line.amount
        else:
            part[2] += line.amount
    indirect_parts = tuple(calc.IndirectPart(org, year, *values) for (org, year), values in sorted(parts.items())
                           if values[0])
    grant = co_financing = ZERO
    for line in budget.financing_lines.all():
        if line.kind == FinancingLine.Kind.GRANT:
            if funder_id is None or line.organisation_id == funder_id:
                grant += line.amount
        else:
            co_financing += line.amount
    return calc.Figures(total_cost=total, personnel_cost=personnel, direct_cost=total - indirect,
                        indirect_cost=indirect, personnel_hours=hours, personnel_cost_with_hours=cost_with_hours,
                        grant=grant, co_financing=co_financing, indirect_parts=indirect_parts)


@dataclass
class RuleResult:
    rule: FunderRule
    checks: list[calc.RuleCheck]
    figures: calc.Figures

    @property
    def ok(self) -> bool:
        return all(check.ok for check in self.checks)


def rule_results(budget: Budget) -> list[RuleResult]:
    """Every rule of the funders that give a grant in this version: the funder's own, and its calls and
    decisions for this project. One query."""
    funders = {line.organisation_id for line in budget.financing_lines.all() if line.kind == FinancingLine.Kind.GRANT}
    if not funders:
        return []
    rules = FunderRule.objects.filter(funder_id__in=funders).filter(
        Q(scope=FunderRule.Scope.FUNDER, project__isnull=True) | Q(project_id=budget.project_id)
    ).select_related("funder")
    results = []
    for rule in rules:
        figures = figures_for(budget, rule.funder_id)
        results.append(RuleResult(rule=rule, checks=calc.check_rule(rule.as_rule(), figures), figures=figures))
    return results


@dataclass
class Row:
    label: str
    cells: list[Decimal]
    total: Decimal
    years: list[int] = field(default_factory=list)

    @property
    def pairs(self):
        """(year, amount) for each column: the year labels the cell on a phone."""
        return list(zip(self.years, self.cells, strict=True))


@dataclass
class Overview:
    years: list[int]
    cost_rows: list[Row]
    cost_totals: Row
    financing_rows: list[Row]
    financing_totals: Row
    difference: Row
    organisations: list[Row] = field(default_factory=list)  # financing minus cost per organisation and year


def overview(budget: Budget) -> Overview:
    """Costs per category and financing per kind and financier, one column per year (no queries)."""
    costs = list(budget.cost_lines.all())
    financing = list(budget.financing_lines.all())
    years = sorted({line.year for line in costs} | {line.year for line in financing})
    labels = dict(CostLine.Category.choices)
    by_cat = defaultdict(lambda: defaultdict(Decimal))
    for line in costs:
        by_cat[line.category][line.year] += line.amount
    cost_rows = [Row(str(labels[cat]), [by_cat[cat][y] for y in years], sum(by_cat[cat].values(), ZERO))
                 for cat in CostLine.Category.values if cat in by_cat]
    by_fin = defaultdict(lambda: defaultdict(Decimal))
    kinds = dict(FinancingLine.Kind.choices)
    for line in financing:
        by_fin[(line.kind, line.organisation.name)][line.year] += line.amount
    order = {k: i for i, k in enumerate(FinancingLine.Kind.values)}
    financing_rows = [Row(f"{kinds[kind]}: {org}", [by_fin[(kind, org)][y] for y in years],
                          sum(by_fin[(kind, org)].values(), ZERO))
                      for kind, org in sorted(by_fin, key=lambda k: (order[k[0]], k[1]))]

    def totals(rows, label):
        cells = [sum((r.cells[i] for r in rows), ZERO) for i in range(len(years))]
        return Row(label, cells, sum(cells, ZERO))

    cost_totals = totals(cost_rows, "")
    financing_totals = totals(financing_rows, "")
    difference = Row("", [f - c for f, c in zip(financing_totals.cells, cost_totals.cells, strict=True)],
                     financing_totals.total - cost_totals.total)
    owner = budget.project.owner.name
    per_org = defaultdict(lambda: defaultdict(Decimal))
    for line in costs:
        per_org[line.organisation.name][line.year] -= line.amount
    for line in financing:
        per_org[line.paid_to_name(owner)][line.year] += line.amount
    organisations = [Row(org, [per_org[org][y] for y in years], sum(per_org[org].values(), ZERO))
                     for org in sorted(per_org)]
    for row in [*cost_rows, cost_totals, *financing_rows, financing_totals, difference, *organisations]:
        row.years = years
    return Overview(years, cost_rows, cost_totals, financing_rows, financing_totals, difference, organisations)


# --- Comparing two versions -------------------------------------------------------------------------


@dataclass
class ComparedLine:
    section: str  # "cost" or "financing"
    year: int
    label: str
    organisation: str
    description: str
    a: Decimal | None
    b: Decimal | None

    @property
    def difference(self) -> Decimal:
        return (self.b or ZERO) - (self.a or ZERO)

    @property
    def status(self) -> str:
        if self.a is None:
            return "added"
        if self.b is None:
            return "removed"
        return "changed" if self.a != self.b else "same"


def _line_key(line, section):
    if section == "cost":
        return (line.year, line.category, line.organisation.name, line.description)
    return (line.year, line.kind, line.organisation.name, line.recipient.name if line.recipient_id else "",
            line.description)


def compare(a: Budget, b: Budget) -> list[ComparedLine]:
    """Line by line: lines match on year, category or kind, organisation and description (no queries
    beyond the prefetched lines). Lines that occur twice with the same key are matched in order."""
    result = []
    categories = dict(CostLine.Category.choices)
    kinds = dict(FinancingLine.Kind.choices)
    for section, a_lines, b_lines in (("cost", a.cost_lines.all(), b.cost_lines.all()),
                                      ("financing", a.financing_lines.all(), b.financing_lines.all())):
        grouped = defaultdict(lambda: ([], []))
        for line in a_lines:
            grouped[_line_key(line, section)][0].append(line)
        for line in b_lines:
            grouped[_line_key(line, section)][1].append(line)
        for key in sorted(grouped, key=lambda k: tuple(str(p) for p in k)):
            left, right = grouped[key]
            for i in range(max(len(left), len(right))):
                la = left[i] if i < len(left) else None
                lb = right[i] if i < len(right) else None
                sample = la or lb
                label = categories[sample.category] if section == "cost" else kinds[sample.kind]
                org = sample.organisation.name
                if section == "financing" and sample.recipient_id:
                    org = f"{org} → {sample.recipient.name}"
                result.append(ComparedLine(section, key[0], str(label), org, sample.description,
                                           la.amount if la else None, lb.amount if lb else None))
    return result


# --- Outcome ----------------------------------------------------------------------------------------


def logged_co_financed_hours(project) -> dict[tuple[int, int], Decimal]:
    """Hours lab leads logged as co-financed working time, per (year, organisation id), read from the labs
    app (submitted and approved activities; drafts and returned ones do not count yet). Two queries.

    Where an activity names hours per organisation those count; older activities that only have the total
    count for the lab's municipality.
    """
    Activity = apps.get_model("labs", "Activity")
    CoFinancedTime = apps.get_model("labs", "CoFinancedTime")
    counted = [Activity.Status.SUBMITTED, Activity.Status.APPROVED]
    hours: dict[tuple[int, int], Decimal] = defaultdict(Decimal)
    per_org = (CoFinancedTime.objects.filter(activity__lab__project=project, activity__status__in=counted)
               .annotate(year=ExtractYear("activity__date")).values("year", "organisation_id")
               .annotate(hours=Sum("hours")))
    for row in per_org:
        hours[(row["year"], row["organisation_id"])] += row["hours"] or ZERO
    older = (Activity.objects.filter(lab__project=project, status__in=counted, co_financed_time__isnull=True,
                                     co_financed_hours__gt=0, lab__municipality__isnull=False)
             .annotate(year=ExtractYear("date")).values("year", "lab__municipality_id")
             .annotate(hours=Sum("co_financed_hours")))
    for row in older:
        hours[(row["year"], row["lab__municipality_id"])] += row["hours"] or ZERO
    return dict(hours)


def hourly_rates(budget: Budget | None) -> dict[tuple[int, int], Decimal]:
    """The hourly cost per (year, organisation id) from a version's planned time: in-kind lines first,
    personnel lines where an organisation has no in-kind line (weighted by hours)."""
    if budget is None:
        return {}
    in_kind = defaultdict(list)
    personnel = defaultdict(list)
    for line in budget.financing_lines.all():
        if line.kind == FinancingLine.Kind.IN_KIND and line.is_planned_time:
            in_kind[(line.year, line.organisation_id)].append((line.amount, line.hours()))
    for line in budget.cost_lines.all():
        if line.category == CostLine.Category.PERSONNEL and line.is_planned_personnel:
            personnel[(line.year, line.organisation_id)].append((line.amount, line.hours()))
    rates = {key: calc.weighted_hourly_rate(pairs) for key, pairs in personnel.items()}
    rates.update({key: calc.weighted_hourly_rate(pairs) for key, pairs in in_kind.items()})
    return {key: rate for key, rate in rates.items() if rate is not None}


@dataclass
class OutcomeRow:
    label: str
    budget: Decimal
    actual: Decimal
    forecast: Decimal

    @property
    def used_percent(self):
        return calc.share_percent(self.actual, self.budget)

    @property
    def remaining(self) -> Decimal:
        return self.budget - self.actual


@dataclass
class InKindRow:
    year: int
    organisation: str
    hours: Decimal
    rate: Decimal | None
    value: Decimal | None
    planned: Decimal


@dataclass
class Outcome:
    budget: Budget | None
    as_of: dt.date
    elapsed_percent: Decimal | None
    by_category: list[OutcomeRow]
    by_organisation: list[OutcomeRow]
    by_year: list[OutcomeRow]
    total: OutcomeRow
    in_kind: list[InKindRow]


def outcome(project, *, as_of: dt.date | None = None) -> Outcome:
    """The current version against booked costs, per category, organisation and year, with a straight-line
    forecast to the project's end; in-kind time from the labs valued at the version's hourly costs.
    Seven queries whatever the number of lines."""
    from accounts.models import Organisation

    costs = ActualCost.objects.filter(project=project)
    if as_of is not None:
        # A report for a period counts only the costs booked up to its end (later bookings belong to later reports).
        costs = costs.filter(date__lte=as_of)
    as_of = as_of or dt.date.today()
    budget = Budget.objects.for_page().filter(project=project, is_current=True).first()
    total_days = (project.end_date - project.start_date).days + 1
    elapsed_days = max(0, min(total_days, (as_of - project.start_date).days + 1))

    def forecast(actual):
        return calc.forecast_to_end(actual=actual, elapsed_days=elapsed_days, total_days=total_days)

    planned = {"cat": defaultdict(Decimal), "org": defaultdict(Decimal), "year": defaultdict(Decimal)}
    names = {}
    if budget:
        for line in budget.cost_lines.all():
            planned["cat"][line.category] += line.amount
            planned["org"][line.organisation_id] += line.amount
            planned["year"][line.year] += line.amount
            names[line.organisation_id] = line.organisation.name
    actual = {"cat": defaultdict(Decimal), "org": defaultdict(Decimal), "year": defaultdict(Decimal)}
    rows = (costs.annotate(year=ExtractYear("date"))
            .values("category", "organisation_id", "organisation__name", "year").annotate(total=Sum("amount")))
    for row in rows:
        actual["cat"][row["category"]] += row["total"]
        actual["org"][row["organisation_id"]] += row["total"]
        actual["year"][row["year"]] += row["total"]
        names[row["organisation_id"]] = row["organisation__name"]

    def rows_for(kind, keys, label):
        return [OutcomeRow(label(k), planned[kind][k], actual[kind][k], forecast(actual[kind][k])) for k in keys]

    categories = dict(CostLine.Category.choices)
    cat_keys = [c for c in CostLine.Category.values if c in planned["cat"] or c in actual["cat"]]
    org_keys = sorted(set(planned["org"]) | set(actual["org"]), key=lambda k: names[k])
    year_keys = sorted(set(planned["year"]) | set(actual["year"]))
    total_actual = sum(actual["cat"].values(), ZERO)
    total = OutcomeRow("", sum(planned["cat"].values(), ZERO), total_actual, forecast(total_actual))

    hours = logged_co_financed_hours(project)
    rates = hourly_rates(budget)
    planned_in_kind = defaultdict(Decimal)
    if budget:
        for line in budget.financing_lines.all():
            if line.kind == FinancingLine.Kind.IN_KIND:
                planned_in_kind[(line.year, line.organisation_id)] += line.amount
                names[line.organisation_id] = line.organisation.name
    missing = {org for _year, org in hours if org not in names}
    if missing:
        names.update(Organisation.objects.filter(pk__in=missing).values_list("pk", "name"))
    in_kind = []
    for key in sorted(set(hours) | set(planned_in_kind), key=lambda k: (k[0], names[k[1]])):
        h = hours.get(key, ZERO)
        rate = rates.get(key)
        in_kind.append(InKindRow(key[0], names[key[1]], h, rate,
                                 calc.in_kind_value(hours=h, hourly_rate=rate) if rate is not None else None,
                                 planned_in_kind.get(key, ZERO)))
    elapsed = calc.share_percent(Decimal(elapsed_days), Decimal(total_days))
    return Outcome(budget, as_of, elapsed, rows_for("cat", cat_keys, lambda k: str(categories[k])),
                   rows_for("org", org_keys, lambda k: names[k]), rows_for("year", year_keys, str), total, in_kind)
