"""The steering group's part of the start page: open decisions and the next meeting (grportal/start_page.py)."""

from django.db.models import F, Q
from django.utils import timezone

from accounts.rules import has
from grportal.start_page import Panel

from .models import Decision, Meeting
from .querysets import internal_project_ids

DECISIONS_SHOWN = 5


def steering_panel(request) -> Panel | None:
    """For those who see the dashboards (dashboards.view_portfolio): steering group, coordinators, administrators.
    Two queries (the person's roles are already read for the menu)."""
    user = request.user
    if not user.is_authenticated or not has(user, "dashboards.view_portfolio"):
        return None
    meetings = Meeting.objects.all()
    if not user.is_staff:
        meetings = meetings.filter(Q(project_id__in=internal_project_ids(user)) | Q(project__isnull=True))
    decisions = list(Decision.objects.filter(status=Decision.Status.OPEN, meeting__in=meetings)
                     .select_related("meeting__project")
                     .order_by(F("due_date").asc(nulls_last=True), "meeting__date", "pk")[:DECISIONS_SHOWN])
    meeting = (meetings.filter(date__gte=timezone.localdate()).select_related("project")
               .order_by("date", "pk").first())
    return Panel("dashboards/partials/start_panel.html", {"decisions": decisions, "next_meeting": meeting})
