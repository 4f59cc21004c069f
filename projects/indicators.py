"""Where an indicator stands today: its value, the value its trajectory expects, and whether it is behind.

One definition for every surface that follows indicators up (the project page, the project and portfolio
dashboards, the funder reports):

- the value of a computed indicator (``indicator.source`` set) is what its source computes from the project's
  start to today (or to the project's end, once it has ended); a computed indicator that lacks a required source
  setting has no value ("Källinställning saknas"), never 0;
- the value of any other indicator is the latest recorded one: of the values recorded for periods that have
  begun by today, the one whose period ends last;
- the trajectory runs in a straight line from the baseline at the project's start to the target at its end;
- an indicator is behind when its value is below the trajectory (above it where lower is better). An indicator
  without a value is never behind: it is shown as having no value instead.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import DecimalField, OuterRef, Subquery
from django.utils.translation import gettext

from .indicator_sources import require_source
from .models import Indicator, IndicatorValue


@dataclass(frozen=True)
class IndicatorStatus:
    as_of: dt.date
    value: Decimal | None
    computed: bool  # computed from a source, or recorded by hand
    value_date: dt.date | None  # computed: the day counted up to; recorded: the end of the value's period
    counted_from: dt.date | None  # computed: the project's start
    expected: Decimal  # on the trajectory, today
    reached_pct: Decimal | None  # of the way from baseline to target (may lie outside 0–100)
    expected_pct: Decimal
    behind: bool
    missing_settings: tuple[str, ...] = ()  # labels of the required source settings that are not set

    @property
    def setting_missing(self) -> bool:
        return bool(self.missing_settings)

    @property
    def progress(self) -> int | None:
        """reached_pct clamped to 0–100 and rounded, for a progress bar."""
        if self.reached_pct is None:
            return None
        return int(max(Decimal(0), min(Decimal(100), self.reached_pct)).quantize(Decimal(1)))


def expected_value(*, baseline: Decimal, target: Decimal, start: dt.date, end: dt.date, today: dt.date) -> Decimal:
    """The trajectory: linear from the baseline at the project's start to the target at its end."""
    if today <= start:
        return baseline
    if today >= end or end <= start:
        return target
    share = Decimal((today - start).days) / Decimal((end - start).days)
    return baseline + (target - baseline) * share


def _status(indicator: Indicator, today: dt.date, *, recorded_value, recorded_end) -> IndicatorStatus:
    project = indicator.project
    start, end = project.start_date, project.end_date
    computed = bool(indicator.source)
    missing: tuple[str, ...] = ()
    value, value_date, counted_from = recorded_value, recorded_end, None
    if computed:
        source = require_source(indicator.source)
        missing = tuple(str(p.label) for p in source.missing_params(indicator.source_params))
        counted_from, value_date = start, min(today, end)
        value = None if missing else source.compute(indicator, start, value_date)
    expected = expected_value(baseline=indicator.baseline, target=indicator.target, start=start, end=end,
                              today=today)
    span = indicator.target - indicator.baseline
    reached = None if value is None or span == 0 else (value - indicator.baseline) / span * 100
    if value is None:
        behind = False
    elif indicator.direction == Indicator.Direction.DOWN:
        behind = value > expected
    else:
        behind = value < expected
    return IndicatorStatus(
        as_of=today, value=value, computed=computed, value_date=value_date, counted_from=counted_from,
        expected=expected, reached_pct=reached,
        expected_pct=Decimal(0) if span == 0 else (expected - indicator.baseline) / span * 100,
        behind=behind, missing_settings=missing,
    )


def _latest(values, today: dt.date):
    """Of recorded values, the latest as of today (the same rule as the subquery in indicator_statuses)."""
    begun = [v for v in values if v.period_start <= today]
    return max(begun, key=lambda v: (v.period_end, v.pk)) if begun else None


def indicator_status(indicator: Indicator, today: dt.date) -> IndicatorStatus:
    """Where one indicator stands today. Reads ``indicator.project`` and ``indicator.values.all()`` (prefetch
    them for a list); a computed indicator costs one query in its source."""
    latest = None if indicator.source else _latest(indicator.values.all(), today)
    return _status(indicator, today, recorded_value=latest.value if latest else None,
                   recorded_end=latest.period_end if latest else None)


def indicator_statuses(indicators, today: dt.date) -> list[tuple[Indicator, IndicatorStatus]]:
    """Many indicators (a queryset) with where each stands today, in the queryset's order.

    One query for the indicators, their projects and the latest recorded value of each (a subquery), however
    many there are; then one query per computed indicator (its source's, none when a setting is missing).
    """
    latest = (IndicatorValue.objects.filter(indicator=OuterRef("pk"), period_start__lte=today)
              .order_by("-period_end", "-pk"))
    rows = indicators.select_related("project").annotate(
        latest_recorded_value=Subquery(latest.values("value")[:1],
                                       output_field=DecimalField(max_digits=14, decimal_places=2)),
        latest_recorded_end=Subquery(latest.values("period_end")[:1]),
    )
    return [(i, _status(i, today, recorded_value=None if i.source else i.latest_recorded_value,
                        recorded_end=None if i.source else i.latest_recorded_end))
            for i in rows]


def describe_for_page(indicators, project, today: dt.date) -> None:
    """Sets on each indicator (of one project; values prefetched) what the project page shows: ``status``,
    ``progress`` (for a bar), ``source_label`` and ``source_settings`` [(setting, chosen value)].

    One query per computed indicator (its source) and one per kind of setting whose choices need the database
    (the project's target groups), whatever the number of indicators using it.
    """
    choice_labels: dict[str, dict[str, str]] = {}
    for indicator in indicators:
        indicator.status = indicator_status(indicator, today)
        indicator.progress = indicator.status.progress
        indicator.source_settings = []
        if not indicator.source:
            indicator.source_label = ""
            continue
        source = require_source(indicator.source)
        indicator.source_label = source.label
        given = indicator.source_params or {}
        for param in source.params:
            if given.get(param.name) in (None, ""):
                continue
            if param.name not in choice_labels:
                choice_labels[param.name] = {str(value): str(label) for value, label in param.choices(project)}
            value = str(given[param.name])
            shown = choice_labels[param.name].get(value)
            if shown is None:  # e.g. a target group deleted since: the source finds nothing to count
                shown = gettext("no longer among the choices, choose again")
            indicator.source_settings.append((param.label, shown))
