from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.dispatch import receiver
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords
from simple_history.signals import pre_create_historical_record

from accounts.models import Organisation
from grportal.locking import Versioned

from .indicator_sources import get_source
from .querysets import FundingApplicationQuerySet, ProjectQuerySet, WorkPackageQuerySet
from .roles import MembershipRole


class LinksSnapshot(models.Model):
    """A base of the historical records of goals and work packages: their links (to work packages, goals and
    target groups) as they were after the change, as [[pk, name], ...] per link field. simple-history keeps only
    the row's own fields; with this the history shows link changes in full and a restore puts the links back.
    Null on rows written before links were recorded (or by code that does not record them)."""

    links = models.JSONField(_("links"), null=True, blank=True, editable=False)

    class Meta:
        abstract = True


class Project(Versioned):
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
    focus_area = models.CharField(_("focus area"), max_length=100, blank=True,
                                  help_text=_("For example: housing, early years, school years."))
    tags = models.CharField(_("tags"), max_length=300, blank=True, help_text=_("Separate tags with commas."))
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

    @property
    def tag_list(self):
        return [t.strip() for t in self.tags.split(",") if t.strip()]


class ProjectMembership(models.Model):
    Role = MembershipRole  # defined in projects.roles, which reads these rows and imports no model

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


class WorkPackage(Versioned):
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
    local_leader = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("local project leader"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="led_work_packages",
    )
    local_leader_name = models.CharField(
        _("local project leader (name)"), max_length=200, blank=True,
        help_text=_("When the leader has no account in the portal."),
    )
    target_groups = models.ManyToManyField("TargetGroup", verbose_name=_("target groups"), blank=True,
                                           related_name="work_packages")
    start_date = models.DateField(_("start"), null=True, blank=True)
    end_date = models.DateField(_("end"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PLANNED)
    history = HistoricalRecords(bases=[LinksSnapshot])
    HISTORY_LINKS = ("goals", "target_groups")  # kept in each historical row (LinksSnapshot)

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

    def clean(self):
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The work package cannot end before it starts.")})


class TargetGroup(Versioned):
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


class Indicator(Versioned):
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
    goal = models.ForeignKey(
        "Goal", verbose_name=_("goal"), null=True, blank=True, on_delete=models.CASCADE, related_name="indicators",
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
        errors = {}
        if self.work_package_id and self.project_id and self.work_package.project_id != self.project_id:
            errors["work_package"] = _("Choose a work package of the same project.")
        if self.goal_id and self.project_id and self.goal.project_id != self.project_id:
            errors["goal"] = _("Choose a goal of the same project.")
        if self.source:
            if get_source(self.source) is None:
                errors["source"] = _("There is no computed source with that name.")
        # Progress is measured from the baseline towards the target, so the target must lie that way.
        if self.target is not None and self.baseline is not None:
            if self.target == self.baseline:
                errors["target"] = _("The target must differ from the baseline.")
            elif self.direction == self.Direction.UP and self.target < self.baseline:
                errors["target"] = _("Higher is better, so the target must be above the baseline. Or choose "
                                     "“lower is better”.")
            elif self.direction == self.Direction.DOWN and self.target > self.baseline:
                errors["target"] = _("Lower is better, so the target must be below the baseline. Or choose "
                                     "“higher is better”.")
        if errors:
            raise ValidationError(errors)


class IndicatorValue(Versioned):
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

    def __str__(self):
        return f"{self.indicator}: {self.value} ({self.period_start:%Y-%m-%d} – {self.period_end:%Y-%m-%d})"


class Goal(Versioned):
    """A goal in the plan's hierarchy: overall goal → project goal → sub-goal (tied to work packages)."""

    class Level(models.TextChoices):
        OVERALL = "overall", _("Overall goal")
        PROJECT = "project", _("Project goal")
        SUB = "sub", _("Sub-goal")

    PARENT_LEVEL = {Level.PROJECT: Level.OVERALL, Level.SUB: Level.PROJECT}

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="goals")
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("part of"), null=True, blank=True, on_delete=models.SET_NULL, related_name="children",
    )
    title = models.CharField(_("goal"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    why_individuals = models.TextField(_("why it matters for individuals"), blank=True)
    why_society = models.TextField(_("why it matters for society"), blank=True)
    target_groups = models.ManyToManyField(TargetGroup, verbose_name=_("target groups"), blank=True,
                                           related_name="goals")
    work_packages = models.ManyToManyField(WorkPackage, verbose_name=_("work packages"), blank=True,
                                           related_name="goals")
    position = models.PositiveIntegerField(_("order"), default=0)
    history = HistoricalRecords(bases=[LinksSnapshot])
    HISTORY_LINKS = ("work_packages", "target_groups")  # kept in each historical row (LinksSnapshot)

    class Meta:
        ordering = ["project", "position", "pk"]
        verbose_name = _("goal")
        verbose_name_plural = _("goals")

    def __str__(self):
        return self.title

    def clean(self):
        if self.parent_id:
            if self.project_id and self.parent.project_id != self.project_id:
                raise ValidationError({"parent": _("Choose a goal of the same project.")})
            if self.PARENT_LEVEL.get(self.level) != self.parent.level:
                raise ValidationError({"parent": _("A project goal belongs to an overall goal and a sub-goal to "
                                                   "a project goal.")})


class KeyPerson(Versioned):
    """A person the project depends on: role, competence and why they matter."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="key_persons")
    name = models.CharField(_("name"), max_length=200)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("account"), null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="+")
    organisation = models.ForeignKey(Organisation, verbose_name=_("organisation"), null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    role = models.CharField(_("role"), max_length=200)
    competence = models.TextField(_("competence"), blank=True)
    why_important = models.TextField(_("why they matter"), blank=True)
    # The plan asks per work package: "Vilka är nyckelpersonerna och vad är deras roll?"
    work_package = models.ForeignKey(
        WorkPackage, verbose_name=_("work package"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="key_persons", help_text=_("Leave empty for a key person of the whole project."),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["project", "name"]
        verbose_name = _("key person")
        verbose_name_plural = _("key persons")

    def __str__(self):
        return self.name

    def clean(self):
        if self.work_package_id and self.project_id and self.work_package.project_id != self.project_id:
            raise ValidationError({"work_package": _("Choose a work package of the same project.")})


class Milestone(Versioned):
    """A milestone or a deliverable of a work package."""

    class Kind(models.TextChoices):
        MILESTONE = "milestone", _("Milestone")
        DELIVERABLE = "deliverable", _("Deliverable")

    work_package = models.ForeignKey(WorkPackage, on_delete=models.CASCADE, related_name="milestones")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.MILESTONE)
    title = models.CharField(_("title"), max_length=200)
    due_date = models.DateField(_("date"))
    done = models.BooleanField(_("done"), default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["work_package", "due_date", "pk"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")

    def __str__(self):
        return self.title


class ProjectPartner(Versioned):
    """An organisation taking part in the project, with its role (knowledge support, co-financier …)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="partners")
    organisation = models.ForeignKey(Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT,
                                     related_name="partnerships")
    role = models.CharField(_("role"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["project", "organisation__name"]
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        constraints = [
            models.UniqueConstraint(fields=["project", "organisation"], name="projects_partner_unique"),
        ]

    def __str__(self):
        return f"{self.organisation} ({self.role})" if self.role else str(self.organisation)


class OrganisationMember(Versioned):
    """A seat in the project's organisation: steering group, reference group, coordination or partners."""

    class Group(models.TextChoices):
        STEERING = "steering", _("Steering group")
        REFERENCE = "reference", _("Reference group")
        COORDINATION = "coordination", _("Project coordination")
        PARTNER = "partner", _("Partners")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="organisation_members")
    group = models.CharField(_("group"), max_length=12, choices=Group.choices)
    name = models.CharField(_("name"), max_length=200)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("account"), null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="+")
    organisation = models.ForeignKey(Organisation, verbose_name=_("organisation"), null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    role = models.CharField(_("role"), max_length=200, blank=True)
    share_of_time = models.DecimalField(
        _("share of time (%)"), max_digits=5, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["project", "group", "name"]
        verbose_name = _("organisation member")
        verbose_name_plural = _("organisation members")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(share_of_time__isnull=True)
                | models.Q(share_of_time__gte=0, share_of_time__lte=100),
                name="projects_orgmember_share_0_100",
            ),
        ]

    def __str__(self):
        return self.name


class OrganisationMemberShare(Versioned):
    """The share of time of a seat in the project's organisation for a period: a share can change over the project
    ("50 % 2025-01-01–2025-06-30, 30 % från 2025-07-01"). No end: until the project ends. Periods of one seat do not
    overlap and lie within the project's period."""

    member = models.ForeignKey(OrganisationMember, verbose_name=_("person in the organisation"),
                               on_delete=models.CASCADE, related_name="shares")
    share_percent = models.DecimalField(
        _("share of time (%)"), max_digits=5, decimal_places=2,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )
    valid_from = models.DateField(_("share valid from"))
    valid_to = models.DateField(_("share valid to"), null=True, blank=True,
                                help_text=_("Leave empty: until the project ends."))
    note = models.CharField(_("note"), max_length=200, blank=True,
                            help_text=_("For example: half funded by the grant, half own co-financing."))
    history = HistoricalRecords()

    class Meta:
        ordering = ["member", "valid_from", "pk"]
        verbose_name = _("share of time for a period")
        verbose_name_plural = _("shares of time")
        constraints = [
            models.CheckConstraint(condition=models.Q(share_percent__gte=0, share_percent__lte=100),
                                   name="projects_membershare_0_100"),
            models.CheckConstraint(condition=models.Q(valid_to__isnull=True)
                                   | models.Q(valid_to__gte=models.F("valid_from")),
                                   name="projects_membershare_period_ordered"),
        ]

    def __str__(self):
        if self.valid_to:
            return f"{self.share_percent:g} % {self.valid_from:%Y-%m-%d}–{self.valid_to:%Y-%m-%d}"
        return _("%(share)s %% from %(start)s") % {"share": f"{self.share_percent:g}",
                                                   "start": f"{self.valid_from:%Y-%m-%d}"}

    def clean(self):
        errors = {}
        start, end = self.valid_from, self.valid_to
        if start and end and end < start:
            errors["valid_to"] = _("The period cannot end before it starts.")
        project = self.member.project if self.member_id else None
        if project is not None and start:
            if start < project.start_date or start > project.end_date:
                errors["valid_from"] = _("Choose a date within the project's period, %(start)s–%(end)s.") % {
                    "start": f"{project.start_date:%Y-%m-%d}", "end": f"{project.end_date:%Y-%m-%d}"}
            if end and end > project.end_date and "valid_to" not in errors:
                errors["valid_to"] = _("Choose a date within the project's period, %(start)s–%(end)s.") % {
                    "start": f"{project.start_date:%Y-%m-%d}", "end": f"{project.end_date:%Y-%m-%d}"}
        if self.member_id and start and not errors:
            others = OrganisationMemberShare.objects.filter(member_id=self.member_id).exclude(pk=self.pk)
            overlapping = others.filter(models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=start))
            if end:
                overlapping = overlapping.filter(valid_from__lte=end)
            clash = overlapping.order_by("valid_from").first()
            if clash is not None:
                errors["valid_from"] = _("The period overlaps another period of this person's share of time "
                                         "(%(other)s). Change the dates so the periods follow each other.") % {
                    "other": clash}
        if errors:
            raise ValidationError(errors)


class FundingApplication(Versioned):
    """An application to a funder for this project: call, amounts, deadline and decision."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        SUBMITTED = "submitted", _("Submitted")
        GRANTED = "granted", _("Granted")
        PARTLY = "partly", _("Partly granted")
        REJECTED = "rejected", _("Rejected")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    # "Beviljad": the statuses whose amount_granted counts as granted money (FundingApplication.objects.granted()).
    GRANTED_STATUSES = (Status.GRANTED, Status.PARTLY)
    # Awaiting the funder's decision (FundingApplication.objects.pending()).
    PENDING_STATUSES = (Status.PLANNED, Status.SUBMITTED)

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="applications")
    funder = models.ForeignKey(Organisation, verbose_name=_("funder"), on_delete=models.PROTECT,
                               related_name="applications_received")
    call = models.CharField(_("call"), max_length=300, blank=True)
    amount_applied = models.DecimalField(_("amount applied (SEK)"), max_digits=14, decimal_places=2,
                                         validators=[MinValueValidator(Decimal("0"))])
    amount_granted = models.DecimalField(_("amount granted (SEK)"), max_digits=14, decimal_places=2,
                                         null=True, blank=True, validators=[MinValueValidator(Decimal("0"))])
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.PLANNED)
    history = HistoricalRecords()

    objects = FundingApplicationQuerySet.as_manager()

    class Meta:
        ordering = ["project", "deadline", "pk"]
        verbose_name = _("funding application")
        verbose_name_plural = _("funding applications")

    def __str__(self):
        return f"{self.funder}: {self.call}" if self.call else str(self.funder)

    @property
    def is_granted(self) -> bool:
        return self.status in self.GRANTED_STATUSES

    @property
    def granted_amount(self) -> Decimal | None:
        """The amount granted ("Beviljad"), or None while the application is not granted."""
        return self.amount_granted if self.is_granted else None

    def clean(self):
        errors = {}
        if self.is_granted and self.amount_granted is None:
            errors["amount_granted"] = _("Enter the amount granted.")
        if self.deadline and self.decision_date and self.decision_date < self.deadline:
            errors["decision_date"] = _("The decision cannot come before the deadline.")
        if errors:
            raise ValidationError(errors)


def _links_of(instance) -> dict:
    return {name: [[o.pk, str(o)] for o in getattr(instance, name).all()] for name in instance.HISTORY_LINKS}


@receiver(pre_create_historical_record)
def _snapshot_links(sender, instance, history_instance, **kwargs):
    """Every historical row of a goal or work package holds its links as they are when the row is written.

    A save through the services sets the links after the row's own fields and then records them again
    (services.plan_item_record_links), so the row shows the links as they were after that change."""
    if not hasattr(type(instance), "HISTORY_LINKS") or instance.pk is None:
        return
    if getattr(history_instance, "history_type", None) == "-":
        return  # deleted: its links are already gone
    history_instance.links = _links_of(instance)


class ReminderOptOut(models.Model):
    """A person who asked not to be reminded of their projects' application deadlines and milestones (issue 15)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="projects_reminder_opt_out")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("reminder opt-out")
        verbose_name_plural = _("reminder opt-outs")

    def __str__(self):
        return str(self.user)


class SentReminder(models.Model):
    """A reminder of an application deadline or a milestone went out for this date: one per item and date, so the
    daily run reminds once, and a date moved since reminds again."""

    application = models.ForeignKey(FundingApplication, null=True, blank=True, on_delete=models.CASCADE,
                                    related_name="sent_reminders")
    milestone = models.ForeignKey(Milestone, null=True, blank=True, on_delete=models.CASCADE,
                                  related_name="sent_reminders")
    due_date = models.DateField(_("date"))
    recipients = models.PositiveIntegerField(default=0)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = _("sent reminder")
        verbose_name_plural = _("sent reminders")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(application__isnull=False, milestone__isnull=True)
                | models.Q(application__isnull=True, milestone__isnull=False),
                name="projects_sentreminder_one_item"),
            models.UniqueConstraint(fields=["application", "due_date"], name="projects_sentreminder_application_once"),
            models.UniqueConstraint(fields=["milestone", "due_date"], name="projects_sentreminder_milestone_once"),
        ]

    def __str__(self):
        return f"{self.application or self.milestone} ({self.due_date})"
