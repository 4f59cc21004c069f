"""Upcoming deadlines across the projects: applications, seminars, milestones and report due dates."""

import datetime as dt

from django.utils import timezone

from projects.models import FundingApplication, Milestone
from reports.selectors import reports_due
from seminars.models import Seminar


def upcoming_deadlines(project_ids, today: dt.date, limit: int = 12) -> list[dict]:
    """Applications, seminars (and their registration deadlines) and milestones ahead: three queries."""
    items = []
    for app in (FundingApplication.objects.filter(project_id__in=project_ids, deadline__gte=today,
                                                  status__in=FundingApplication.PENDING_STATUSES)
                .values("deadline", "call", "funder__name", "project_id", "project__title")
                .order_by("deadline")[:limit]):
        items.append({"date": app["deadline"], "kind": "application", "project_id": app["project_id"],
                      "project": app["project__title"], "what": app["call"] or app["funder__name"],
                      "who": app["funder__name"]})
    now = timezone.now()
    for seminar in (Seminar.objects.filter(project_id__in=project_ids, starts_at__gte=now)
                    .values("pk", "title", "starts_at", "registration_deadline", "project_id", "project__title")
                    .order_by("starts_at")[:limit]):
        items.append({"date": timezone.localtime(seminar["starts_at"]).date(), "kind": "seminar",
                      "project_id": seminar["project_id"], "project": seminar["project__title"],
                      "what": seminar["title"], "seminar_id": seminar["pk"]})
    for milestone in (Milestone.objects.filter(work_package__project_id__in=project_ids, done=False,
                                               due_date__gte=today)
                      .values("title", "due_date", "kind", "work_package__code", "work_package__project_id",
                              "work_package__project__title")
                      .order_by("due_date")[:limit]):
        items.append({"date": milestone["due_date"], "kind": milestone["kind"],
                      "project_id": milestone["work_package__project_id"],
                      "project": milestone["work_package__project__title"],
                      "what": f'{milestone["work_package__code"]}: {milestone["title"]}'})
    items.extend(reports_due(project_ids, today, limit))
    items.sort(key=lambda item: item["date"])
    return items[:limit]
