"""Indicators computed from the activity log, so a lab lead's entry also counts for the funder's report.

Each source counts the reported activities (submitted and approved, ``Activity.objects.reported()``) of the
indicator's project (and work package, when the indicator has one) dated within the period: the same
activities every other figure of the portal counts.
"""

from decimal import Decimal

from django.db.models import Sum
from django.utils.translation import gettext_lazy as _

from projects.indicator_sources import SourceParam, register_source

from . import selectors
from .models import Activity, TargetGroupCount

WORKSHOP_KINDS = (Activity.Kind.WORKSHOP, Activity.Kind.LEARNING_WORKSHOP)


def reported_activities(indicator, period_start, period_end):
    activities = selectors.reported_activities([indicator.project_id], period_start=period_start,
                                               period_end=period_end)
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
    """Women among participants whose gender was counted (labs.selectors.gender_share), in per cent with one
    decimal; None without any."""
    return selectors.gender_share(reported_activities(indicator, period_start, period_end)).women_percent


def co_financed_hours(indicator, period_start, period_end) -> Decimal:
    total = reported_activities(indicator, period_start, period_end).aggregate(h=Sum("co_financed_hours"))["h"]
    return total or Decimal(0)


def kind_choices(project) -> list[tuple[str, str]]:
    return list(Activity.Kind.choices)


def target_group_choices(project) -> list[tuple[int, str]]:
    return list(project.target_groups.order_by("name").values_list("pk", "name"))


# The settings the sources read from indicator.source_params; the indicator form offers a field for each.
KIND = SourceParam("kind", _("Type of activity"), kind_choices,
                   help_text=_("Count only activities of this type. Empty: all types."))
TARGET_GROUP = SourceParam("target_group", _("Target group"), target_group_choices, required=True,
                           help_text=_("The participants from this target group, as the lab leads counted them."),
                           invalid_choice=_("Choose one of the project's target groups."))


def register() -> None:
    register_source("labs.activities", _("Activities held"), activities_held, params=[KIND])
    register_source("labs.workshops", _("Workshops held (workshops and learning workshops)"), workshops_held)
    register_source("labs.participants", _("Participants in activities"), participants, params=[KIND])
    register_source("labs.participants_target_group", _("Participants from a target group"),
                    participants_from_target_group, params=[TARGET_GROUP, KIND])
    register_source("labs.women_share", _("Women among participants (%)"), women_share, params=[KIND])
    register_source("labs.co_financed_hours", _("Co-financed working hours from the activity log"),
                    co_financed_hours, params=[KIND])
