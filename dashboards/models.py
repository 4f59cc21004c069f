"""Steering-group meetings and their decisions.

A meeting is about one project or, with no project, about the whole portfolio. Each decision says
what it changed: a budget version, the project (a plan change) or a work package, through nullable
foreign keys, so the dashboard can link straight to the thing decided on.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from grportal.locking import Versioned
from projects.models import Project, WorkPackage

from .querysets import internal_project_ids


class MeetingQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Administrators see all; coordinators and steering-group members their projects' meetings and the
        portfolio-level ones."""
        if not user.is_authenticated:
            return self.none()
        if user.is_staff:
            return self
        ids = internal_project_ids(user)
        if not ids:
            return self.none()
        return self.filter(models.Q(project_id__in=ids) | models.Q(project__isnull=True))

    def next_per_project(self, project_ids, today):
        """Each project's next steering-group meeting: its first on or after today (by date, then pk), the one a
        flag is put on the agenda of. One query for any number of projects."""
        first = (Meeting.objects.filter(project_id=models.OuterRef("project_id"), date__gte=today)
                 .order_by("date", "pk").values("pk")[:1])
        return self.filter(project_id__in=project_ids, date__gte=today, pk=models.Subquery(first))


class Meeting(Versioned):
    project = models.ForeignKey(
        Project, verbose_name=_("project"), null=True, blank=True, on_delete=models.CASCADE,
        related_name="steering_meetings", help_text=_("Leave empty for a meeting about the whole portfolio."),
    )
    date = models.DateField(_("date"))
    title = models.CharField(_("title"), max_length=200, blank=True)
    # Names and roles only (personal data minimised): one attendee per line.
    attendees = models.TextField(_("attendees"), blank=True, help_text=_("One person per line: name and role."))
    agenda = models.TextField(_("agenda"), blank=True, help_text=_("One item per line."))
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("steering-group meeting")
        verbose_name_plural = _("steering-group meetings")
        indexes = [models.Index(fields=["project", "-date"], name="dashboards_meeting_proj_date")]

    def __str__(self):
        return self.title or str(_("Steering-group meeting %(date)s") % {"date": self.date.isoformat()})

    def get_absolute_url(self):
        return reverse("dashboards:meeting_detail", args=[self.pk])

    @property
    def attendee_list(self):
        return [line.strip() for line in self.attendees.splitlines() if line.strip()]

    @property
    def agenda_list(self):
        return [line.strip() for line in self.agenda.splitlines() if line.strip()]


class Decision(Versioned):
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        DONE = "done", _("Done")

    meeting = models.ForeignKey(Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE,
                                related_name="decisions")
    text = models.TextField(_("decision"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    responsible = models.CharField(_("responsible"), max_length=200, blank=True)
    due_date = models.DateField(_("to be done by"), null=True, blank=True)
    # What the decision changed (all optional).
    project = models.ForeignKey(Project, verbose_name=_("changes the project plan of"), null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="steering_decisions")
    work_package = models.ForeignKey(WorkPackage, verbose_name=_("changes the work package"), null=True,
                                     blank=True, on_delete=models.SET_NULL, related_name="steering_decisions")
    budget = models.ForeignKey("budgets.Budget", verbose_name=_("changes the budget version"), null=True,
                               blank=True, on_delete=models.SET_NULL, related_name="steering_decisions")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["meeting", "pk"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        indexes = [models.Index(fields=["status"], name="dashboards_decision_status")]

    def __str__(self):
        return self.text[:80]

    def clean(self):
        errors = {}
        meeting_project = self.meeting.project_id if self.meeting_id else None
        if self.work_package_id:
            wp_project = self.work_package.project_id
            if meeting_project and wp_project != meeting_project:
                errors["work_package"] = _("Choose a work package of the meeting's project.")
            if self.project_id and wp_project != self.project_id:
                errors["work_package"] = _("Choose a work package of the project the decision changes.")
        if self.budget_id:
            budget_project = self.budget.project_id
            if meeting_project and budget_project != meeting_project:
                errors["budget"] = _("Choose a budget version of the meeting's project.")
            if self.project_id and budget_project != self.project_id:
                errors["budget"] = _("Choose a budget version of the project the decision changes.")
        if self.project_id and meeting_project and self.project_id != meeting_project:
            errors["project"] = _("A project meeting decides on its own project.")
        if errors:
            raise ValidationError(errors)

    @property
    def changed_object(self):
        return self.budget or self.work_package or self.project
