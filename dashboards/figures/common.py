"""What every figure shares: the filters, the months, and a labelled value for charts."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q

from labs import selectors as labs_selectors
from projects.models import Project

ACTIVE_PROJECT = (Project.Status.GRANTED, Project.Status.RUNNING)


@dataclass(frozen=True)
class Filters:
    period_start: dt.date | None = None
    period_end: dt.date | None = None
    municipality_id: int | None = None
    funder_id: int | None = None
    focus_area: str = ""

    def key(self) -> str:
        return "|".join(str(v or "") for v in (self.period_start, self.period_end, self.municipality_id,
                                                  self.funder_id, self.focus_area))

    @property
    def any(self) -> bool:
        return any([self.period_start, self.period_end, self.municipality_id, self.funder_id, self.focus_area])


@dataclass(frozen=True)
class Bar:
    """One labelled value of a chart and of the table beside it."""

    label: str
    value: int | Decimal


def filtered_project_ids(projects, filters: Filters) -> list[int]:
    """One query: the visible projects that match the filters. Under a municipality filter: the projects that
    name the municipality, have a lab there, or whose regional lab held an activity there."""
    qs = projects
    if filters.municipality_id:
        qs = qs.filter(pk__in=Project.objects.taking_part_in(filters.municipality_id).values("pk"))
    if filters.funder_id:
        qs = qs.filter(Q(funder=filters.funder_id) | Q(applications__funder=filters.funder_id))
    if filters.focus_area:
        qs = qs.filter(focus_area=filters.focus_area)
    if filters.period_start:
        qs = qs.filter(end_date__gte=filters.period_start)
    if filters.period_end:
        qs = qs.filter(start_date__lte=filters.period_end)
    return sorted(set(qs.values_list("pk", flat=True)))


def reported(project_ids, filters: Filters):
    """The reported activities (submitted and approved) matching the filters: the municipality filter keeps
    the activities held there, a regional lab's included (labs.selectors.reported_activities)."""
    return labs_selectors.reported_activities(project_ids, period_start=filters.period_start,
                                              period_end=filters.period_end, municipality_id=filters.municipality_id)


def as_date(value) -> dt.date:
    """TruncMonth gives a datetime on some databases and a date on others."""
    return value.date() if isinstance(value, dt.datetime) else value
