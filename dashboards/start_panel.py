"""The steering group's part of the start page: the most serious flags (each to be put on the agenda), open
decisions and the next meeting (grportal/start_page.py)."""

from django.db.models import F, Q
from django.utils import timezone

from accounts.rules import has
from grportal.start_page import Panel

from .figures.common import Filters, filtered_project_ids
from .models import Decision, Meeting
from .querysets import dashboard_projects, internal_project_ids
from .selectors import agenda_flags, agenda_rows, most_serious, portfolio_flags

DECISIONS_SHOWN = 5
FLAGS_SHOWN = 5


def steering_panel(request) -> Panel | None:
    """For those who see the dashboards (dashboards.view_portfolio): steering group, coordinators, administrators.
    Four queries once the flags are cached (the person's roles are already read for the menu): the person's
    projects, the next meetings of the flagged projects, open decisions, the next meeting; the flags themselves
    come from the portfolio's cache (selectors.portfolio_flags) or cost a fixed number of queries once."""
    user = request.user
    if not user.is_authenticated or not has(user, "dashboards.view_portfolio"):
        return None
    today = timezone.localdate()
    ids = filtered_project_ids(dashboard_projects(user), Filters())  # as the unfiltered portfolio: same cache
    flags = agenda_rows(user, most_serious(agenda_flags(portfolio_flags(user.is_staff, ids, today)), FLAGS_SHOWN),
                        today)
    meetings = Meeting.objects.all()
    if not user.is_staff:
        meetings = meetings.filter(Q(project_id__in=internal_project_ids(user)) | Q(project__isnull=True))
    decisions = list(Decision.objects.filter(status=Decision.Status.OPEN, meeting__in=meetings)
                     .select_related("meeting__project")
                     .order_by(F("due_date").asc(nulls_last=True), "meeting__date", "pk")[:DECISIONS_SHOWN])
    meeting = meetings.filter(date__gte=today).select_related("project").order_by("date", "pk").first()
    return Panel("dashboards/partials/start_panel.html", {"flags": flags, "decisions": decisions,
                                                          "next_meeting": meeting})
