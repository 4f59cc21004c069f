from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.models import Organisation
from projects.models import Project, WorkPackage

from .querysets import ActivityQuerySet, LabQuerySet


class Method(models.Model):
    """A method from the catalogue that coordinators maintain (SKA, markanvisning …)."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("method")
        verbose_name_plural = _("methods")

    def __str__(self):
        return self.name


class Lab(models.Model):
    class Kind(models.TextChoices):
        LOCAL = "local", _("Local")
        REGIONAL = "regional", _("Regional")

    class Phase(models.TextChoices):
        UNDERSTAND = "understand", _("Understand the problem")
        IDEAS = "ideas", _("Ideas")
        TEST = "test", _("Test")
        IMPLEMENT = "implement", _("Implement")
        SPREAD = "spread", _("Spread")

    project = models.ForeignKey(Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="labs")
    work_package = models.ForeignKey(
        WorkPackage, verbose_name=_("work package"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="labs",
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.LOCAL)
    municipality = models.ForeignKey(
        Organisation, verbose_name=_("municipality"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="labs", limit_choices_to={"kind": Organisation.Kind.MUNICIPALITY},
    )
    place = models.CharField(_("place"), max_length=200, blank=True)
    method = models.ForeignKey(Method, verbose_name=_("method"), null=True, blank=True, on_delete=models.PROTECT)
    phase = models.CharField(_("phase"), max_length=20, choices=Phase.choices, default=Phase.UNDERSTAND)
    leads = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name=_("lab leads"), blank=True,
                                   related_name="labs_led")
    history = HistoricalRecords()

    objects = LabQuerySet.as_manager()

    class Meta:
        ordering = ["project", "name"]
        verbose_name = _("lab")
        verbose_name_plural = _("labs")

    def __str__(self):
        return self.name

    def clean(self):
        if self.kind == self.Kind.LOCAL and not self.municipality_id:
            raise ValidationError({"municipality": _("A local lab belongs to one municipality: choose it.")})


class Activity(models.Model):
    class Kind(models.TextChoices):
        KICK_OFF = "kick_off", _("Kick-off")
        WORKSHOP = "workshop", _("Workshop")
        LEARNING_WORKSHOP = "learning_workshop", _("Learning workshop")
        MEETING = "meeting", _("Meeting")
        INTERVIEW = "interview", _("Interview")
        STUDY_VISIT = "study_visit", _("Study visit")
        SEMINAR = "seminar", _("Seminar")
        TEST = "test", _("Test")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        APPROVED = "approved", _("Approved")
        RETURNED = "returned", _("Returned for revision")

    lab = models.ForeignKey(Lab, verbose_name=_("lab"), on_delete=models.CASCADE, related_name="activities")
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices, default=Kind.WORKSHOP)
    date = models.DateField(_("date"), default=timezone.localdate)
    start_time = models.TimeField(_("time"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("short description"), blank=True)
    # People are counted, never stored: participants exist only as numbers.
    participants_total = models.PositiveIntegerField(_("participants in total"), default=0)
    participants_women = models.PositiveIntegerField(_("women"), default=0)
    participants_men = models.PositiveIntegerField(_("men"), default=0)
    participants_other = models.PositiveIntegerField(_("other or not stated"), default=0)
    co_financed_hours = models.DecimalField(  # medfinansiering i form av arbetstid
        _("co-financed working hours"), max_digits=8, decimal_places=2, default=0,
        validators=[MinValueValidator(0)],
    )
    lessons = models.TextField(_("lessons learned"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    return_reason = models.TextField(_("reason for return"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    objects = ActivityQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-start_time", "-pk"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    participants_total__gte=models.F("participants_women")
                    + models.F("participants_men") + models.F("participants_other")
                ),
                name="labs_activity_gender_within_total",
            ),
        ]

    def __str__(self):
        return f"{self.date} {self.title}"

    def clean(self):
        split = (self.participants_women or 0) + (self.participants_men or 0) + (self.participants_other or 0)
        if split > (self.participants_total or 0):
            raise ValidationError({
                "participants_total": _(
                    "Women, men and other add up to %(split)s, more than the total %(total)s. "
                    "Raise the total or lower the breakdown."
                ) % {"split": split, "total": self.participants_total or 0},
            })

    @property
    def can_be_submitted(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.RETURNED)

    @property
    def is_locked_for_lead(self) -> bool:
        return self.status in (self.Status.SUBMITTED, self.Status.APPROVED)
