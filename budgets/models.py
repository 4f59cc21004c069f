from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.models import Organisation
from projects.models import Project

from .calculations import Amount, balance


class BudgetQuerySet(models.QuerySet):
    def visible_to(self, user):
        from projects.models import ProjectMembership

        if not user.is_authenticated:
            return self.none()
        if user.is_staff:
            return self
        internal = ProjectMembership.objects.filter(
            user=user, role__in=[ProjectMembership.Role.COORDINATOR, ProjectMembership.Role.STEERING]
        ).values("project_id")
        return self.filter(project_id__in=internal)

    def for_page(self):
        return self.select_related("project__owner").prefetch_related(
            models.Prefetch("cost_lines", CostLine.objects.select_related("organisation")),
            models.Prefetch("financing_lines", FinancingLine.objects.select_related("organisation")),
        )


class Budget(models.Model):
    class Kind(models.TextChoices):
        APPLIED = "applied", _("Applied")
        GRANTED = "granted", _("Granted")
        REVISED = "revised", _("Revised")
        SCENARIO = "scenario", _("Scenario")

    project = models.ForeignKey(Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="budgets")
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("version"), max_length=20, choices=Kind.choices, default=Kind.APPLIED)
    is_current = models.BooleanField(_("current version"), default=False)
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

    def balance(self):
        """Uses the prefetched lines when there are some (Budget.objects.for_page()).

        A funder's grant pays the costs of the project owner, who receives it; co-financing pays the
        costs of the organisation that gives it. So the gaps say whose costs are not covered.
        """
        owner = self.project.owner.name
        return balance(
            (Amount(line.year, line.organisation.name, line.amount) for line in self.cost_lines.all()),
            (Amount(line.year, owner if line.kind == FinancingLine.Kind.GRANT else line.organisation.name,
                    line.amount) for line in self.financing_lines.all()),
        )


YEAR_VALIDATORS = [MinValueValidator(2000), MaxValueValidator(2100)]
MONEY = {"max_digits": 14, "decimal_places": 2, "validators": [MinValueValidator(0)]}


class CostLine(models.Model):
    class Category(models.TextChoices):
        PERSONNEL = "personnel", _("Personnel")
        EXTERNAL_SERVICES = "external_services", _("External services")
        PREMISES = "premises", _("Premises")
        EQUIPMENT = "equipment", _("Equipment")
        TRAVEL = "travel", _("Travel")
        MEETINGS = "meetings", _("Meetings and catering")
        OTHER_DIRECT = "other_direct", _("Other direct costs")
        INDIRECT = "indirect", _("Indirect costs (overhead)")

    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="cost_lines")
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    category = models.CharField(_("category"), max_length=30, choices=Category.choices)
    organisation = models.ForeignKey(Organisation, verbose_name=_("bears the cost"), on_delete=models.PROTECT)
    description = models.CharField(_("description"), max_length=200, blank=True)
    amount = models.DecimalField(_("amount (SEK)"), **MONEY)
    history = HistoricalRecords()

    class Meta:
        ordering = ["year", "category", "pk"]
        verbose_name = _("cost line")
        verbose_name_plural = _("cost lines")


class FinancingLine(models.Model):
    class Kind(models.TextChoices):
        GRANT = "grant", _("Funder grant")
        IN_KIND = "in_kind", _("Co-financing in kind")
        CASH = "cash", _("Co-financing in cash")

    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="financing_lines")
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    organisation = models.ForeignKey(Organisation, verbose_name=_("financier"), on_delete=models.PROTECT)
    amount = models.DecimalField(_("amount (SEK)"), **MONEY)
    history = HistoricalRecords()

    class Meta:
        ordering = ["year", "kind", "pk"]
        verbose_name = _("financing line")
        verbose_name_plural = _("financing lines")
