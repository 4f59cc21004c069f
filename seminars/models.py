from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _, pgettext_lazy

from projects.models import Project, WorkPackage


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


class Seminar(models.Model):
    series = models.ForeignKey(
        Series, verbose_name=_("series"), null=True, blank=True, on_delete=models.SET_NULL, related_name="seminars"
    )
    number = models.CharField(_("number in the series"), max_length=10, blank=True, help_text=_("For example IV."))
    title = models.CharField(_("title"), max_length=200)
    theme = models.CharField(_("theme"), max_length=200, blank=True)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    place = models.CharField(_("place"), max_length=200)
    accessibility = models.TextField(
        _("accessibility at the venue"), blank=True,
        help_text=_("Step-free access, hearing loop, interpretation …"),
    )
    capacity = models.PositiveIntegerField(_("seats"), validators=[MinValueValidator(1)])
    project = models.ForeignKey(Project, verbose_name=_("project"), null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="seminars")
    work_package = models.ForeignKey(WorkPackage, verbose_name=_("work package"), null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="seminars")

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


class ProgrammeItem(models.Model):
    seminar = models.ForeignKey(Seminar, on_delete=models.CASCADE, related_name="programme")
    starts_at = models.TimeField(_("time"))
    title = models.CharField(_("title"), max_length=200)
    speaker = models.CharField(_("speaker"), max_length=200, blank=True)
    speaker_title = models.CharField(_("speaker's title and organisation"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["seminar", "position", "starts_at"]
        verbose_name = _("programme item")
        verbose_name_plural = _("programme items")
