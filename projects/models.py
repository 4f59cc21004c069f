from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.models import Organisation

from .querysets import ProjectQuerySet, WorkPackageQuerySet


class Project(models.Model):
    class Status(models.TextChoices):
        IDEA = "idea", _("Idea")
        APPLIED = "applied", _("Application submitted")
        GRANTED = "granted", _("Granted")
        REJECTED = "rejected", _("Rejected")
        RUNNING = "running", _("Running")
        CLOSED = "closed", _("Closed")

    title = models.CharField(_("title"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=40, blank=True)
    description = models.TextField(_("description"), blank=True)
    owner = models.ForeignKey(
        Organisation, verbose_name=_("owner organisation"), on_delete=models.PROTECT, related_name="owned_projects"
    )
    municipalities = models.ManyToManyField(
        Organisation, verbose_name=_("participating municipalities"), blank=True,
        related_name="projects", limit_choices_to={"kind": Organisation.Kind.MUNICIPALITY},
    )
    funder = models.ForeignKey(
        Organisation, verbose_name=_("main funder"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="funded_projects", limit_choices_to={"kind": Organisation.Kind.FUNDER},
    )
    start_date = models.DateField(_("start"))
    end_date = models.DateField(_("end"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.IDEA)
    history = HistoricalRecords()

    objects = ProjectQuerySet.as_manager()

    class Meta:
        ordering = ["-start_date", "title"]
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        constraints = [
            models.CheckConstraint(condition=models.Q(end_date__gte=models.F("start_date")),
                                   name="projects_project_period_ordered"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("projects:detail", args=[self.pk])

    def clean(self):
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The project cannot end before it starts.")})


class ProjectMembership(models.Model):
    class Role(models.TextChoices):
        COORDINATOR = "coordinator", _("Project coordinator")
        STEERING = "steering", _("Steering-group member")
        REFERENCE = "reference", _("Reference-group member")
        FUNDER_CONTACT = "funder_contact", _("Funder contact")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="project_memberships")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)

    class Meta:
        verbose_name = _("project role")
        verbose_name_plural = _("project roles")
        constraints = [
            models.UniqueConstraint(fields=["project", "user", "role"], name="projects_membership_unique"),
        ]

    def __str__(self):
        return f"{self.user} – {self.get_role_display()} – {self.project}"


class WorkPackage(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        ONGOING = "ongoing", _("Ongoing")
        DONE = "done", _("Done")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="work_packages")
    code = models.CharField(_("code"), max_length=10, help_text=_("For example AP1."))
    title = models.CharField(_("title"), max_length=200)
    objective = models.TextField(_("objective"), blank=True)
    responsible = models.ForeignKey(
        Organisation, verbose_name=_("responsible organisation"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    start_date = models.DateField(_("start"), null=True, blank=True)
    end_date = models.DateField(_("end"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PLANNED)
    history = HistoricalRecords()

    objects = WorkPackageQuerySet.as_manager()

    class Meta:
        ordering = ["project", "code"]
        verbose_name = _("work package")
        verbose_name_plural = _("work packages")
        constraints = [
            models.UniqueConstraint(fields=["project", "code"], name="projects_workpackage_code_unique"),
        ]

    def __str__(self):
        return f"{self.code} {self.title}"


class TargetGroup(models.Model):
    """A target group (målgrupp) defined once per project and reused by goals, work packages, labs and activities."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="target_groups")
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["project", "name"]
        verbose_name = _("target group")
        verbose_name_plural = _("target groups")
        constraints = [
            models.UniqueConstraint(fields=["project", "name"], name="projects_targetgroup_name_unique"),
        ]

    def __str__(self):
        return self.name


class Indicator(models.Model):
    """A measure of progress on a project (or one of its work packages), with baseline and target.

    Values are either recorded by hand per reporting period (IndicatorValue) or, when `source` names
    a computed source, computed from other apps' data (projects/indicator_sources.py).
    """

    class Direction(models.TextChoices):
        UP = "up", _("Higher is better")
        DOWN = "down", _("Lower is better")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="indicators")
    work_package = models.ForeignKey(
        WorkPackage, verbose_name=_("work package"), null=True, blank=True, on_delete=models.CASCADE,
        related_name="indicators",
    )
    name = models.CharField(_("name"), max_length=200)
    unit = models.CharField(_("unit"), max_length=50, blank=True, help_text=_("For example: workshops, %, people."))
    baseline = models.DecimalField(_("baseline"), max_digits=14, decimal_places=2, default=0)
    target = models.DecimalField(_("target"), max_digits=14, decimal_places=2)
    direction = models.CharField(_("direction"), max_length=4, choices=Direction.choices, default=Direction.UP)
    # Empty: values are typed in. Otherwise the key of a registered computed source, e.g. "labs.workshops".
    source = models.CharField(_("computed from"), max_length=60, blank=True)
    source_params = models.JSONField(_("source settings"), default=dict, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["project", "work_package", "name"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    def __str__(self):
        return self.name

    def clean(self):
        if self.work_package_id and self.project_id and self.work_package.project_id != self.project_id:
            raise ValidationError({"work_package": _("Choose a work package of the same project.")})
        if self.source:
            from .indicator_sources import get_source

            if get_source(self.source) is None:
                raise ValidationError({"source": _("There is no computed source with that name.")})


class IndicatorValue(models.Model):
    """A value recorded for one reporting period, with the coordinator's comment."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="values")
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2)
    comment = models.TextField(_("comment"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["indicator", "period_start"]
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        constraints = [
            models.UniqueConstraint(fields=["indicator", "period_start", "period_end"],
                                    name="projects_indicatorvalue_period_unique"),
            models.CheckConstraint(condition=models.Q(period_end__gte=models.F("period_start")),
                                   name="projects_indicatorvalue_period_ordered"),
        ]
