import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.models import Organisation
from grportal import uploads
from grportal.locking import Versioned
from projects.models import Project, TargetGroup, WorkPackage

from .querysets import ActivityQuerySet, LabQuerySet, LessonQuerySet


class Method(Versioned):
    """A method from the catalogue that coordinators maintain (SKA, markanvisning …)."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("method")
        verbose_name_plural = _("methods")

    def __str__(self):
        return self.name


class Lab(Versioned):
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
    # A lab tests one or more methods from the catalogue (the flagship: 5 local labs on 6 methods).
    methods = models.ManyToManyField(Method, verbose_name=_("methods"), blank=True)
    phase = models.CharField(_("phase"), max_length=20, choices=Phase.choices, default=Phase.UNDERSTAND)
    leads = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name=_("lab leads"), blank=True,
                                   related_name="labs_led")
    partners = models.ManyToManyField(Organisation, verbose_name=_("partners"), blank=True,
                                      related_name="lab_partnerships")
    target_groups = models.ManyToManyField(TargetGroup, verbose_name=_("target groups"), blank=True,
                                           related_name="labs")
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
        if self.kind == self.Kind.REGIONAL and self.municipality_id:
            raise ValidationError({"municipality": _(
                "A regional lab moves between municipalities and has none of its own: leave the municipality "
                "empty.")})


class LabPhaseChange(models.Model):
    """The lab entered a phase of the social-innovation cycle on a date."""

    lab = models.ForeignKey(Lab, on_delete=models.CASCADE, related_name="phase_changes")
    phase = models.CharField(_("phase"), max_length=20, choices=Lab.Phase.choices)
    changed_on = models.DateField(_("date"), default=timezone.localdate)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["-changed_on", "-pk"]
        verbose_name = _("phase change")
        verbose_name_plural = _("phase changes")

    def __str__(self):
        return f"{self.changed_on} {self.get_phase_display()}"


class Theme(models.TextChoices):
    """The lab reflection themes that lessons learned are tagged with."""

    INNOVATION = "innovation", _("Innovation")
    COURAGE = "courage", _("Courage")
    COMPETENCE = "competence", _("Competence")
    LEADERSHIP = "leadership", _("Leadership")
    METHODS = "methods", _("Methods")
    TIME = "time", _("Time")


# The sectors participants come from, as (field name, label).
SECTOR_FIELDS = (
    "participants_public", "participants_civil_society", "participants_private", "participants_academia",
    "participants_residents",
)
GENDER_FIELDS = ("participants_women", "participants_men", "participants_other")
MAX_DAYS_AHEAD = 365
MAX_DURATION_MINUTES = 24 * 60  # longer is almost always minutes typed as hours
OUTSIDE_PERIOD = "outside_period"  # the code of the date's error when it lies outside the project's period


def outside_period_message(project) -> str:
    """The date error of an activity outside its project's period, with the period written out."""
    return gettext(
        "The date lies outside the project's period %(start)s–%(end)s. Choose another date or write why the "
        "activity still belongs to the project."
    ) % {"start": date_format(project.start_date, "j b Y"), "end": date_format(project.end_date, "j b Y")}


class Activity(Versioned):
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

    # The statuses whose activities count in every figure the portal reports (dashboards, indicators, budget
    # outcome, funder reports): sent in by the lab lead (submitted) or accepted by the coordinator (approved).
    # Drafts are still being written and returned ones are being corrected, so neither has been delivered yet.
    REPORTED_STATUSES = (Status.SUBMITTED, Status.APPROVED)

    lab = models.ForeignKey(Lab, verbose_name=_("lab"), on_delete=models.CASCADE, related_name="activities")
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices, default=Kind.WORKSHOP)
    date = models.DateField(_("date"), default=timezone.localdate)
    start_time = models.TimeField(_("time"), null=True, blank=True)
    # How long the activity went on: one clock's time, not the people's (co_financed_hours adds up everyone's).
    duration_minutes = models.PositiveIntegerField(
        _("length in minutes"), null=True, blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_DURATION_MINUTES)],
    )
    # Why an activity dated outside the project's period still belongs to the project (clean() asks for it then).
    date_outside_reason = models.TextField(_("why the date lies outside the project's period"), blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    # Where a regional lab (one that moves between municipalities) held the activity; a local lab's
    # activities are in the lab's own municipality and leave this empty.
    municipality = models.ForeignKey(
        Organisation, verbose_name=_("municipality"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="hosted_activities", limit_choices_to={"kind": Organisation.Kind.MUNICIPALITY},
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("short description"), blank=True)
    # People are counted, never stored: participants exist only as numbers.
    participants_total = models.PositiveIntegerField(_("participants in total"), default=0)
    participants_women = models.PositiveIntegerField(_("women"), default=0)
    participants_men = models.PositiveIntegerField(_("men"), default=0)
    participants_other = models.PositiveIntegerField(_("other or not stated"), default=0)
    participants_public = models.PositiveIntegerField(_("public sector"), default=0)
    participants_civil_society = models.PositiveIntegerField(_("civil society"), default=0)
    participants_private = models.PositiveIntegerField(_("private sector"), default=0)
    participants_academia = models.PositiveIntegerField(_("academia"), default=0)
    participants_residents = models.PositiveIntegerField(_("residents"), default=0)
    # The total of CoFinancedTime rows when there are any (kept as a column for sums and older entries).
    co_financed_hours = models.DecimalField(  # medfinansiering i form av arbetstid
        _("co-financed working hours"), max_digits=8, decimal_places=2, default=0,
        validators=[MinValueValidator(0)],
    )
    lessons = models.TextField(_("lessons learned"), blank=True)
    # Comma-separated Theme values: portable across SQLite and PostgreSQL, filtered with "contains".
    lesson_themes = models.CharField(_("themes"), max_length=120, blank=True)
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
        errors = {}
        if self.date and self.date > timezone.localdate() + dt.timedelta(days=MAX_DAYS_AHEAD):
            errors["date"] = _("The date is more than a year ahead. Check the year.")
        elif self.date and self.lab_id and not self.date_outside_reason.strip():
            project = self.lab.project
            if not project.start_date <= self.date <= project.end_date:
                errors["date"] = ValidationError(outside_period_message(project), code=OUTSIDE_PERIOD)
        if (self.municipality_id and self.lab_id and self.lab.kind == Lab.Kind.LOCAL
                and self.municipality_id != self.lab.municipality_id):
            errors["municipality"] = _("A local lab's activities take place in its own municipality.")
        sectors = sum(getattr(self, name) or 0 for name in SECTOR_FIELDS)
        if sectors > (self.participants_total or 0):
            errors["participants_public"] = _(
                "The sectors add up to %(split)s, more than the total %(total)s. "
                "Raise the total or lower the breakdown."
            ) % {"split": sectors, "total": self.participants_total or 0}
        if errors:
            raise ValidationError(errors)
        split = (self.participants_women or 0) + (self.participants_men or 0) + (self.participants_other or 0)
        if split > (self.participants_total or 0):
            raise ValidationError({
                "participants_total": _(
                    "Women, men and other add up to %(split)s, more than the total %(total)s. "
                    "Raise the total or lower the breakdown."
                ) % {"split": split, "total": self.participants_total or 0},
            })

    @property
    def where(self):
        """The municipality the activity took place in: its own (regional labs) or the lab's."""
        return self.municipality or self.lab.municipality

    @property
    def theme_list(self) -> list[str]:
        return [t for t in self.lesson_themes.split(",") if t]

    @property
    def theme_labels(self) -> list[str]:
        labels = dict(Theme.choices)
        return [labels[t] for t in self.theme_list if t in labels]

    @property
    def can_be_submitted(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.RETURNED)

    @property
    def is_locked_for_lead(self) -> bool:
        return self.status in (self.Status.SUBMITTED, self.Status.APPROVED)


# Activity.REPORTED_STATUSES, for the modules that filter other models' rows by their activities' status.
REPORTED_STATUSES = Activity.REPORTED_STATUSES


class TargetGroupCount(models.Model):
    """How many of an activity's participants belonged to one of the project's target groups."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="target_group_counts")
    target_group = models.ForeignKey(TargetGroup, verbose_name=_("target group"), on_delete=models.CASCADE,
                                     related_name="activity_counts")
    count = models.PositiveIntegerField(_("participants"))

    class Meta:
        ordering = ["target_group__name"]
        constraints = [
            models.UniqueConstraint(fields=["activity", "target_group"], name="labs_targetgroupcount_unique"),
        ]

    def __str__(self):
        return f"{self.target_group}: {self.count}"


class CoFinancedTime(models.Model):
    """Working time an organisation put into an activity (medfinansiering in kind), which budgets value."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="co_financed_time")
    organisation = models.ForeignKey(Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT,
                                     related_name="co_financed_time")
    hours = models.DecimalField(_("hours"), max_digits=8, decimal_places=2, validators=[MinValueValidator(0)])

    class Meta:
        ordering = ["organisation__name"]
        constraints = [
            models.UniqueConstraint(fields=["activity", "organisation"], name="labs_cofinancedtime_unique"),
        ]

    def __str__(self):
        return f"{self.organisation}: {self.hours} h"


def attachment_path(instance, filename):
    # Under MEDIA_ROOT, which is never served: files go out only through labs:attachment_download.
    return f"private/labs/{instance.activity.lab_id}/{instance.activity_id}/{filename}"


class Attachment(models.Model):
    """A photo or document attached to an activity, checked by content and stored privately."""

    class Kind(models.TextChoices):
        PHOTO = "photo", _("Photo")
        DOCUMENT = "document", _("Document")

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=attachment_path, max_length=300)
    name = models.CharField(_("file name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    # What an activity may carry, checked by grportal.uploads (the form and attachment_add both ask it).
    UPLOADS = uploads.UploadPolicy(
        types=(uploads.JPEG, uploads.PNG, uploads.PDF, uploads.DOCX, uploads.XLSX, uploads.PPTX, uploads.ODT),
        max_bytes_setting="LABS_ATTACHMENT_MAX_BYTES",
        too_large_message=_("The file is %(size)s; the limit is %(limit)s. Make it smaller (a photo can be resized)."),
        bad_type_message=_("“%(name)s” is not a photo (JPEG, PNG) or a document (PDF, Word, Excel, PowerPoint, ODT), "
                           "or its content does not match its name."),
    )

    def __str__(self):
        return self.name


class ActivityReturn(models.Model):
    """A coordinator sent an activity back to the lab lead, with the reason: one row per return, what the lead's
    notice is made from (an activity returned, corrected and returned again has two)."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="returns")
    reason = models.TextField(_("reason for return"))
    returned_at = models.DateTimeField(default=timezone.now, db_index=True)
    # Set when the notice went to the outbox, in the same transaction, so a task delivered twice sends it once.
    notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-returned_at", "-pk"]
        verbose_name = _("return for revision")
        verbose_name_plural = _("returns for revision")

    def __str__(self):
        return f"{self.activity} ({timezone.localtime(self.returned_at):%Y-%m-%d %H:%M})"


class LeadNudge(models.Model):
    """A reminder e-mail sent to a lab lead, so the next one waits as long as the quiet period."""

    lab = models.ForeignKey(Lab, on_delete=models.CASCADE, related_name="nudges")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-sent_at"]

    def __str__(self):
        return gettext("Reminder to %(person)s about %(lab)s, %(date)s") % {
            "person": self.user, "lab": self.lab, "date": timezone.localdate(self.sent_at)}


class DigestSubscription(models.Model):
    """A coordinator who asked for the weekly digest of what the labs logged."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="labs_digest")
    created_at = models.DateTimeField(auto_now_add=True)
    last_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("digest subscription")
        verbose_name_plural = _("digest subscriptions")

    def __str__(self):
        return gettext("Weekly digest to %(person)s") % {"person": self.user}


class ReviewNotice(models.Model):
    """How a coordinator wants to hear of the activities submitted in their projects' labs (issue 15).

    No row: immediately, one email per submitted activity (the default)."""

    class Frequency(models.TextChoices):
        IMMEDIATE = "immediate", _("Immediately")
        DAILY = "daily", _("One summary a day")
        NEVER = "never", _("Not at all")

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="labs_review_notice")
    frequency = models.CharField(_("submitted activities"), max_length=10, choices=Frequency.choices,
                                 default=Frequency.IMMEDIATE)
    # Where the next daily summary starts: the end of the last one (or the moment "daily" was chosen).
    last_digest_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("notice of submitted activities")
        verbose_name_plural = _("notices of submitted activities")

    def __str__(self):
        return f"{self.user}: {self.get_frequency_display()}"


class ActivitySubmission(models.Model):
    """An activity was submitted to the coordinators: what their notices (immediate or daily) are made from."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="submissions")
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    submitted_at = models.DateTimeField(default=timezone.now, db_index=True)
    # Set when the immediate notices went to the outbox, so a task delivered twice sends them once.
    notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")

    def __str__(self):
        return f"{self.activity} ({timezone.localtime(self.submitted_at):%Y-%m-%d %H:%M})"


def validate_themes(value: str) -> None:
    """Comma-separated Theme values, as Activity.lesson_themes holds them (the forms write it from checkboxes)."""
    unknown = [t for t in value.split(",") if t and t not in Theme.values]
    if unknown:
        raise ValidationError(_("Choose themes from the list."), code="unknown_theme")


class Lesson(Versioned):
    """A lesson learned recorded on its own, outside any activity (issue 15): what was learned, what it led to, and
    who still knows the matter ("Vilka lärdomar … Vilka kontaktpersoner finns kvar i organisationen?")."""

    project = models.ForeignKey(Project, verbose_name=_("project"), on_delete=models.CASCADE,
                                related_name="lessons")
    # Empty: a lesson of the project as a whole rather than of one of its labs.
    lab = models.ForeignKey(Lab, verbose_name=_("lab"), null=True, blank=True, on_delete=models.CASCADE,
                            related_name="lessons")
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("what was learned"))
    effect = models.TextField(_("what it led to"), blank=True)
    # Comma-separated Theme values, as Activity.lesson_themes: the bank filters both with "contains".
    themes = models.CharField(_("themes"), max_length=120, blank=True, validators=[validate_themes])
    contact_name = models.CharField(_("contact person"), max_length=200)
    contact_organisation = models.ForeignKey(
        Organisation, verbose_name=_("contact person's organisation"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    contact_email = models.EmailField(
        _("contact person's email"), blank=True,
        help_text=_("Optional. Shown to everyone who sees the lesson; leave it empty if the person has not agreed."),
    )
    recorded_on = models.DateField(_("date"), default=timezone.localdate)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    objects = LessonQuerySet.as_manager()

    class Meta:
        ordering = ["-recorded_on", "-created_at", "-pk"]
        verbose_name = _("lesson learned")
        verbose_name_plural = _("lessons learned")

    def __str__(self):
        return f"{self.recorded_on} {self.title}"

    def clean(self):
        if self.lab_id and self.project_id and self.lab.project_id != self.project_id:
            raise ValidationError({"lab": _("Choose a lab of the lesson's project, or none for the whole project.")})
        if self.recorded_on and self.recorded_on > timezone.localdate():
            raise ValidationError({"recorded_on": _("The date lies in the future. A lesson is recorded once it "
                                                    "has been learned.")})

    @property
    def theme_list(self) -> list[str]:
        return [t for t in self.themes.split(",") if t]

    @property
    def theme_labels(self) -> list[str]:
        labels = dict(Theme.choices)
        return [labels[t] for t in self.theme_list if t in labels]
