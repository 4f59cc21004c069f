"""Figures of the activity log. Every reported figure of the portal that is computed from the log (dashboards,
indicators, the budget outcome, funder reports) goes through these functions, so a figure has one definition:
which activities count (``Activity.objects.reported()``), where an activity took place, whose working time
it is and how a gender share is computed."""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, F, Q, Sum, Value, prefetch_related_objects
from django.db.models.functions import Coalesce, ExtractYear
from django.utils import timezone

from accounts.models import Invitation, Organisation
from grportal.numbers import percent

from .models import REPORTED_STATUSES, Activity, CoFinancedTime, Lab, Lesson, TargetGroupCount

# The invitation target of a lab lead (labs.services.lead_invite, the grant registered in labs/apps.py).
LAB_LEAD_TARGET = "labs.lab"

ZERO = Decimal("0.00")
REPORTED = Q(status__in=REPORTED_STATUSES)


def project_ids_in_municipality(municipality_id):
    """The projects this app places in a municipality (projects/places.py): a lab located there, or a regional
    lab's activity held there. One subquery of project ids."""
    return (Lab.objects.filter(Q(municipality_id=municipality_id) | Q(activities__municipality_id=municipality_id))
            .values("project_id"))


def lab_totals(lab) -> dict:
    """The lab's reported activities (submitted and approved, as every figure counts them): how many,
    participants by gender, co-financed hours and lessons; and how many are logged in all (drafts and returned
    ones included). One query."""
    sums = {name: Sum(name, default=0, filter=REPORTED) for name in (
        "participants_total", "participants_women", "participants_men", "participants_other",
        "co_financed_hours")}
    totals = lab.activities.aggregate(
        activities=Count("pk", filter=REPORTED), logged=Count("pk"),
        lessons=Count("pk", filter=REPORTED & ~Q(lessons="")), **sums,
    )
    totals["co_financed_hours"] = totals["co_financed_hours"] or Decimal(0)
    return totals


def lab_target_group_totals(lab) -> list[dict]:
    """Participants per target group over the lab's reported activities, largest first."""
    return list(
        TargetGroupCount.objects.filter(activity__lab=lab, activity__status__in=REPORTED_STATUSES)
        .values("target_group__name")
        .annotate(participants=Sum("count")).order_by("-participants", "target_group__name")
    )


# --- Reported figures ------------------------------------------------------------------------------------------

def reported_activities(project_ids: Iterable[int], *, period_start: dt.date | None = None,
                        period_end: dt.date | None = None, municipality_id: int | None = None):
    """The activities that count in reported figures: submitted and approved, of the projects, dated in the
    period, held in the municipality (a regional lab's activities where they took place)."""
    qs = Activity.objects.reported().filter(lab__project_id__in=list(project_ids))
    if period_start:
        qs = qs.filter(date__gte=period_start)
    if period_end:
        qs = qs.filter(date__lte=period_end)
    if municipality_id:
        qs = qs.in_municipality(municipality_id)
    return qs


@dataclass(frozen=True)
class LoggedHours:
    """Co-financed working time logged in the labs' reported activities, by project, year and organisation."""

    project_id: int
    year: int
    organisation_id: int
    organisation: str
    organisation_kind: str  # accounts.models.Organisation.Kind
    hours: Decimal


def co_financed_hours(project_ids: Iterable[int], *, period_start: dt.date | None = None,
                      period_end: dt.date | None = None, organisation_id: int | None = None) -> list[LoggedHours]:
    """The working time organisations put into the reported activities, whichever lab it was logged in
    (Ale's staff in Kungälv's lab count for Ale). Where an activity names hours per organisation those count;
    an older activity with only a total counts for the municipality it was held in. Two queries."""
    ids = list(project_ids)
    activities = reported_activities(ids, period_start=period_start, period_end=period_end)
    hours: dict[tuple[int, int, int], Decimal] = defaultdict(Decimal)
    names: dict[int, tuple[str, str]] = {}
    per_org = CoFinancedTime.objects.filter(activity__in=activities)
    if organisation_id:
        per_org = per_org.filter(organisation_id=organisation_id)
    for row in (per_org.annotate(year=ExtractYear("activity__date"))
                .values("activity__lab__project_id", "year", "organisation_id", "organisation__name",
                        "organisation__kind")
                .annotate(h=Sum("hours"))):
        hours[(row["activity__lab__project_id"], row["year"], row["organisation_id"])] += row["h"] or ZERO
        names[row["organisation_id"]] = (row["organisation__name"], row["organisation__kind"])
    older = (activities.filter(co_financed_time__isnull=True, co_financed_hours__gt=0)
             .annotate(held_in=Coalesce("municipality_id", "lab__municipality_id"),
                       place_name=Coalesce("municipality__name", "lab__municipality__name"),
                       year=ExtractYear("date"))
             .filter(held_in__isnull=False))
    if organisation_id:
        older = older.filter(held_in=organisation_id)
    for row in older.values("lab__project_id", "year", "held_in", "place_name").annotate(h=Sum("co_financed_hours")):
        hours[(row["lab__project_id"], row["year"], row["held_in"])] += row["h"] or ZERO
        names[row["held_in"]] = (row["place_name"], Organisation.Kind.MUNICIPALITY)
    return [LoggedHours(project_id=p, year=y, organisation_id=o, organisation=names[o][0],
                        organisation_kind=names[o][1], hours=h)
            for (p, y, o), h in sorted(hours.items(), key=lambda kv: (kv[0][0], kv[0][1], names[kv[0][2]]))]


@dataclass(frozen=True)
class GenderShare:
    """Participants by gender and each group's share of all participants whose gender was counted (women +
    men + other or not stated): that sum is the denominator wherever a share is shown."""

    women: int
    men: int
    other: int

    @property
    def counted(self) -> int:
        return self.women + self.men + self.other

    def _percent(self, part: int) -> Decimal | None:
        return percent(part, self.counted)

    @property
    def women_percent(self) -> Decimal | None:
        return self._percent(self.women)

    @property
    def men_percent(self) -> Decimal | None:
        return self._percent(self.men)

    @property
    def other_percent(self) -> Decimal | None:
        return self._percent(self.other)


def gender_share(activities) -> GenderShare:
    """The gender split of an activity queryset's participants. One query."""
    sums = activities.aggregate(women=Sum("participants_women", default=0), men=Sum("participants_men", default=0),
                                other=Sum("participants_other", default=0))
    return GenderShare(women=sums["women"], men=sums["men"], other=sums["other"])


def lab_leads(lab: Lab) -> dict:
    """The lab settings page's people: its leads, and the invitations to lead it not yet accepted."""
    pending = Invitation.objects.filter(target=LAB_LEAD_TARGET, target_id=lab.pk, accepted_at__isnull=True,
                                        expires_at__gt=timezone.now()).order_by("-created_at")
    return {"leads": list(lab.leads.select_related("organisation").order_by("full_name", "email")),
            "pending_invitations": list(pending)}


# --- Lessons learned: in activities and on their own ----------------------------------------------------------

ACTIVITY_LESSON, STANDALONE_LESSON = "activity", "lesson"


def lesson_keys(activities, lessons):
    """Both kinds of lessons learned as one queryset of (kind, id, date, created) rows, newest first: the activities'
    lessons (an Activity queryset, already filtered to those with a lesson) and standalone lessons (a Lesson
    queryset). A UNION, so a page of it is counted and sliced in one query each, however many rows there are."""
    def keys(queryset, kind, day):
        return (queryset.order_by().select_related(None).prefetch_related(None)
                .annotate(lesson_kind=Value(kind), ref=F("pk"), day=F(day), made=F("created_at"))
                .values_list("lesson_kind", "ref", "day", "made"))
    return (keys(activities, ACTIVITY_LESSON, "date").union(keys(lessons, STANDALONE_LESSON, "recorded_on"), all=True)
            .order_by("-day", "-made", "lesson_kind", "-ref"))


def lesson_records(keys) -> list:
    """The Activity and Lesson rows of some lesson_keys() rows (a page), in their order: one query for each kind
    and one for their labs' methods, whatever the number of rows."""
    keys = list(keys)
    wanted = {kind: [ref for k, ref, *_rest in keys if k == kind] for kind in (ACTIVITY_LESSON, STANDALONE_LESSON)}
    found = {
        ACTIVITY_LESSON: Activity.objects.with_lessons().prefetch_related(None).in_bulk(wanted[ACTIVITY_LESSON])
        if wanted[ACTIVITY_LESSON] else {},
        STANDALONE_LESSON: Lesson.objects.for_bank().prefetch_related(None).in_bulk(wanted[STANDALONE_LESSON])
        if wanted[STANDALONE_LESSON] else {},
    }
    records = []
    for kind, ref, *_rest in keys:
        record = found[kind].get(ref)
        if record is not None:  # deleted between the two queries
            record.lesson_kind = kind
            records.append(record)
    prefetch_related_objects([record.lab for record in records if record.lab_id], "methods")
    return records


def lessons_for_project(project, *, period_start: dt.date | None = None, period_end: dt.date | None = None,
                        limit: int | None = None) -> list:
    """The lessons learned a project reports for a period: those of its reported activities (submitted and
    approved, as every figure counts them) dated in the period, and its standalone lessons recorded in the period;
    newest first (the latest `limit` of them, for the project dashboard). The funder reports and the dashboard read
    them here, from the same lesson_keys() and lesson_records() as the Erfarenhetsbank."""
    activities = reported_activities([project.pk], period_start=period_start, period_end=period_end).exclude(
        lessons="")
    lessons = Lesson.objects.filter(project=project)
    if period_start:
        lessons = lessons.filter(recorded_on__gte=period_start)
    if period_end:
        lessons = lessons.filter(recorded_on__lte=period_end)
    keys = lesson_keys(activities, lessons)
    return lesson_records(keys[:limit] if limit is not None else keys)
