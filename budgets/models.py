from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.models import Organisation
from grportal.locking import Versioned
from projects.models import Project
from projects.roles import roles_for

from . import calculations as calc
from .calculations import Amount, balance

YEAR_VALIDATORS = [MinValueValidator(2000), MaxValueValidator(2100)]
MONEY = {"max_digits": 14, "decimal_places": 2, "validators": [MinValueValidator(0)]}
PERCENT = {"max_digits": 5, "decimal_places": 2, "validators": [MinValueValidator(0), MaxValueValidator(100)]}


def budget_access_filter(user) -> models.Q:
    """The budgets a non-staff user may read, as a filter (budgets.view_budget reads the same sets)."""
    roles = roles_for(user)
    return (models.Q(project_id__in=roles.for_filter("internal"))
            | models.Q(project_id__in=roles.for_filter("finance_support"))
            | (models.Q(project_id__in=roles.for_filter("funds")) & ~models.Q(kind=Budget.Kind.SCENARIO)))


class BudgetQuerySet(models.QuerySet):
    def visible_to(self, user):
        if not user.is_authenticated:
            return self.none()
        if user.is_staff:
            return self
        return self.filter(budget_access_filter(user))

    def for_page(self):
        """The version with its lines, costs in the funders' category order (personnel first)."""
        category_order = models.Case(
            *(models.When(category=value, then=models.Value(i)) for i, value in enumerate(CostLine.Category.values)),
            output_field=models.IntegerField(),
        )
        return self.select_related("project__owner").prefetch_related(
            models.Prefetch("cost_lines", CostLine.objects.select_related("organisation")
                            .order_by("year", category_order, "organisation__name", "pk")),
            models.Prefetch("financing_lines", FinancingLine.objects.select_related("organisation", "recipient")),
        )


class Budget(Versioned):
    """One version of a project's budget (applied, granted, revised or a scenario)."""

    class Kind(models.TextChoices):
        APPLIED = "applied", _("Applied")
        GRANTED = "granted", _("Granted")
        REVISED = "revised", _("Revised")
        SCENARIO = "scenario", _("Scenario")

    project = models.ForeignKey(Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="budgets")
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("version"), max_length=20, choices=Kind.choices, default=Kind.APPLIED)
    is_current = models.BooleanField(_("current version"), default=False)
    note = models.TextField(_("what this version changes"), blank=True)
    based_on = models.ForeignKey("self", verbose_name=_("copied from"), null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="copies")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    objects = BudgetQuerySet.as_manager()

    class Meta:
        ordering = ["project", "-is_current", "-created_at"]
        verbose_name = _("budget")
        verbose_name_plural = _("budgets")
        constraints = [
            models.UniqueConstraint(fields=["project"], condition=models.Q(is_current=True),
                                    name="budgets_budget_one_current_per_project"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("budgets:detail", args=[self.pk])

    def balance(self):
        """Uses the prefetched lines when there are some (Budget.objects.for_page()).

        Each financing line pays the costs of its recipient: by default a funder's grant pays the
        project owner, who receives it, and co-financing pays the costs of the organisation that gives
        it. So the gaps say whose costs are not covered.
        """
        owner = self.project.owner.name
        return balance(
            (Amount(line.year, line.organisation.name, line.amount) for line in self.cost_lines.all()),
            (Amount(line.year, line.paid_to_name(owner), line.amount) for line in self.financing_lines.all()),
        )


class CostLine(Versioned):
    class Category(models.TextChoices):
        PERSONNEL = "personnel", _("Personnel")
        EXTERNAL_SERVICES = "external_services", _("External services")
        PREMISES = "premises", _("Premises")
        EQUIPMENT = "equipment", _("Equipment")
        TRAVEL = "travel", _("Travel")
        MEETINGS = "meetings", _("Meetings and catering")
        OTHER_DIRECT = "other_direct", _("Other direct costs")
        INDIRECT = "indirect", _("Indirect costs (overhead)")

    class FlatRateBase(models.TextChoices):
        PERSONNEL = "personnel", _("personnel costs")
        DIRECT = "direct", _("direct costs")

    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="cost_lines")
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    category = models.CharField(_("category"), max_length=30, choices=Category.choices)
    organisation = models.ForeignKey(Organisation, verbose_name=_("bears the cost"), on_delete=models.PROTECT)
    description = models.CharField(_("description"), max_length=200, blank=True)
    amount = models.DecimalField(_("amount (SEK)"), **MONEY)
    # Personnel planned as people do: people × share of full time × monthly salary × months × (1 + on-cost).
    people = models.PositiveSmallIntegerField(_("number of people"), null=True, blank=True)
    share_percent = models.DecimalField(_("share of full time (%)"), null=True, blank=True, **PERCENT)
    monthly_salary = models.DecimalField(_("monthly salary (SEK)"), null=True, blank=True, **MONEY)
    months = models.DecimalField(_("months"), max_digits=5, decimal_places=2, null=True, blank=True,
                                 validators=[MinValueValidator(0), MaxValueValidator(12)])
    on_cost_percent = models.DecimalField(_("on-cost rate (%)"), null=True, blank=True, **PERCENT)
    annual_hours = models.PositiveSmallIntegerField(_("annual hours"), default=calc.DEFAULT_ANNUAL_HOURS)
    # Indirect costs as a flat rate on a base of the same organisation and year, e.g. 15 % of personnel.
    flat_rate_percent = models.DecimalField(_("flat rate (%)"), null=True, blank=True, **PERCENT)
    flat_rate_base = models.CharField(_("flat rate on"), max_length=20, choices=FlatRateBase.choices, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["year", "category", "organisation__name", "pk"]
        verbose_name = _("cost line")
        verbose_name_plural = _("cost lines")

    def __str__(self):
        return f"{self.year} {self.get_category_display()}: {self.description}"

    @property
    def is_planned_personnel(self) -> bool:
        return self.monthly_salary is not None

    @property
    def is_flat_rate(self) -> bool:
        return self.flat_rate_percent is not None

    def hourly_cost(self):
        if not self.is_planned_personnel:
            return None
        return calc.hourly_cost(monthly_salary=self.monthly_salary, on_cost_percent=self.on_cost_percent,
                                annual_hours=self.annual_hours)

    def hours(self):
        if not self.is_planned_personnel:
            return None
        return calc.planned_hours(people=self.people, share_percent=self.share_percent, months=self.months,
                                  annual_hours=self.annual_hours)


class FinancingLine(Versioned):
    class Kind(models.TextChoices):
        GRANT = "grant", _("Funder grant")
        IN_KIND = "in_kind", _("Co-financing in kind")
        CASH = "cash", _("Co-financing in cash")

    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="financing_lines")
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    organisation = models.ForeignKey(Organisation, verbose_name=_("financier"), on_delete=models.PROTECT)
    recipient = models.ForeignKey(
        Organisation, verbose_name=_("pays the costs of"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Leave empty: a grant pays the project owner's costs, co-financing the financier's own."),
    )
    description = models.CharField(_("description"), max_length=200, blank=True)
    amount = models.DecimalField(_("amount (SEK)"), **MONEY)
    # In kind: working time valued at its cost (people × share of time × salary × months × (1 + on-cost)).
    people = models.PositiveSmallIntegerField(_("number of people"), null=True, blank=True)
    share_percent = models.DecimalField(_("share of full time (%)"), null=True, blank=True, **PERCENT)
    monthly_salary = models.DecimalField(_("monthly salary (SEK)"), null=True, blank=True, **MONEY)
    months = models.DecimalField(_("months"), max_digits=5, decimal_places=2, null=True, blank=True,
                                 validators=[MinValueValidator(0), MaxValueValidator(12)])
    on_cost_percent = models.DecimalField(_("on-cost rate (%)"), null=True, blank=True, **PERCENT)
    annual_hours = models.PositiveSmallIntegerField(_("annual hours"), default=calc.DEFAULT_ANNUAL_HOURS)
    history = HistoricalRecords()

    class Meta:
        ordering = ["year", "kind", "organisation__name", "pk"]
        verbose_name = _("financing line")
        verbose_name_plural = _("financing lines")

    def __str__(self):
        return f"{self.year} {self.get_kind_display()}: {self.organisation}"

    def paid_to_name(self, owner_name: str) -> str:
        if self.recipient_id:
            return self.recipient.name
        return owner_name if self.kind == self.Kind.GRANT else self.organisation.name

    @property
    def is_planned_time(self) -> bool:
        return self.monthly_salary is not None

    def hourly_cost(self):
        if not self.is_planned_time:
            return None
        return calc.hourly_cost(monthly_salary=self.monthly_salary, on_cost_percent=self.on_cost_percent,
                                annual_hours=self.annual_hours)

    def hours(self):
        if not self.is_planned_time:
            return None
        return calc.planned_hours(people=self.people, share_percent=self.share_percent, months=self.months,
                                  annual_hours=self.annual_hours)


class OnCostRate(models.Model):
    """An organisation's on-cost rate (personalomkostnader, PO-pålägg) and annual hours for a year."""

    organisation = models.ForeignKey(Organisation, verbose_name=_("organisation"), on_delete=models.CASCADE,
                                     related_name="on_cost_rates")
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    percent = models.DecimalField(_("on-cost rate (%)"), **PERCENT)
    annual_hours = models.PositiveSmallIntegerField(_("annual hours"), default=calc.DEFAULT_ANNUAL_HOURS,
                                                    validators=[MinValueValidator(1), MaxValueValidator(8784)])

    class Meta:
        ordering = ["organisation__name", "year"]
        verbose_name = _("on-cost rate")
        verbose_name_plural = _("on-cost rates")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "year"], name="budgets_oncostrate_unique"),
        ]

    def __str__(self):
        return f"{self.organisation} {self.year}: {self.percent} %"


class FunderRule(models.Model):
    """A funder's rules as data: for the funder in general, one call, or one grant decision (a project)."""

    class Scope(models.TextChoices):
        FUNDER = "funder", _("Funder in general")
        CALL = "call", _("Call")
        DECISION = "decision", _("Grant decision")

    funder = models.ForeignKey(Organisation, verbose_name=_("funder"), on_delete=models.CASCADE,
                               related_name="funder_rules")
    scope = models.CharField(_("applies to"), max_length=20, choices=Scope.choices, default=Scope.FUNDER)
    name = models.CharField(_("name"), max_length=200, help_text=_("For example the call's or decision's name."))
    project = models.ForeignKey(Project, verbose_name=_("project"), null=True, blank=True, on_delete=models.CASCADE,
                                related_name="funder_rules",
                                help_text=_("For a call or a decision: the project it applies to."))
    max_share_of_total_percent = models.DecimalField(_("funder's share of total cost at most (%)"),
                                                     null=True, blank=True, **PERCENT)
    required_co_financing_percent = models.DecimalField(_("co-financing at least (% of total cost)"),
                                                        null=True, blank=True, **PERCENT)
    indirect_cap_percent_of_personnel = models.DecimalField(_("indirect costs at most (% of personnel costs)"),
                                                            null=True, blank=True, **PERCENT)
    indirect_flat_rate_percent = models.DecimalField(_("indirect costs as a flat rate (%)"),
                                                     null=True, blank=True, **PERCENT)
    indirect_flat_rate_base = models.CharField(_("flat rate on"), max_length=20,
                                               choices=CostLine.FlatRateBase.choices,
                                               default=CostLine.FlatRateBase.PERSONNEL)
    personnel_hourly_cap = models.DecimalField(_("personnel at most on average (SEK per hour)"),
                                               null=True, blank=True, **MONEY)
    max_amount = models.DecimalField(_("maximum amount (SEK)"), null=True, blank=True, **MONEY)
    max_support_percent = models.DecimalField(_("maximum support level (%)"), null=True, blank=True, **PERCENT)
    history = HistoricalRecords()

    class Meta:
        ordering = ["funder__name", "scope", "name"]
        verbose_name = _("funder rule")
        verbose_name_plural = _("funder rules")

    def __str__(self):
        return f"{self.funder}: {self.name}"

    def as_rule(self) -> calc.Rule:
        return calc.Rule(
            max_share_of_total_percent=self.max_share_of_total_percent,
            required_co_financing_percent=self.required_co_financing_percent,
            indirect_cap_percent_of_personnel=self.indirect_cap_percent_of_personnel,
            indirect_flat_rate_percent=self.indirect_flat_rate_percent,
            indirect_flat_rate_base=self.indirect_flat_rate_base,
            personnel_hourly_cap=self.personnel_hourly_cap,
            max_amount=self.max_amount,
            max_support_percent=self.max_support_percent,
        )


class FinanceSupport(models.Model):
    """GR's finance support (ekonomistöd) on a project: may edit its budget and outcome like a coordinator."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="finance_support")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.CASCADE,
                             related_name="finance_support")

    class Meta:
        verbose_name = _("finance support")
        verbose_name_plural = _("finance support")
        constraints = [
            models.UniqueConstraint(fields=["project", "user"], name="budgets_financesupport_unique"),
        ]

    def __str__(self):
        return f"{self.user} ({self.project})"


# --- Outcome ---------------------------------------------------------------------------------------


class ImportBatch(models.Model):
    """An uploaded ledger export, checked row by row; nothing becomes an actual cost until confirmed."""

    class Status(models.TextChoices):
        PREVIEW = "preview", _("Awaiting confirmation")
        IMPORTED = "imported", _("Imported")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="budget_imports")
    file_name = models.CharField(_("file"), max_length=200)
    rows = models.JSONField(default=list)  # [{"line": 2, "values": {...}, "error": ""}]
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PREVIEW)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("ledger import")
        verbose_name_plural = _("ledger imports")

    def __str__(self):
        uploaded = f" {timezone.localdate(self.created_at)}" if self.created_at else ""
        return f"{self.file_name}{uploaded} ({self.get_status_display()})"

    @property
    def bad_rows(self):
        return [row for row in self.rows if row.get("error")]


class ActualCost(models.Model):
    """A cost actually booked (utfall), per date, category and organisation."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="actual_costs")
    date = models.DateField(_("booking date"))
    category = models.CharField(_("category"), max_length=30, choices=CostLine.Category.choices)
    organisation = models.ForeignKey(Organisation, verbose_name=_("bears the cost"), on_delete=models.PROTECT)
    description = models.CharField(_("description"), max_length=200, blank=True)
    amount = models.DecimalField(_("amount (SEK)"), max_digits=14, decimal_places=2)
    import_batch = models.ForeignKey(ImportBatch, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="actual_costs")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    history = HistoricalRecords()

    class Meta:
        ordering = ["-date", "pk"]
        verbose_name = _("actual cost")
        verbose_name_plural = _("actual costs")

    def __str__(self):
        return f"{self.date} {self.get_category_display()}: {self.amount}"


ZERO = Decimal("0.00")
