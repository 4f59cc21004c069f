"""The dashboards' figures. Each figure is one query whatever the number of rows (no per-row queries),
and the portfolio's figures are cached per (visible projects, filters) until something they depend on
changes (dashboards/signals.py bumps a generation counter; a short timeout covers bulk updates)."""

import datetime as dt
import hashlib
from dataclasses import dataclass
from decimal import Decimal

from django.core.cache import cache
from collections import defaultdict

from django.db.models import Count, DecimalField, Exists, Max, OuterRef, Q, Subquery, Sum
from django.db.models.functions import TruncMonth
from django.urls import reverse
from django.utils import timezone, translation

from accounts.models import Organisation
from budgets import calculations as calc
from budgets.models import ActualCost, CostLine, FinancingLine
from labs.models import Activity, CoFinancedTime, Lab, TargetGroupCount
from projects.models import FundingApplication, Indicator, IndicatorValue, Milestone, Project, WorkPackage
from reports.models import Report, ReportDueDate
from reports.registry import get_report_type
from seminars.models import Registration, Seminar

from .models import Decision, Meeting

try:  # the budgets app's public selector (reworked in parallel); without it the budget figures are left out
    from budgets.selectors import balance_for_projects
except ImportError:  # pragma: no cover - depends on the budgets app's state
    balance_for_projects = None

QUIET_DAYS = 60
MONTHS_SHOWN = 24
GENERATION_KEY = "dashboards:generation"
CACHE_SECONDS = 300
GRANTED = (FundingApplication.Status.GRANTED, FundingApplication.Status.PARTLY)
PENDING = (FundingApplication.Status.PLANNED, FundingApplication.Status.SUBMITTED)
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


def generation() -> int:
    value = cache.get(GENERATION_KEY)
    if value is None:
        cache.add(GENERATION_KEY, 1, timeout=None)
        value = cache.get(GENERATION_KEY, 1)
    return value


def bump_generation() -> None:
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.add(GENERATION_KEY, 2, timeout=None)


def filtered_project_ids(projects, filters: Filters) -> list[int]:
    """One query: the visible projects that match the filters."""
    qs = projects
    if filters.municipality_id:
        qs = qs.filter(Q(municipalities=filters.municipality_id) | Q(labs__municipality=filters.municipality_id))
    if filters.funder_id:
        qs = qs.filter(Q(funder=filters.funder_id) | Q(applications__funder=filters.funder_id))
    if filters.focus_area:
        qs = qs.filter(focus_area=filters.focus_area)
    if filters.period_start:
        qs = qs.filter(end_date__gte=filters.period_start)
    if filters.period_end:
        qs = qs.filter(start_date__lte=filters.period_end)
    return sorted(set(qs.values_list("pk", flat=True)))


def balances(project_ids) -> dict | None:
    """The budgets app's balance per project, or None when that API is not there."""
    if balance_for_projects is None:
        return None
    return balance_for_projects(list(project_ids))


def _get(summary, name):
    return summary.get(name) if isinstance(summary, dict) else getattr(summary, name, None)


def portfolio_key(user_is_staff: bool, project_ids: list[int], filters: Filters, today: dt.date) -> str:
    """What the portfolio's figures depend on: the data (generation), the day, the language of the labels,
    the projects the person may see and the filters."""
    digest = hashlib.sha256(",".join(map(str, project_ids)).encode()).hexdigest()[:24]
    language = translation.get_language() or ""
    return (f"dashboards:portfolio:{generation()}:{today.isoformat()}:{language}:{int(user_is_staff)}:{digest}:"
            f"{filters.key()}")


def portfolio(user_is_staff: bool, project_ids: list[int], filters: Filters, today: dt.date | None = None) -> dict:
    """All the portfolio figures, from the cache when nothing has changed since they were computed."""
    today = today or timezone.localdate()
    key = portfolio_key(user_is_staff, project_ids, filters, today)
    data = cache.get(key)
    if data is None:
        data = compute_portfolio(project_ids, filters, today, include_portfolio_meetings=True)
        cache.set(key, data, CACHE_SECONDS)
    return data


def _activities(project_ids, filters: Filters, model=Activity, prefix=""):
    """Activities (or rows hanging off them, with prefix "activity__") matching the filters, as joins."""
    qs = model.objects.filter(**{f"{prefix}lab__project_id__in": project_ids})
    if filters.municipality_id:
        qs = qs.filter(**{f"{prefix}lab__municipality_id": filters.municipality_id})
    if filters.period_start:
        qs = qs.filter(**{f"{prefix}date__gte": filters.period_start})
    if filters.period_end:
        qs = qs.filter(**{f"{prefix}date__lte": filters.period_end})
    return qs


def _month_starts(first: dt.date, last: dt.date) -> list[dt.date]:
    """The first day of every month from first's month to last."""
    months, month = [], first.replace(day=1)
    while month <= last:
        months.append(month)
        month = (month + dt.timedelta(days=32)).replace(day=1)
    return months


def _months(rows, first: dt.date | None, last: dt.date | None) -> list[dict]:
    """Fill the months without activities with zeros, and keep the latest MONTHS_SHOWN."""
    by_month = {row["month"]: row for row in rows}
    if not by_month:
        return []
    start = first or min(by_month)
    end = last or max(by_month)
    months = []
    for month in _month_starts(start, end):
        row = by_month.get(month, {})
        months.append({"month": month, "activities": row.get("activities", 0),
                       "participants": row.get("participants", 0) or 0})
    return months[-MONTHS_SHOWN:]


def expected_on(indicator: dict, today: dt.date) -> Decimal:
    """The trajectory: linear from the baseline at the project's start to the target at its end."""
    start, end = indicator["project__start_date"], indicator["project__end_date"]
    baseline, target = indicator["baseline"], indicator["target"]
    if today <= start:
        return baseline
    if today >= end or end <= start:
        return target
    share = Decimal((today - start).days) / Decimal((end - start).days)
    return baseline + (target - baseline) * share


def indicator_progress(project_ids, today: dt.date) -> list[dict]:
    """Each indicator with its latest recorded value, the expected value today and whether it is behind.

    One query. Computed indicators (source set) are judged on recorded values only; without any recorded
    value an indicator is listed as "no value" and never flagged.
    """
    latest = IndicatorValue.objects.filter(indicator=OuterRef("pk")).order_by("-period_end", "-pk")
    rows = list(
        Indicator.objects.filter(project_id__in=project_ids)
        .annotate(latest_value=Subquery(latest.values("value")[:1],
                                        output_field=DecimalField(max_digits=14, decimal_places=2)),
                  latest_end=Subquery(latest.values("period_end")[:1]))
        .values("pk", "name", "unit", "baseline", "target", "direction", "latest_value", "latest_end",
                "project_id", "project__title", "project__short_name", "project__start_date", "project__end_date")
        .order_by("project__title", "name")
    )
    for row in rows:
        expected = expected_on(row, today)
        row["expected"] = expected
        span = row["target"] - row["baseline"]
        value = row["latest_value"]
        row["reached_pct"] = None if value is None or span == 0 else float((value - row["baseline"]) / span * 100)
        row["expected_pct"] = 0.0 if span == 0 else float((expected - row["baseline"]) / span * 100)
        if value is None:
            row["behind"] = False
        elif row["direction"] == Indicator.Direction.DOWN:
            row["behind"] = value > expected
        else:
            row["behind"] = value < expected
    return rows


def compute_portfolio(project_ids: list[int], filters: Filters, today: dt.date, *,
                      include_portfolio_meetings: bool) -> dict:
    projects = Project.objects.filter(pk__in=project_ids)
    status_labels = dict(Project.Status.choices)
    project_list = list(projects.values("pk", "title", "short_name", "status", "focus_area", "end_date")
                        .order_by("title", "pk"))
    status_counts: dict[str, int] = {}
    focus_counts: dict[str, int] = {}
    for row in project_list:
        row["status_label"] = str(status_labels.get(row["status"], row["status"]))
        status_counts[row["status_label"]] = status_counts.get(row["status_label"], 0) + 1
        focus_counts[row["focus_area"]] = focus_counts.get(row["focus_area"], 0) + 1
    by_status = [{"label": k, "value": v} for k, v in sorted(status_counts.items(), key=lambda kv: (-kv[1], kv[0]))]
    by_focus = [{"label": k, "value": v} for k, v in sorted(focus_counts.items(), key=lambda kv: (-kv[1], kv[0]))]

    applications = FundingApplication.objects.filter(project_id__in=project_ids)
    if filters.funder_id:
        applications = applications.filter(funder_id=filters.funder_id)
    money = applications.aggregate(
        granted=Sum("amount_granted", filter=Q(status__in=GRANTED), default=Decimal(0)),
        granted_count=Count("pk", filter=Q(status__in=GRANTED)),
        pending=Sum("amount_applied", filter=Q(status__in=PENDING), default=Decimal(0)),
        pending_count=Count("pk", filter=Q(status__in=PENDING)),
    )
    granted_by_funder = [
        {"label": r["funder__name"], "value": r["total"]}
        for r in applications.filter(status__in=GRANTED).values("funder__name")
        .annotate(total=Sum("amount_granted")).order_by("-total", "funder__name")
    ]

    budget_rows, unbalanced = None, []
    summaries = balances(project_ids)
    if summaries is not None:
        titles = {row["pk"]: row["title"] for row in project_list}
        budget_rows = {"total_cost": Decimal(0), "total_financing": Decimal(0), "projects": 0}
        for pid, summary in summaries.items():
            if summary is None:
                continue
            budget_rows["projects"] += 1
            budget_rows["total_cost"] += _get(summary, "total_cost") or 0
            budget_rows["total_financing"] += _get(summary, "total_financing") or 0
            if not _get(summary, "balances"):
                unbalanced.append({"project_id": pid, "title": titles.get(pid, ""),
                                   "difference": _get(summary, "difference"),
                                   "budget_id": _get(summary, "budget_id")})
        unbalanced.sort(key=lambda r: r["title"])

    activities = _activities(project_ids, filters)
    # One scan of the activities, by month and municipality; the months, the totals and the hours per
    # municipality are summed from it here.
    FIGURES = ("activities", "participants", "women", "men", "other", "hours")
    grouped = list(
        activities.annotate(month=TruncMonth("date")).values("month", "lab__municipality__name")
        .annotate(activities=Count("pk"), participants=Sum("participants_total"),
                  women=Sum("participants_women"), men=Sum("participants_men"), other=Sum("participants_other"),
                  hours=Sum("co_financed_hours"))
        .order_by("month")
    )
    by_month: dict[dt.date, dict] = {}
    municipality_hours: dict[str, Decimal] = {}
    for row in grouped:
        month = row["month"].date() if isinstance(row["month"], dt.datetime) else row["month"]
        summed = by_month.setdefault(month, {"month": month, **{name: 0 for name in FIGURES}})
        for name in FIGURES:
            summed[name] += row[name] or 0
        name = row["lab__municipality__name"] or ""
        municipality_hours[name] = municipality_hours.get(name, Decimal(0)) + (row["hours"] or 0)
    month_rows = list(by_month.values())
    totals = {name: sum(r[name] for r in month_rows) for name in FIGURES}
    months = _months(month_rows, filters.period_start, filters.period_end)
    hours_by_municipality = [
        {"label": name, "value": hours}
        for name, hours in sorted(municipality_hours.items(), key=lambda kv: (-kv[1], kv[0])) if hours > 0
    ]
    hours_by_organisation = [
        {"label": r["organisation__name"], "value": r["hours"]}
        for r in _activities(project_ids, filters, CoFinancedTime, "activity__")
        .values("organisation__name").annotate(hours=Sum("hours")).order_by("-hours", "organisation__name")[:15]
    ]
    by_target_group = [
        {"label": r["target_group__name"], "value": r["n"]}
        for r in _activities(project_ids, filters, TargetGroupCount, "activity__")
        .values("target_group__name").annotate(n=Sum("count")).order_by("-n", "target_group__name")[:12]
    ]
    registrations = Registration.objects.filter(seminar__project_id__in=project_ids).exclude(
        status=Registration.Status.CANCELLED)
    if filters.period_start:
        registrations = registrations.filter(seminar__starts_at__date__gte=filters.period_start)
    if filters.period_end:
        registrations = registrations.filter(seminar__starts_at__date__lte=filters.period_end)
    gender_labels = {"woman": "women", "man": "men", "other": "other", "": "unknown"}
    seminar_gender = {v: 0 for v in gender_labels.values()}
    for r in registrations.values("gender").annotate(n=Count("pk")):
        seminar_gender[gender_labels.get(r["gender"], "unknown")] += r["n"]

    deadlines = upcoming_deadlines(project_ids, today)

    quiet_since = today - dt.timedelta(days=QUIET_DAYS)
    labs = Lab.objects.filter(project_id__in=project_ids, project__status__in=ACTIVE_PROJECT)
    if filters.municipality_id:
        labs = labs.filter(municipality_id=filters.municipality_id)
    quiet_labs = list(
        labs.annotate(last=Max("activities__date")).filter(Q(last__lt=quiet_since) | Q(last__isnull=True))
        .values("pk", "name", "last", "project__title", "municipality__name").order_by("last", "name")
    )

    indicators = indicator_progress(project_ids, today)
    behind = [row for row in indicators if row["behind"]]
    overdue = overdue_reports(project_ids, today)
    used = money_used(project_ids, filters)

    return {
        "project_count": len(project_ids),
        "projects": project_list,
        "by_status": by_status,
        "by_focus": by_focus,
        "money": money,
        "used": used,
        "used_percent": (calc.share_percent(used, budget_rows["total_cost"])
                         if budget_rows and budget_rows["total_cost"] else None),
        "co_financing": co_financing_by_municipality(project_ids, filters),
        "granted_by_funder": granted_by_funder,
        "budget": budget_rows,
        "months": months,
        "totals": totals,
        "hours_by_municipality": hours_by_municipality,
        "hours_by_organisation": hours_by_organisation,
        "by_target_group": by_target_group,
        "seminar_gender": seminar_gender,
        "deadlines": deadlines,
        "flags": {
            "unbalanced": unbalanced,
            "quiet_labs": quiet_labs[:15],
            "quiet_lab_count": len(quiet_labs),
            "behind": behind[:15],
            "behind_count": len(behind),
            "overdue_reports": overdue[:15],
            "overdue_report_count": len(overdue),
            "budgets_unknown": summaries is None,
        },
        "decisions": open_decisions(project_ids, include_portfolio_meetings),
        "latest_meeting": latest_meeting(project_ids, include_portfolio_meetings),
    }


def upcoming_deadlines(project_ids, today: dt.date, limit: int = 12) -> list[dict]:
    """Applications, seminars (and their registration deadlines) and milestones ahead: three queries."""
    items = []
    for app in (FundingApplication.objects.filter(project_id__in=project_ids, deadline__gte=today,
                                                  status__in=PENDING)
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


def _decision_dict(decision: Decision) -> dict:
    return {
        "pk": decision.pk, "text": decision.text, "status": decision.status,
        "status_label": decision.get_status_display(), "due_date": decision.due_date,
        "responsible": decision.responsible,
        "meeting_id": decision.meeting_id, "meeting_date": decision.meeting.date,
        "meeting_title": str(decision.meeting),
        "project": decision.meeting.project.title if decision.meeting.project_id else "",
        "changes": _changed(decision),
    }


def _changed(decision: Decision) -> dict | None:
    if decision.budget_id:
        return {"label": str(decision.budget), "url": reverse("budgets:detail", args=[decision.budget_id])}
    if decision.work_package_id:
        wp = decision.work_package
        return {"label": f"{wp.code} {wp.title}", "url": reverse("projects:detail", args=[wp.project_id])}
    if decision.project_id:
        return {"label": decision.project.title, "url": decision.project.get_absolute_url()}
    return None


def _meetings_for(project_ids, include_portfolio: bool):
    q = Q(project_id__in=project_ids)
    if include_portfolio:
        q |= Q(project__isnull=True)
    return Meeting.objects.filter(q)


def open_decisions(project_ids, include_portfolio: bool, limit: int = 20) -> list[dict]:
    decisions = (Decision.objects.filter(status=Decision.Status.OPEN,
                                         meeting__in=_meetings_for(project_ids, include_portfolio))
                 .select_related("meeting__project", "project", "work_package", "budget")
                 .order_by("due_date", "meeting__date", "pk")[:limit])
    return [_decision_dict(d) for d in decisions]


def latest_meeting(project_ids, include_portfolio: bool) -> dict | None:
    meeting = _meetings_for(project_ids, include_portfolio).select_related("project").order_by("-date", "-pk").first()
    if meeting is None:
        return None
    decisions = meeting.decisions.select_related("project", "work_package", "budget").order_by("pk")
    for d in decisions:
        d.meeting = meeting
    return {"pk": meeting.pk, "title": str(meeting), "date": meeting.date,
            "project": meeting.project.title if meeting.project_id else "",
            "agenda": meeting.agenda_list, "attendee_count": len(meeting.attendee_list),
            "decisions": [_decision_dict(d) for d in decisions]}


# --- one project ---------------------------------------------------------------------------------------

def project_dashboard(project: Project, today: dt.date | None = None) -> dict:
    today = today or timezone.localdate()
    indicators = indicator_progress([project.pk], today)
    # The twelve months up to today, or up to the project's end once it has ended.
    until = min(today, project.end_date) if project.end_date else today
    since = (until.replace(day=1) - dt.timedelta(days=365)).replace(day=1)
    per_lab_month = list(
        Activity.objects.filter(lab__project=project, date__gte=since, date__lte=until)
        .annotate(month=TruncMonth("date")).values("lab__name", "month").annotate(n=Count("pk"))
        .order_by("lab__name", "month")
    )
    months = _month_starts(since, until)
    grid: dict[str, dict] = {}
    for row in per_lab_month:
        m = row["month"].date() if isinstance(row["month"], dt.datetime) else row["month"]
        grid.setdefault(row["lab__name"], {})[m] = row["n"]
    lab_names = list(Lab.objects.filter(project=project).order_by("name").values_list("name", flat=True))
    lab_rows = [{"lab": name, "counts": [grid.get(name, {}).get(m, 0) for m in months],
                 "total": sum(grid.get(name, {}).values())} for name in lab_names]
    lessons = list(
        Activity.objects.filter(lab__project=project).exclude(lessons="")
        .values("pk", "date", "title", "lessons", "lab__name", "lab_id").order_by("-date", "-pk")[:6]
    )
    late_packages = list(
        WorkPackage.objects.filter(project=project, end_date__lt=today).exclude(status=WorkPackage.Status.DONE)
        .values("pk", "code", "title", "end_date", "status").order_by("end_date", "code")
    )
    status_labels = dict(WorkPackage.Status.choices)
    for wp in late_packages:
        wp["status_label"] = status_labels.get(wp["status"], wp["status"])
        wp["days_late"] = (today - wp["end_date"]).days
    late_milestones = list(
        Milestone.objects.filter(work_package__project=project, done=False, due_date__lt=today)
        .values("title", "due_date", "work_package__code").order_by("due_date")[:20]
    )
    summaries = balances([project.pk])
    budget = summaries.get(project.pk) if summaries is not None else None
    return {
        "indicators": indicators,
        "months": months,
        "lab_rows": lab_rows,
        "lessons": lessons,
        "late_packages": late_packages,
        "late_milestones": late_milestones,
        "budget": budget,
        "budget_api": summaries is not None,
        "burn": budget_burn(project, today),
        "decisions": open_decisions([project.pk], include_portfolio=False),
        "latest_meeting": latest_meeting([project.pk], include_portfolio=False),
    }


# --- money used, co-financing committed and delivered, reports due ----------------------------------------

def money_used(project_ids, filters: Filters) -> Decimal:
    """Costs booked against the projects (entered or imported ledger rows), in the chosen period. One query."""
    qs = ActualCost.objects.filter(project_id__in=project_ids)
    if filters.period_start:
        qs = qs.filter(date__gte=filters.period_start)
    if filters.period_end:
        qs = qs.filter(date__lte=filters.period_end)
    return qs.aggregate(total=Sum("amount", default=Decimal("0.00")))["total"]


COUNTED_ACTIVITY = ("submitted", "approved")  # drafts and returned activities are not delivered yet


def co_financing_by_municipality(project_ids, filters: Filters) -> list[dict]:
    """Per municipality: co-financing committed in the current budgets (in kind and in cash, with the planned
    hours), and the working time delivered according to the labs' log (submitted and approved activities),
    valued at the committed hourly cost (committed in-kind amount ÷ committed hours). Three queries.

    Hours delivered are those logged per organisation; an older activity with only a total counts for its
    lab's municipality (as the budget page does).
    """
    municipality = Organisation.Kind.MUNICIPALITY
    lines = FinancingLine.objects.filter(
        budget__project_id__in=project_ids, budget__is_current=True, organisation__kind=municipality,
        kind__in=(FinancingLine.Kind.IN_KIND, FinancingLine.Kind.CASH))
    if filters.municipality_id:
        lines = lines.filter(organisation_id=filters.municipality_id)
    rows: dict[int, dict] = {}

    def row(org_id, name):
        return rows.setdefault(org_id, {"organisation_id": org_id, "label": name, "in_kind": Decimal("0.00"),
                                        "cash": Decimal("0.00"), "planned_hours": Decimal("0.00"),
                                        "hours_for_rate": Decimal("0.00"), "amount_for_rate": Decimal("0.00"),
                                        "delivered_hours": Decimal("0.00")})

    for line in lines.values("organisation_id", "organisation__name", "kind", "amount", "people", "share_percent",
                             "months", "annual_hours", "monthly_salary"):
        r = row(line["organisation_id"], line["organisation__name"])
        if line["kind"] == FinancingLine.Kind.CASH:
            r["cash"] += line["amount"]
            continue
        r["in_kind"] += line["amount"]
        if line["monthly_salary"] is not None and line["people"] and line["share_percent"] and line["months"]:
            hours = calc.planned_hours(people=line["people"], share_percent=line["share_percent"],
                                       months=line["months"], annual_hours=line["annual_hours"])
            r["planned_hours"] += hours
            r["hours_for_rate"] += hours
            r["amount_for_rate"] += line["amount"]

    logged = _activities(project_ids, filters, CoFinancedTime, "activity__").filter(
        activity__status__in=COUNTED_ACTIVITY, organisation__kind=municipality)
    if filters.municipality_id:
        logged = logged.filter(organisation_id=filters.municipality_id)
    for r in logged.values("organisation_id", "organisation__name").annotate(hours=Sum("hours")):
        row(r["organisation_id"], r["organisation__name"])["delivered_hours"] += r["hours"] or 0
    older = _activities(project_ids, filters).filter(
        status__in=COUNTED_ACTIVITY, co_financed_time__isnull=True, co_financed_hours__gt=0,
        lab__municipality__isnull=False)
    for r in older.values("lab__municipality_id", "lab__municipality__name").annotate(hours=Sum("co_financed_hours")):
        row(r["lab__municipality_id"], r["lab__municipality__name"])["delivered_hours"] += r["hours"] or 0

    result = []
    for r in sorted(rows.values(), key=lambda r: r["label"]):
        rate = (calc.to_ore(r["amount_for_rate"] / r["hours_for_rate"]) if r["hours_for_rate"] else None)
        r["hourly_rate"] = rate
        r["delivered_value"] = calc.in_kind_value(hours=r["delivered_hours"], hourly_rate=rate) if rate else None
        r["delivered_percent"] = (calc.share_percent(r["delivered_value"], r["in_kind"])
                                  if r["delivered_value"] is not None else None)
        result.append(r)
    return result


def overdue_reports(project_ids, today: dt.date) -> list[dict]:
    """Due dates in the funders' reporting calendar that have passed with no finished report of that type for
    the period (a report generated and ready, or published). One query."""
    finished = Report.objects.filter(project=OuterRef("project"), report_type=OuterRef("report_type"),
                                     status=Report.Status.DONE, period_end__gte=OuterRef("period_end"))
    rows = list(ReportDueDate.objects.filter(project_id__in=project_ids, due_date__lt=today)
                .annotate(done=Exists(finished)).filter(done=False)
                .values("pk", "project_id", "project__title", "report_type", "period_start", "period_end",
                        "due_date").order_by("due_date", "pk"))
    for r in rows:
        report_type = get_report_type(r["report_type"])
        r["title"] = str(report_type.title) if report_type else r["report_type"]
        r["days_late"] = (today - r["due_date"]).days
    return rows


def reports_due(project_ids, today: dt.date, limit: int) -> list[dict]:
    """Report due dates ahead, for the deadlines list. One query."""
    items = []
    for r in (ReportDueDate.objects.filter(project_id__in=project_ids, due_date__gte=today)
              .values("due_date", "report_type", "project_id", "project__title").order_by("due_date")[:limit]):
        report_type = get_report_type(r["report_type"])
        items.append({"date": r["due_date"], "kind": "report", "project_id": r["project_id"],
                      "project": r["project__title"],
                      "what": str(report_type.title) if report_type else r["report_type"]})
    return items


def budget_burn(project: Project, today: dt.date) -> list[dict]:
    """Month by month from the project's start to today (or its end): the current version's planned costs
    accumulated (each year's planned cost spread evenly over the project's months in that year) against the
    booked costs accumulated. Two queries."""
    last = min(today, project.end_date)
    if last < project.start_date:
        return []
    months = _month_starts(project.start_date, project.end_date)
    months_in_year: dict[int, int] = defaultdict(int)
    for m in months:
        months_in_year[m.year] += 1
    planned_by_year = dict(CostLine.objects.filter(budget__project=project, budget__is_current=True)
                           .values_list("year").annotate(total=Sum("amount")).values_list("year", "total"))
    actual_by_month = {}
    for r in (ActualCost.objects.filter(project=project, date__lte=last).annotate(month=TruncMonth("date"))
              .values("month").annotate(total=Sum("amount"))):
        m = r["month"].date() if isinstance(r["month"], dt.datetime) else r["month"]
        actual_by_month[m] = r["total"]
    rows, planned, actual = [], Decimal("0.00"), Decimal("0.00")
    for m in months:
        if m > last:
            break
        year_total = planned_by_year.get(m.year)
        if year_total:
            planned += year_total / months_in_year[m.year]
        month_actual = actual_by_month.get(m, Decimal("0.00"))
        actual += month_actual
        rows.append({"month": m, "planned": calc.to_ore(planned), "actual": actual, "month_actual": month_actual})
    # Costs planned for years outside the project period would never be reached by the months: add them at the end.
    if rows and last == project.end_date:
        rows[-1]["planned"] = calc.to_ore(sum(planned_by_year.values(), Decimal("0.00")))
    return rows
