"""All writes of the budgets app: atomic, full_clean() first, optimistic locking (grportal.locking) on versions and
lines: an update or delete based on an older version is refused with StaleEdit."""

from collections import defaultdict
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from accounts.models import Organisation
from grportal.locking import claim_version

from . import calculations as calc
from .models import ActualCost, Budget, CostLine, FinanceSupport, FinancingLine, ImportBatch, OnCostRate


def on_cost_for(organisation, year) -> OnCostRate | None:
    return OnCostRate.objects.filter(organisation=organisation, year=year).first()


def _fill_planned_time(line, *, stored_hours: bool = False) -> None:
    """Planned working time sets the amount: people × share × salary × months × (1 + on-cost).

    The organisation's stored rate for the year gives the on-cost rate when none is entered, and, with
    stored_hours (a new line, or one moved to another organisation or year), its annual hours too: they value
    the hours (hourly cost = monthly salary × 12 × (1 + on-cost) ÷ annual hours)."""
    if line.monthly_salary is None:
        return
    missing = {name: _("Required when a monthly salary is given.")
               for name in ("share_percent", "months") if getattr(line, name) is None}
    if missing:
        raise ValidationError(missing)
    if line.people is None:
        line.people = 1
    if line.on_cost_percent is None or stored_hours or not line.annual_hours:
        stored = on_cost_for(line.organisation, line.year) if line.organisation_id else None
        if line.on_cost_percent is None:
            if stored is None:
                raise ValidationError({"on_cost_percent": _(
                    "No on-cost rate is stored for this organisation and year: enter one.")})
            line.on_cost_percent = stored.percent
        if stored_hours or not line.annual_hours:
            line.annual_hours = stored.annual_hours if stored else calc.DEFAULT_ANNUAL_HOURS
    line.amount = calc.personnel_cost(people=line.people, share_percent=line.share_percent,
                                      monthly_salary=line.monthly_salary, months=line.months,
                                      on_cost_percent=line.on_cost_percent)


def _moved(line, values: dict) -> bool:
    """Does the update put the line on another organisation or year (so that one's stored rate applies)?"""
    organisation = values.get("organisation")
    return (("organisation" in values and line.organisation_id != getattr(organisation, "pk", organisation))
            or ("year" in values and line.year != values["year"]))


def _prepare_cost_line(line: CostLine, *, stored_hours: bool = False) -> None:
    if line.flat_rate_percent is not None:
        if line.category != CostLine.Category.INDIRECT:
            raise ValidationError({"flat_rate_percent": _("Only indirect costs can be a flat rate.")})
        if not line.flat_rate_base:
            line.flat_rate_base = CostLine.FlatRateBase.PERSONNEL
        line.monthly_salary = None
        line.amount = line.amount if line.amount is not None else Decimal("0.00")  # set by the recalculation
    elif line.monthly_salary is not None and line.category != CostLine.Category.PERSONNEL:
        raise ValidationError({"monthly_salary": _("Only personnel costs are planned with a salary.")})
    else:
        _fill_planned_time(line, stored_hours=stored_hours)
    if line.amount is None:
        raise ValidationError({"amount": _("Enter an amount, or plan the line with a salary or a flat rate.")})


def recalculate_flat_rates(budget: Budget) -> None:
    """Flat-rate lines follow their base: personnel (or direct) costs of the same organisation and year."""
    lines = list(CostLine.objects.filter(budget=budget))  # never a prefetched (stale) list of the budget's lines
    personnel = defaultdict(Decimal)
    direct = defaultdict(Decimal)
    for line in lines:
        key = (line.organisation_id, line.year)
        if line.category == CostLine.Category.PERSONNEL:
            personnel[key] += line.amount
        if line.category != CostLine.Category.INDIRECT:
            direct[key] += line.amount
    for line in lines:
        if line.flat_rate_percent is None:
            continue
        bases = personnel if line.flat_rate_base == CostLine.FlatRateBase.PERSONNEL else direct
        amount = calc.flat_rate(percent=line.flat_rate_percent, base=bases[(line.organisation_id, line.year)])
        if amount != line.amount:
            CostLine.objects.filter(pk=line.pk).update(amount=amount)


@transaction.atomic
def cost_line_create(*, budget: Budget, **fields) -> CostLine:
    """Add a cost line to a budget version."""
    line = CostLine(budget=budget, **fields)
    _prepare_cost_line(line, stored_hours="annual_hours" not in fields)
    line.full_clean()
    line.save()
    recalculate_flat_rates(budget)
    line.refresh_from_db()
    return line


@transaction.atomic
def cost_line_update(*, line: CostLine, values: dict, expected_version: int | None) -> CostLine:
    moved = _moved(line, values) and "annual_hours" not in values
    for name, value in values.items():
        setattr(line, name, value)
    _prepare_cost_line(line, stored_hours=moved)
    line.full_clean()
    claim_version(line, expected_version)
    line.save()
    recalculate_flat_rates(line.budget)
    line.refresh_from_db()
    return line


@transaction.atomic
def cost_line_delete(*, line: CostLine, expected_version: int | None) -> None:
    claim_version(line, expected_version)
    budget = line.budget
    line.delete()
    recalculate_flat_rates(budget)


def _prepare_financing_line(line: FinancingLine, *, stored_hours: bool = False) -> None:
    if line.monthly_salary is not None and line.kind != FinancingLine.Kind.IN_KIND:
        raise ValidationError({"monthly_salary": _("Only co-financing in kind is planned as working time.")})
    _fill_planned_time(line, stored_hours=stored_hours)
    if line.amount is None:
        raise ValidationError({"amount": _("Enter an amount, or plan the time with a salary.")})


@transaction.atomic
def financing_line_create(*, budget: Budget, **fields) -> FinancingLine:
    """Add a financing line (grant, in-kind or cash co-financing) to a budget version."""
    line = FinancingLine(budget=budget, **fields)
    _prepare_financing_line(line, stored_hours="annual_hours" not in fields)
    line.full_clean()
    line.save()
    return line


@transaction.atomic
def financing_line_update(*, line: FinancingLine, values: dict, expected_version: int | None) -> FinancingLine:
    moved = _moved(line, values) and "annual_hours" not in values
    for name, value in values.items():
        setattr(line, name, value)
    _prepare_financing_line(line, stored_hours=moved)
    line.full_clean()
    claim_version(line, expected_version)
    line.save()
    return line


@transaction.atomic
def financing_line_delete(*, line: FinancingLine, expected_version: int | None) -> None:
    claim_version(line, expected_version)
    line.delete()


@transaction.atomic
def budget_create(*, project, name: str, kind: str = Budget.Kind.APPLIED, note: str = "") -> Budget:
    """A new, empty version; a project's first version becomes its current one."""
    budget = Budget(project=project, name=name, kind=kind, note=note,
                    is_current=not Budget.objects.filter(project=project, is_current=True).exists())
    budget.full_clean()
    budget.save()
    return budget


@transaction.atomic
def budget_copy(*, budget: Budget, name: str, kind: str = Budget.Kind.SCENARIO, note: str = "") -> Budget:
    """A new version with the same lines, to change without touching the original."""
    copy = Budget(project=budget.project, name=name, kind=kind, note=note, based_on=budget, is_current=False)
    copy.full_clean()
    copy.save()
    skip = {"id", "budget", "version"}
    for model, related in ((CostLine, budget.cost_lines.all()), (FinancingLine, budget.financing_lines.all())):
        fields = [f.attname for f in model._meta.concrete_fields if f.name not in skip]
        bulk_create_with_history(
            [model(budget=copy, **{name: getattr(line, name) for name in fields}) for line in related], model
        )
    return copy


@transaction.atomic
def budget_make_current(*, budget: Budget) -> Budget:
    """Make this version the project's current one; the others stay readable."""
    Budget.objects.filter(project=budget.project, is_current=True).exclude(pk=budget.pk).update(is_current=False)
    budget.is_current = True
    budget.save(update_fields=["is_current"])
    return budget


@transaction.atomic
def budget_update(*, budget: Budget, values: dict, expected_version: int | None) -> Budget:
    for name, value in values.items():
        setattr(budget, name, value)
    budget.full_clean()
    claim_version(budget, expected_version)
    budget.save()
    return budget


@transaction.atomic
def on_cost_rate_set(*, organisation, year: int, percent: Decimal, annual_hours: int | None = None) -> OnCostRate:
    """Store an organisation's on-cost rate for a year; lines that use the earlier rate are left as they are."""
    rate, _created = OnCostRate.objects.get_or_create(
        organisation=organisation, year=year,
        defaults={"percent": percent, "annual_hours": annual_hours or calc.DEFAULT_ANNUAL_HOURS})
    rate.percent = percent
    if annual_hours:
        rate.annual_hours = annual_hours
    rate.full_clean()
    rate.save()
    return rate


@transaction.atomic
def rate_apply_to_budget(*, budget: Budget, rate: OnCostRate) -> int:
    """Recalculate a version's planned time of that organisation and year with the stored rate; returns how many
    lines changed. Flat rates follow."""
    changed = 0
    for model in (CostLine, FinancingLine):
        # Locked while recalculated: a form saved meanwhile waits, then finds the version moved on (refused).
        for line in model.objects.select_for_update().filter(budget=budget, organisation=rate.organisation,
                                                             year=rate.year, monthly_salary__isnull=False):
            if (line.on_cost_percent, line.annual_hours) == (rate.percent, rate.annual_hours):
                continue
            line.on_cost_percent, line.annual_hours = rate.percent, rate.annual_hours
            _fill_planned_time(line)
            line.full_clean()
            claim_version(line)
            line.save()
            changed += 1
    recalculate_flat_rates(budget)
    return changed


@transaction.atomic
def actual_cost_create(*, project, user=None, **fields) -> ActualCost:
    """Book an actual cost (utfall) by hand."""
    cost = ActualCost(project=project, created_by=user, **fields)
    cost.full_clean()
    cost.save()
    return cost


@transaction.atomic
def actual_cost_delete(*, cost: ActualCost) -> None:
    cost.delete()


def import_preview(*, project, file_name: str, rows: list[dict], user) -> ImportBatch:
    """Keep the checked rows of an upload until the person confirms (nothing is booked yet)."""
    batch = ImportBatch(project=project, file_name=file_name[:200], rows=rows, created_by=user)
    batch.full_clean()
    batch.save()
    return batch


class ImportRefused(Exception):
    pass


@transaction.atomic
def import_confirm(*, batch: ImportBatch, user) -> list[ActualCost]:
    """Book every row of a checked upload, or none: a bad row, or any failure, leaves nothing behind."""
    locked = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    if locked.status != ImportBatch.Status.PREVIEW:
        raise ImportRefused(_("This file has already been imported."))
    if locked.bad_rows or not locked.rows:
        raise ImportRefused(_("The file has rows that cannot be imported; correct them and upload it again."))
    organisations = {o.pk: o for o in Organisation.objects.filter(
        pk__in={row["values"]["organisation_id"] for row in locked.rows})}
    created = []
    for row in locked.rows:
        values = row["values"]
        organisation = organisations.get(values["organisation_id"])
        if organisation is None:
            raise ImportRefused(_("An organisation in the file no longer exists."))
        cost = ActualCost(project=locked.project, date=values["date"], category=values["category"],
                          organisation=organisation, description=values["description"],
                          amount=Decimal(values["amount"]), import_batch=locked, created_by=user)
        try:
            cost.full_clean()
        except ValidationError as error:
            # rows are checked at upload; one that fails now (the data changed meanwhile) stops the whole import
            raise ImportRefused(_("Row %(line)s can no longer be imported (%(reason)s); upload the file again.") % {
                "line": row["line"], "reason": "; ".join(error.messages)}) from error
        created.append(cost)
    bulk_create_with_history(created, ActualCost)
    locked.status = ImportBatch.Status.IMPORTED
    locked.save(update_fields=["status"])
    return created


# --- Finance support (ekonomistöd) on a project ----------------------------------------------------------------

FINANCE_SUPPORT_TARGET = "budgets.finance_support"  # an invitation's target (accounts.invitations.register_grant)


@transaction.atomic
def finance_support_add(*, project, user) -> FinanceSupport:
    """Make a person finance support on a project (who may then edit its budget and outcome)."""
    if FinanceSupport.objects.filter(project=project, user=user).exists():
        raise ValidationError({"user": _("%(name)s is already finance support in the project.") % {"name": user}})
    support = FinanceSupport(project=project, user=user)
    support.full_clean()
    support.save()
    return support


@transaction.atomic
def finance_support_grant(*, user, target_id: int, role: str) -> FinanceSupport:
    """An accepted invitation (target FINANCE_SUPPORT_TARGET, the project's id) lands here."""
    support, _created = FinanceSupport.objects.get_or_create(project_id=target_id, user=user)
    return support


@transaction.atomic
def finance_support_remove(*, support: FinanceSupport) -> None:
    FinanceSupport.objects.filter(pk=support.pk).delete()
