"""Indicator progress on the dashboards: each indicator's value today against its trajectory. The definition is
the projects app's (projects.indicators), shared with the project page and the funder reports."""

import datetime as dt
from decimal import Decimal

from projects.indicators import expected_value, indicator_statuses
from projects.models import Indicator

BEHIND_SHOWN = 15


def expected_on(indicator: dict, today: dt.date) -> Decimal:
    """The trajectory today (projects.indicators.expected_value) of a row with baseline, target and the project's
    start and end dates."""
    return expected_value(baseline=indicator["baseline"], target=indicator["target"],
                          start=indicator["project__start_date"], end=indicator["project__end_date"], today=today)


def indicator_progress(project_ids, today: dt.date) -> list[dict]:
    """Each indicator of the projects with where it stands today (projects.indicators.indicator_statuses, the
    definition the project page and the funder reports use too): its value (computed from its source since the
    project's start, or the latest recorded), the value its trajectory expects today and whether it is behind.

    One query for the indicators with their latest recorded values, plus one per computed indicator (its
    source's). An indicator without a value, or whose source setting is missing, is never flagged as behind.
    """
    indicators = Indicator.objects.filter(project_id__in=project_ids).order_by("project__title", "name", "pk")
    rows = []
    for indicator, status in indicator_statuses(indicators, today):
        project = indicator.project
        rows.append({
            "pk": indicator.pk, "name": indicator.name, "unit": indicator.unit, "baseline": indicator.baseline,
            "target": indicator.target, "direction": indicator.direction, "project_id": project.pk,
            "project__title": project.title, "project__short_name": project.short_name,
            "project__start_date": project.start_date, "project__end_date": project.end_date,
            "latest_value": status.value,  # the value today: computed, or the latest recorded
            "latest_end": status.value_date,
            "computed": status.computed,
            "setting_missing": status.setting_missing,
            "missing_settings": ", ".join(status.missing_settings),
            "expected": status.expected,
            "reached_pct": None if status.reached_pct is None else float(status.reached_pct),
            "expected_pct": float(status.expected_pct),
            "behind": status.behind,
        })
    return rows
