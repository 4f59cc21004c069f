"""Indicators computed from the activity log, so a lab lead's entry also counts for the funder's report.

Each source counts the activities of the indicator's project (and work package, when the indicator has
one) dated within the period, leaving out drafts: what is still being written is not yet reported.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Sum
from django.utils.translation import gettext_lazy as _

from projects.indicator_sources import register_source

from .models import Activity, TargetGroupCount

WORKSHOP_KINDS = (Activity.Kind.WORKSHOP, Activity.Kind.LEARNING_WORKSHOP)


def reported_activities(indicator, period_start, period_end):
    activities = Activity.objects.filter(
        lab__project_id=indicator.project_id, date__gte=period_start, date__lte=period_end,
    ).exclude(status=Activity.Status.DRAFT)
    if indicator.work_package_id:
        activities = activities.filter(lab__work_package_id=indicator.work_package_id)
    kind = (indicator.source_params or {}).get("kind")
    if kind:
        activities = activities.filter(kind=kind)
    return activities


def activities_held(indicator, period_start, period_end) -> Decimal:
    return Decimal(reported_activities(indicator, period_start, period_end).count())


def workshops_held(indicator, period_start, period_end) -> Decimal:
    activities = reported_activities(indicator, period_start, period_end).filter(kind__in=WORKSHOP_KINDS)
    return Decimal(activities.count())


def participants(indicator, period_start, period_end) -> Decimal:
    total = reported_activities(indicator, period_start, period_end).aggregate(n=Sum("participants_total"))["n"]
    return Decimal(total or 0)


def participants_from_target_group(indicator, period_start, period_end) -> Decimal:
    """source_params: {"target_group": <id of a target group of the project>}."""
    group = (indicator.source_params or {}).get("target_group")
    if not group:
        return Decimal(0)
    total = TargetGroupCount.objects.filter(
        activity__in=reported_activities(indicator, period_start, period_end), target_group_id=group,
    ).aggregate(n=Sum("count"))["n"]
    return Decimal(total or 0)


def women_share(indicator, period_start, period_end) -> Decimal | None:
    """Women among participants whose gender was counted, in per cent with one decimal; None without any."""
    sums = reported_activities(indicator, period_start, period_end).aggregate(
        women=Sum("participants_women"), men=Sum("participants_men"), other=Sum("participants_other"),
        n=Count("pk"),
    )
    counted = (sums["women"] or 0) + (sums["men"] or 0) + (sums["other"] or 0)
    if not counted:
        return None
    return (Decimal(100) * sums["women"] / counted).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def co_financed_hours(indicator, period_start, period_end) -> Decimal:
    total = reported_activities(indicator, period_start, period_end).aggregate(h=Sum("co_financed_hours"))["h"]
    return total or Decimal(0)


def register() -> None:
    register_source("labs.activities", _("Activities held (source setting “kind” for one type)"), activities_held)
    register_source("labs.workshops", _("Workshops held (workshops and learning workshops)"), workshops_held)
    register_source("labs.participants", _("Participants in activities"), participants)
    register_source("labs.participants_target_group",
                    _("Participants from a target group (source setting “target_group”)"),
                    participants_from_target_group)
    register_source("labs.women_share", _("Women among participants (%)"), women_share)
    register_source("labs.co_financed_hours", _("Co-financed working hours from the activity log"),
                    co_financed_hours)
