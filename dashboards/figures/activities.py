"""Figures of the labs' log: reported activities, participants, target groups, quiet labs, a project's lab grid
and lessons, and seminar registrations by gender. Which activities count is the labs app's definition
(labs.selectors.reported_activities): submitted and approved."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Exists, Max, OuterRef, Q, Sum
from django.db.models.functions import TruncMonth

from grportal.dates import add_months, month_starts
from labs import selectors as labs_selectors
from labs.models import REPORTED_STATUSES, Activity, Lab, TargetGroupCount
from seminars.models import Registration

from .common import ACTIVE_PROJECT, Bar, Filters, as_date, reported

QUIET_DAYS = 60
MONTHS_SHOWN = 24
GRID_MONTHS = 12
TARGET_GROUPS_SHOWN = 12
QUIET_LABS_SHOWN = 15


@dataclass(frozen=True)
class ActivityTotals:
    activities: int
    approved: int  # of the reported activities, those the coordinator approved ("varav godkända")
    participants: int
    women: int
    men: int
    other: int
    hours: Decimal  # co-financed hours in these activities

    @property
    def gender(self) -> labs_selectors.GenderShare:
        return labs_selectors.GenderShare(women=self.women, men=self.men, other=self.other)


@dataclass(frozen=True)
class MonthRow:
    month: dt.date
    activities: int
    participants: int


@dataclass(frozen=True)
class ActivitiesFigure:
    totals: ActivityTotals
    months: tuple[MonthRow, ...]  # the latest MONTHS_SHOWN, months without activities as zeros
    by_target_group: tuple[Bar, ...]


def activities_figure(project_ids, filters: Filters) -> ActivitiesFigure:
    """Reported activities by month (the totals are summed from the same scan) and participants per target
    group. Two queries."""
    activities = reported(project_ids, filters)
    names = ("activities", "approved", "participants", "women", "men", "other", "hours")
    rows = [
        {**r, "month": as_date(r["month"])} for r in
        activities.annotate(month=TruncMonth("date")).values("month")
        .annotate(activities=Count("pk"), approved=Count("pk", filter=Q(status=Activity.Status.APPROVED)),
                  participants=Sum("participants_total", default=0), women=Sum("participants_women", default=0),
                  men=Sum("participants_men", default=0), other=Sum("participants_other", default=0),
                  hours=Sum("co_financed_hours", default=Decimal("0.00")))
        .order_by("month")
    ]
    totals = ActivityTotals(**{name: sum((r[name] for r in rows), Decimal("0.00") if name == "hours" else 0)
                               for name in names})
    by_target_group = tuple(
        Bar(r["target_group__name"], r["n"])
        for r in TargetGroupCount.objects.filter(activity__in=activities).values("target_group__name")
        .annotate(n=Sum("count")).order_by("-n", "target_group__name")[:TARGET_GROUPS_SHOWN]
    )
    return ActivitiesFigure(totals=totals, months=_months(rows, filters), by_target_group=by_target_group)


def _months(rows: list[dict], filters: Filters) -> tuple[MonthRow, ...]:
    by_month = {row["month"]: row for row in rows}
    if not by_month:
        return ()
    start = filters.period_start or min(by_month)
    end = filters.period_end or max(by_month)
    months = [MonthRow(m, by_month.get(m, {}).get("activities", 0), by_month.get(m, {}).get("participants", 0))
              for m in month_starts(start, end)]
    return tuple(months[-MONTHS_SHOWN:])


@dataclass(frozen=True)
class QuietLabs:
    # pk, name, last, project_id, project__title, municipality__name; the first QUIET_LABS_SHOWN
    rows: tuple[dict, ...]
    count: int


def quiet_labs(project_ids, filters: Filters, today: dt.date) -> QuietLabs:
    """Labs of running projects with nothing reported (submitted or approved) in QUIET_DAYS: drafts have not
    reached anyone yet. Under a municipality filter, the municipality's labs and the regional labs that held an
    activity there. One query."""
    labs = Lab.objects.filter(project_id__in=project_ids, project__status__in=ACTIVE_PROJECT)
    if filters.municipality_id:
        held_there = Activity.objects.filter(lab=OuterRef("pk"), municipality_id=filters.municipality_id)
        labs = labs.filter(Q(municipality_id=filters.municipality_id)
                           | Q(Exists(held_there), kind=Lab.Kind.REGIONAL))
    since = today - dt.timedelta(days=QUIET_DAYS)
    rows = list(
        labs.annotate(last=Max("activities__date", filter=Q(activities__status__in=REPORTED_STATUSES)))
        .filter(Q(last__lt=since) | Q(last__isnull=True))
        .values("pk", "name", "last", "project_id", "project__title", "municipality__name")
        .order_by("last", "name")
    )
    return QuietLabs(rows=tuple(rows[:QUIET_LABS_SHOWN]), count=len(rows))


@dataclass(frozen=True)
class SeminarGender:
    women: int
    men: int
    other: int
    unknown: int


def seminar_gender(project_ids, filters: Filters) -> SeminarGender:
    """Registrations (not cancelled) to the projects' seminars in the period, by the gender registrants gave.
    One query."""
    registrations = Registration.objects.filter(seminar__project_id__in=project_ids).exclude(
        status=Registration.Status.CANCELLED)
    if filters.period_start:
        registrations = registrations.filter(seminar__starts_at__date__gte=filters.period_start)
    if filters.period_end:
        registrations = registrations.filter(seminar__starts_at__date__lte=filters.period_end)
    names = {"woman": "women", "man": "men", "other": "other"}
    counts = {"women": 0, "men": 0, "other": 0, "unknown": 0}
    for r in registrations.values("gender").annotate(n=Count("pk")):
        counts[names.get(r["gender"], "unknown")] += r["n"]
    return SeminarGender(**counts)


@dataclass(frozen=True)
class LabRow:
    lab: str
    counts: tuple[int, ...]  # one per month of the grid
    total: int


@dataclass(frozen=True)
class LabGrid:
    months: tuple[dt.date, ...]
    rows: tuple[LabRow, ...]


def lab_grid(project, today: dt.date) -> LabGrid:
    """Reported activities per lab and month over the twelve months up to today's month (or the project's last
    month once it has ended). Two queries."""
    until = min(today, project.end_date) if project.end_date else today
    since = add_months(until, -(GRID_MONTHS - 1))
    months = tuple(month_starts(since, until))
    grid: dict[str, dict[dt.date, int]] = {}
    for row in (labs_selectors.reported_activities([project.pk], period_start=since, period_end=until)
                .annotate(month=TruncMonth("date")).values("lab__name", "month").annotate(n=Count("pk"))):
        grid.setdefault(row["lab__name"], {})[as_date(row["month"])] = row["n"]
    names = Lab.objects.filter(project=project).order_by("name").values_list("name", flat=True)
    return LabGrid(months=months, rows=tuple(
        LabRow(name, tuple(grid.get(name, {}).get(m, 0) for m in months), sum(grid.get(name, {}).values()))
        for name in names))


def recent_lessons(project, limit: int = 6) -> tuple[dict, ...]:
    """The latest lessons of the project, of its reported activities and recorded on their own, as the funder
    report lists them (labs.selectors.lessons_for_project); plain data, for the cache. Three queries at most."""
    return tuple({"date": r.recorded_on if r.lesson_kind == labs_selectors.STANDALONE_LESSON else r.date,
                  "lab__name": r.lab.name if r.lab_id else "",  # the template says "the whole project"
                  "text": r.text if r.lesson_kind == labs_selectors.STANDALONE_LESSON else r.lessons}
                 for r in labs_selectors.lessons_for_project(project, limit=limit))
