"""Read side of the reports app that other pages show: which reports are overdue and which are due ahead.

"Overdue" has one definition, owned here and shown on the start page and the dashboards: a due date in the
funder's reporting calendar has passed and no report of that type covering the period has been published to
the funder (a report only generated has not reached the funder)."""

import datetime as dt

from django.db.models import Exists, OuterRef

from .models import Report, ReportDueDate
from .registry import get_report_type


def published_reports():
    return Report.objects.filter(status=Report.Status.DONE, published_at__isnull=False)


def overdue_reports(project_ids, today: dt.date) -> list[dict]:
    """Due dates that have passed with no published report of that type for the period. One query."""
    published = published_reports().filter(project=OuterRef("project"), report_type=OuterRef("report_type"),
                                            period_end__gte=OuterRef("period_end"))
    rows = list(ReportDueDate.objects.filter(project_id__in=project_ids, due_date__lt=today)
                .annotate(done=Exists(published)).filter(done=False)
                .values("pk", "project_id", "project__title", "report_type", "period_start", "period_end",
                        "due_date").order_by("due_date", "pk"))
    for r in rows:
        r["title"] = str(get_report_type(r["report_type"]).title)
        r["days_late"] = (today - r["due_date"]).days
    return rows


def reports_due(project_ids, today: dt.date, limit: int) -> list[dict]:
    """Report due dates ahead, for the deadlines lists. One query."""
    items = []
    for r in (ReportDueDate.objects.filter(project_id__in=project_ids, due_date__gte=today)
              .values("due_date", "report_type", "project_id", "project__title").order_by("due_date")[:limit]):
        items.append({"date": r["due_date"], "kind": "report", "project_id": r["project_id"],
                      "project": r["project__title"], "what": str(get_report_type(r["report_type"]).title)})
    return items
