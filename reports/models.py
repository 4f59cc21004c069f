import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation
from projects.models import Project


def report_path(report, filename):
    return f"reports/{report.project_id}/{report.pk}-{uuid.uuid4().hex[:8]}.pdf"


class ReportQuerySet(models.QuerySet):
    def for_list(self):
        return self.select_related("project", "requested_by", "addressed_to")


class Report(models.Model):
    """One requested rendering of a funder report; never overwritten, regenerating makes a new one."""

    class Kind(models.TextChoices):
        PROGRESS = "progress", _("Progress report")
        FINAL = "final", _("Final report")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Being generated")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="reports")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.PROGRESS)
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    addressed_to = models.ForeignKey(
        Organisation, verbose_name=_("addressed to"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="reports_received",
    )
    # The same key twice (a double click, a resent form) gives the same report, not two.
    idempotency_key = models.UUIDField(unique=True, default=uuid.uuid4, editable=False)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.QUEUED)
    failure_reason = models.TextField(_("reason"), blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    file = models.FileField(upload_to=report_path, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    size = models.PositiveIntegerField(null=True, blank=True)

    objects = ReportQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        constraints = [
            models.CheckConstraint(condition=models.Q(period_end__gte=models.F("period_start")),
                                   name="reports_report_period_ordered"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.project} {self.period_start}–{self.period_end}"

    @property
    def is_pending(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)

    def download_name(self) -> str:
        name = (self.project.short_name or f"projekt-{self.project_id}").replace(" ", "-")
        return f"{name}-{self.kind}-{self.period_start:%Y%m%d}-{self.period_end:%Y%m%d}-v{self.pk}.pdf"
