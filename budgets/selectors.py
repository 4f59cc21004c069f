"""Read side of the budgets app: figures for the pages, and the API other apps (dashboards) call.

The signature of ``balance_for_projects`` is a stable contract: keep it.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch, Q, Sum
from django.db.models.functions import ExtractYear
from django.utils import timezone

from labs import selectors as labs_selectors
from projects.models import FundingApplication

from . import calculations as calc
from .models import ActualCost, Budget, CostLine, FinancingLine, FunderRule

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class BalanceSummary:
    total_cost: Decimal
    total_financing: Decimal
    difference: Decimal  # financing minus cost: negative is a shortfall
    balances: bool  # the totals are equal (difference == 0); the budget page also checks each year and organisation
    budget_id: int  # the current version the figures are from


def current_budgets(project_ids: Iterable[int]) -> dict[int, Budget]:
    """Each project's CURRENT budget version with its lines, by project id; projects without one are left out.
    Three queries whatever the number of projects (budgets with owner, cost lines, financing lines)."""
    ids = list(project_ids)
    if not ids:
        return {}
    return {b.project_id: b for b in Budget.objects.for_page().filter(project_id__in=ids, is_current=True)}


def balance_for_projects(project_ids: Iterable[int], *,
                         budgets: dict[int, Budget] | None = None) -> dict[int, BalanceSummary]:
    """The balance of each project's CURRENT budget version; projects without one are left out.

    Three queries whatever the number of projects (current_budgets), none when ``budgets`` is given.
    """
    if budgets is None:
        budgets = current_budgets(project_ids)
    result = {}
    for budget in budgets.values():
        b = budget.balance()
        result[budget.project_id] = BalanceSummary(
            total_cost=b.total_cost, total_financing=b.total_financing,
            difference=b.difference, balances=b.balances, budget_id=budget.pk,
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


@dataclass(frozen=True)
class DeliveredTime:
    """Co-financed working time delivered in the labs (reported activities), valued at the hourly cost the
    project's current budget plans for that organisation in that year. The one valuation of in-kind time: the
    outcome page, its export, the dashboards and the funder reports all read it."""

    project_id: int
    year: int
    organisation_id: int
    organisation: str
    organisation_kind: str
    hours: Decimal
    rate: Decimal | None  # None: the budget plans no time for this organisation and year
    value: Decimal | None


def delivered_in_kind(project_ids: Iterable[int], *, period_start: dt.date | None = None,
                      period_end: dt.date | None = None, organisation_id: int | None = None,
                      budgets: dict[int, Budget] | None = None) -> list[DeliveredTime]:
    """Hours from labs.selectors.co_financed_hours valued per (project, year, organisation) at the rate of that
    year and organisation (hourly_rates). Five queries whatever the number of projects (two for the hours,
    three for the current versions with their lines; none when ``budgets`` is given)."""
    ids = list(project_ids)
    logged = labs_selectors.co_financed_hours(ids, period_start=period_start, period_end=period_end,
                                              organisation_id=organisation_id)
    if not logged:
        return []
    if budgets is None:
        budgets = current_budgets(ids)
    rates = {pid: hourly_rates(budget) for pid, budget in budgets.items()}
    result = []
    for row in logged:
        rate = rates.get(row.project_id, {}).get((row.year, row.organisation_id))
        result.append(DeliveredTime(
            project_id=row.project_id, year=row.year, organisation_id=row.organisation_id,
            organisation=row.organisation, organisation_kind=row.organisation_kind, hours=row.hours, rate=rate,
            value=calc.in_kind_value(hours=row.hours, hourly_rate=rate) if rate is not None else None))
    return result


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
    costs = ActualCost.objects.filter(project=project)
    as_of_given = as_of is not None
    if as_of_given:
        # A report for a period counts only the costs booked up to its end (later bookings belong to later reports).
        costs = costs.filter(date__lte=as_of)
    as_of = as_of or timezone.localdate()
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

    delivered = {(d.year, d.organisation_id): d for d in delivered_in_kind(
        [project.pk], period_end=as_of if as_of_given else None, budgets={project.pk: budget} if budget else {})}
    planned_in_kind = defaultdict(Decimal)
    if budget:
        for line in budget.financing_lines.all():
            if line.kind == FinancingLine.Kind.IN_KIND:
                planned_in_kind[(line.year, line.organisation_id)] += line.amount
                names[line.organisation_id] = line.organisation.name
    for d in delivered.values():
        names.setdefault(d.organisation_id, d.organisation)
    in_kind = []
    for key in sorted(set(delivered) | set(planned_in_kind), key=lambda k: (k[0], names[k[1]])):
        d = delivered.get(key)
        if d is None:
            in_kind.append(InKindRow(key[0], names[key[1]], ZERO, None, None, planned_in_kind[key]))
        else:
            in_kind.append(InKindRow(key[0], names[key[1]], d.hours, d.rate, d.value, planned_in_kind.get(key, ZERO)))
    elapsed = calc.share_percent(Decimal(elapsed_days), Decimal(total_days))
    return Outcome(budget, as_of, elapsed, rows_for("cat", cat_keys, lambda k: str(categories[k])),
                   rows_for("org", org_keys, lambda k: names[k]), rows_for("year", year_keys, str), total, in_kind)


# --- Grant decisions against the budget -----------------------------------------------------------------


@dataclass(frozen=True)
class GrantMismatch:
    """A funder whose grant lines in a budget version do not match what the funder granted.

    The comparison is per project and funder over the whole version: a decision (FundingApplication) states
    amounts and a status but no years, so the version's grant lines of every year are summed. "Granted" is
    FundingApplication.objects.granted() (granted in full or in part, amount_granted); applications planned or
    submitted are pending (amount_applied).
    """

    DIFFERS = "differs"  # the funder has decided, and the version's grant lines say another amount
    PENDING = "pending"  # the version counts money the funder has not decided on yet
    NOT_APPLIED = "not_applied"  # the version counts a grant no application asks for (none, or rejected/withdrawn)

    project_id: int
    project_title: str
    budget_id: int
    budget_name: str
    funder_id: int
    funder: str
    kind: str
    granted: Decimal  # sum of amount_granted of the funder's granted applications (0 when none)
    budgeted: Decimal  # sum of the version's grant lines from the funder, all years
    pending: Decimal  # amount applied for in the funder's applications awaiting a decision
    years: tuple[int, ...]  # the years of the version's grant lines from the funder

    @property
    def difference(self) -> Decimal:
        """Budgeted minus granted: positive when the budget counts more than is granted."""
        return self.budgeted - self.granted


def reconcile_grants(*, project_id: int, project_title: str, budget_id: int, budget_name: str,
                     lines: Iterable[tuple[int, str, int, Decimal]],
                     applications: Iterable[dict]) -> list[GrantMismatch]:
    """The mismatches of one version: `lines` are its grant lines as (funder id, funder name, year, amount),
    `applications` the project's rows of FundingApplication.objects.per_funder(). No queries.

    - A funder with a granted application: a mismatch when the grant lines do not add up to the amount granted
      (also when the version has no grant line from it). If the funder also has an application awaiting a
      decision and the version counts more than is granted, the excess is pending rather than wrong.
    - A funder with no granted application but grant lines in the version: pending when an application awaits
      the decision, otherwise nothing asks for that money.
    - Applications awaiting a decision that the version does not count yet are fine: the budget waits too.
    """
    budgeted: dict[int, Decimal] = defaultdict(lambda: ZERO)
    years: dict[int, set[int]] = defaultdict(set)
    names: dict[int, str] = {}
    for funder_id, name, year, amount in lines:
        budgeted[funder_id] += amount
        years[funder_id].add(year)
        names[funder_id] = name
    decided = {}
    for row in applications:
        decided[row["funder_id"]] = row
        names.setdefault(row["funder_id"], row["funder__name"])
    result = []
    for funder_id in set(budgeted) | set(decided):
        row = decided.get(funder_id)
        granted = Decimal(row["granted"] or 0) if row else ZERO
        pending = Decimal(row["pending"] or 0) if row else ZERO
        has_granted = bool(row and row["granted_count"])
        has_pending = bool(row and row["pending_count"])
        amount = budgeted.get(funder_id, ZERO)
        if amount == granted:
            continue
        if has_pending and amount > granted:
            kind = GrantMismatch.PENDING
        elif has_granted:
            kind = GrantMismatch.DIFFERS
        elif amount > 0:
            kind = GrantMismatch.NOT_APPLIED
        else:
            continue
        result.append(GrantMismatch(
            project_id=project_id, project_title=project_title, budget_id=budget_id, budget_name=budget_name,
            funder_id=funder_id, funder=names[funder_id], kind=kind, granted=granted, budgeted=amount, pending=pending,
            years=tuple(sorted(years.get(funder_id, ()))),
        ))
    result.sort(key=lambda m: (m.funder, m.funder_id))
    return result


def _grant_lines(lines) -> list[tuple[int, str, int, Decimal]]:
    return [(line.organisation_id, line.organisation.name, line.year, line.amount) for line in lines
            if line.kind == FinancingLine.Kind.GRANT]


def grant_reconciliation(project_ids: Iterable[int], *,
                         budgets: dict[int, Budget] | None = None) -> dict[int, list[GrantMismatch]]:
    """Per project, where the grant lines of its CURRENT budget version do not match the funders' decisions
    (see reconcile_grants). Projects without a current version, or where everything matches, are left out;
    the projects come in the order of their titles.

    Three queries whatever the number of projects (current versions, their grant lines, the applications
    summed per funder); one when ``budgets`` (current_budgets()) is given.
    """
    ids = list(project_ids)
    if not ids:
        return {}
    if budgets is None:
        grant_lines = FinancingLine.objects.filter(kind=FinancingLine.Kind.GRANT).select_related("organisation")
        versions = list(Budget.objects.filter(project_id__in=ids, is_current=True).select_related("project")
                        .prefetch_related(Prefetch("financing_lines", grant_lines)))
    else:
        versions = [budgets[pk] for pk in ids if pk in budgets]
    if not versions:
        return {}
    applications = defaultdict(list)
    for row in FundingApplication.objects.filter(project_id__in=[b.project_id for b in versions]).per_funder():
        applications[row["project_id"]].append(row)
    result = {}
    for budget in sorted(versions, key=lambda b: (b.project.title, b.project_id)):
        mismatches = reconcile_grants(project_id=budget.project_id, project_title=budget.project.title,
                                      budget_id=budget.pk, budget_name=budget.name,
                                      lines=_grant_lines(budget.financing_lines.all()),
                                      applications=applications[budget.project_id])
        if mismatches:
            result[budget.project_id] = mismatches
    return result


def grant_reconciliation_for_budget(budget: Budget) -> list[GrantMismatch]:
    """The same comparison for one version (any version, e.g. a scenario that is to set a mismatch right),
    from its prefetched financing lines (Budget.objects.for_page()). One query."""
    applications = FundingApplication.objects.filter(project_id=budget.project_id).per_funder()
    return reconcile_grants(project_id=budget.project_id, project_title=budget.project.title,
                            budget_id=budget.pk, budget_name=budget.name,
                            lines=_grant_lines(budget.financing_lines.all()), applications=applications)
