"""The start page's "to do" list: what is waiting for this person, across the apps (grportal is the
composition root, so it may read them all). A fixed number of queries whatever the number of rows."""

import datetime as dt

from django.utils import timezone

from labs.models import Activity
from projects.models import FundingApplication, ProjectMembership
from reports.models import Report
from reports.selectors import overdue_reports, reports_due

SHOWN = 5
AHEAD_DAYS = 90


def todo_for(user, today: dt.date | None = None) -> dict:
    today = today or timezone.localdate()
    Role = ProjectMembership.Role
    roles = list(ProjectMembership.objects.filter(user=user).values_list("project_id", "role"))
    coordinated = sorted({pid for pid, role in roles if role == Role.COORDINATOR})
    funder_projects = sorted({pid for pid, role in roles if role == Role.FUNDER_CONTACT})
    result = {"review": [], "review_count": 0, "returned": [], "reports_overdue": [], "reports_ahead": [],
              "applications": [], "published": []}

    # Activities lab leads have sent in, waiting for a coordinator (or administrator).
    waiting = Activity.objects.reviewable_by(user).filter(status=Activity.Status.SUBMITTED)
    if user.is_staff or coordinated:
        result["review"] = list(waiting.select_related("lab").order_by("date", "pk")[:SHOWN])
        result["review_count"] = waiting.count()

    # Activities a coordinator returned to this lab lead, with the reason.
    result["returned"] = list(Activity.objects.filter(lab__leads=user, status=Activity.Status.RETURNED)
                              .select_related("lab").order_by("-date", "-pk")[:SHOWN])

    if coordinated:
        result["reports_overdue"] = overdue_reports(coordinated, today)[:SHOWN]
        horizon = today + dt.timedelta(days=AHEAD_DAYS)
        result["reports_ahead"] = [r for r in reports_due(coordinated, today, SHOWN) if r["date"] <= horizon]
        result["applications"] = list(
            FundingApplication.objects.filter(
                project_id__in=coordinated, deadline__gte=today, deadline__lte=horizon,
                status=FundingApplication.Status.PLANNED)
            .select_related("project", "funder").order_by("deadline")[:SHOWN])

    if funder_projects and user.organisation_id:
        result["published"] = list(
            Report.objects.filter(project_id__in=funder_projects, addressed_to_id=user.organisation_id,
                                  status=Report.Status.DONE).exclude(published_at=None)
            .select_related("project").order_by("-published_at")[:SHOWN])

    result["anything"] = any(result[key] for key in ("review", "returned", "reports_overdue", "reports_ahead",
                                                      "applications", "published"))
    return result
