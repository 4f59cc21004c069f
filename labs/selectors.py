"""Figures for the lab page: one selector per figure, each a single query."""

from decimal import Decimal

from django.db.models import Count, Q, Sum

from .models import TargetGroupCount



def lab_totals(lab) -> dict:
    """Activities, participants by gender and sector, and co-financed hours of the lab's log."""
    sums = {name: Sum(name, default=0) for name in (
        "participants_total", "participants_women", "participants_men", "participants_other",
        "co_financed_hours")}
    totals = lab.activities.aggregate(
        activities=Count("pk"), lessons=Count("pk", filter=~Q(lessons="")), **sums,
    )
    totals["co_financed_hours"] = totals["co_financed_hours"] or Decimal(0)
    return totals


def lab_target_group_totals(lab) -> list[dict]:
    """Participants per target group over the lab's activities, largest first."""
    return list(
        TargetGroupCount.objects.filter(activity__lab=lab).values("target_group__name")
        .annotate(participants=Sum("count")).order_by("-participants", "target_group__name")
    )
