from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from grportal import uploads
from grportal.locking import Versioned
from projects.models import Project, ProjectMembership, WorkPackage


class Series(models.Model):
    title = models.CharField(_("title"), max_length=200, unique=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["title"]
        verbose_name = _("seminar series")
        verbose_name_plural = pgettext_lazy("plural", "seminar series")

    def __str__(self):
        return self.title


class SeminarQuerySet(models.QuerySet):
    def for_list(self):
        return self.select_related("series", "project")

    def organised_by(self, user):
        """The seminars the person may organise: as the rule seminars.organise_seminar, in one query."""
        if user.is_staff:
            return self
        return self.filter(project__memberships__user=user,
                           project__memberships__role=ProjectMembership.Role.COORDINATOR).distinct()


class Seminar(Versioned):
    series = models.ForeignKey(
        Series, verbose_name=_("series"), null=True, blank=True, on_delete=models.SET_NULL, related_name="seminars"
    )
    number = models.CharField(_("number in the series"), max_length=10, blank=True, help_text=_("For example IV."))
    title = models.CharField(_("title"), max_length=200)
    theme = models.CharField(_("theme"), max_length=200, blank=True)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    place = models.CharField(_("place"), max_length=200)
    step_free_access = models.BooleanField(
        _("step-free access"), default=False,
        help_text=_("The entrance, the room and a toilet can be reached without steps."),
    )
    hearing_loop = models.BooleanField(_("hearing loop"), default=False)
    interpretation = models.CharField(
        _("interpretation"), max_length=200, blank=True,
        help_text=_("For example sign language interpretation, or interpretation into English. "
                    "Empty if none is booked."),
    )
    accessibility = models.TextField(
        _("more about accessibility at the venue"), blank=True,
        help_text=_("For example the nearest stop for public transport or parking for disabled people."),
    )
    capacity = models.PositiveIntegerField(_("seats"), validators=[MinValueValidator(1)])
    project = models.ForeignKey(Project, verbose_name=_("project"), null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="seminars")
    work_package = models.ForeignKey(WorkPackage, verbose_name=_("work package"), null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="seminars")

    invitation = models.TextField(_("invitation text"), blank=True)
    registration_deadline = models.DateTimeField(_("registration deadline"), null=True, blank=True)
    food_served = models.BooleanField(_("food is served"), default=False,
                                      help_text=_("Registrants are asked about dietary needs only when it is."))
    # Retention bookkeeping: when the needs, and later all personal data, were erased.
    needs_erased_at = models.DateTimeField(null=True, blank=True, editable=False)
    feedback_requested_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = SeminarQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at"]
        verbose_name = _("seminar")
        verbose_name_plural = _("seminars")
        constraints = [
            models.CheckConstraint(condition=models.Q(ends_at__gte=models.F("starts_at")),
                                   name="seminars_seminar_period_ordered"),
        ]

    def __str__(self):
        return f"{self.series} {self.number}: {self.title}" if self.series else self.title

    @property
    def registration_open(self) -> bool:
        now = timezone.now()
        deadline = self.registration_deadline or self.starts_at
        return now < deadline and now < self.starts_at

    @property
    def is_over(self) -> bool:
        return timezone.now() >= self.ends_at


class ProgrammeItem(Versioned):
    seminar = models.ForeignKey(Seminar, on_delete=models.CASCADE, related_name="programme")
    starts_at = models.TimeField(_("starts"))
    ends_at = models.TimeField(_("ends"), null=True, blank=True)
    title = models.CharField(_("title"), max_length=200)
    speaker = models.CharField(_("speaker"), max_length=200, blank=True)
    speaker_title = models.CharField(_("speaker's title"), max_length=200, blank=True)
    speaker_organisation = models.CharField(_("speaker's organisation"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["seminar", "position", "starts_at", "pk"]
        verbose_name = _("programme item")
        verbose_name_plural = _("programme items")

    def __str__(self):
        return self.title

    def clean(self):
        if self.ends_at and self.starts_at and self.ends_at < self.starts_at:
            raise ValidationError({"ends_at": _("The item cannot end before it starts.")})


class Sector(models.TextChoices):
    PUBLIC = "public", _("Public sector")
    CIVIL = "civil", _("Civil society")
    PRIVATE = "private", _("Private sector")
    ACADEMIA = "academia", _("Academia")
    OTHER = "other", _("Other, or private person")


class Gender(models.TextChoices):
    WOMAN = "woman", _("Woman")
    MAN = "man", _("Man")
    OTHER = "other", _("Other or non-binary")


class RegistrationQuerySet(models.QuerySet):
    def active(self):
        return self.exclude(status=Registration.Status.CANCELLED)

    def seated(self):
        return self.filter(status=Registration.Status.REGISTERED)

    def waiting(self):
        return self.filter(status=Registration.Status.WAITING).order_by("created_at", "pk")


class Registration(models.Model):
    """A person's registration for a seminar. Personal fields are erased by the retention task;
    sector, gender and organisation stay for the counts in reports."""

    class Status(models.TextChoices):
        REGISTERED = "registered", _("Registered")
        WAITING = "waiting", _("On the waiting list")
        CANCELLED = "cancelled", _("Cancelled")

    seminar = models.ForeignKey(Seminar, on_delete=models.CASCADE, related_name="registrations")
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.REGISTERED)
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("email"), max_length=254)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    sector = models.CharField(_("sector"), max_length=10, choices=Sector.choices)
    dietary_needs = models.CharField(_("dietary needs"), max_length=500, blank=True)
    accessibility_needs = models.CharField(_("accessibility needs"), max_length=500, blank=True)
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices, blank=True)
    consents_to_invitations = models.BooleanField(_("send me invitations to future seminars"), default=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    attended_at = models.DateTimeField(_("attended"), null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    anonymised_at = models.DateTimeField(null=True, blank=True)
    # Only whether feedback was given: the answers are stored apart from the registration, so they stay anonymous.
    feedback_given = models.BooleanField(default=False, editable=False)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        ordering = ["seminar", "created_at", "pk"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        indexes = [models.Index(fields=["seminar", "status"], name="seminars_reg_seminar_status")]

    def __str__(self):
        # str() must return a str: a lazy translation here made every page that prints an anonymised one a 500.
        return self.name or gettext("(anonymised)")


def documentation_path(instance, filename):
    # Under MEDIA_ROOT, which is never served: files go out only through seminars:document_download.
    return f"private/seminars/{instance.seminar_id}/{timezone.now():%Y%m%d%H%M%S}-{filename[-80:]}"


class Documentation(models.Model):
    """Slides and notes from a seminar, stored privately; organisers download them, everyone the public ones."""

    seminar = models.ForeignKey(Seminar, on_delete=models.CASCADE, related_name="documentation")
    file = models.FileField(upload_to=documentation_path, max_length=300)
    name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    is_public = models.BooleanField(
        _("public"), default=False,
        help_text=_("Anyone can download it from the seminar's public page. Leave unticked for internal notes."),
    )
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("documentation")
        verbose_name_plural = _("documentation")

    # Documents only (photos of people are not documentation), checked by grportal.uploads.
    UPLOADS = uploads.UploadPolicy(
        types=(uploads.PDF, uploads.PPTX, uploads.DOCX, uploads.XLSX, uploads.ODT, uploads.ODP),
        max_bytes_setting="SEMINARS_DOCUMENT_MAX_BYTES",
        too_large_message=_("The file is %(size)s; the limit is %(limit)s. Save the slides as PDF or make the "
                            "pictures smaller."),
        bad_type_message=_("“%(name)s” is not a document we accept (PDF, PowerPoint, Word, Excel, ODT, ODP), "
                           "or its content does not match its name."),
    )

    def __str__(self):
        return self.name


class Feedback(models.Model):
    """An attendee's short feedback. Not linked to the registration (which only records that feedback was
    given), and dated by day only, so answers cannot be traced back to a name."""

    seminar = models.ForeignKey(Seminar, on_delete=models.CASCADE, related_name="feedback")
    rating = models.PositiveSmallIntegerField(_("overall, how useful was the seminar?"),
                                              validators=[MinValueValidator(1), MaxValueValidator(5)])
    comment = models.TextField(_("what should we keep or change?"), max_length=2000, blank=True)
    created_on = models.DateField(default=timezone.localdate, editable=False)

    class Meta:
        ordering = ["seminar", "created_on", "pk"]
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")

    def __str__(self):
        return gettext("Feedback on %(seminar)s, %(date)s") % {"seminar": self.seminar, "date": self.created_on}
