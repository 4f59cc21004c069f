"""The dashboards' figures. Each figure is one query whatever the number of rows (no per-row queries; a computed
indicator's live value costs one query in its source, projects.indicators),
and the portfolio's figures are cached per (visible projects, filters) until something they depend on
changes (dashboards/signals.py bumps a generation counter; a short timeout covers bulk updates)."""

import datetime as dt
import hashlib
from dataclasses import dataclass
from decimal import Decimal

from django.core.cache import cache
from collections import defaultdict

from django.db.models import Count, Exists, Max, OuterRef, Q, Subquery, Sum
from django.db.models.functions import TruncMonth
from django.urls import reverse
from django.utils import timezone, translation

from accounts.models import Organisation
from budgets import calculations as calc
from budgets.models import ActualCost, CostLine, FinancingLine
from budgets.models import Budget
from budgets.selectors import (
    BalanceSummary, balance_for_projects, current_budgets, delivered_in_kind, grant_reconciliation,
)
from labs import selectors as labs_selectors
from labs.models import REPORTED_STATUSES, Activity, Lab, TargetGroupCount
from projects.indicators import expected_value, indicator_statuses
from projects.models import FundingApplication, Indicator, Milestone, Project, WorkPackage
from reports.selectors import overdue_reports, reports_due
from seminars.models import Registration, Seminar

from .models import Decision, Meeting


QUIET_DAYS = 60
MONTHS_SHOWN = 24
GENERATION_KEY = "dashboards:generation"
CACHE_SECONDS = 300
GRANTED = FundingApplication.GRANTED_STATUSES  # "Beviljad": one definition, owned by projects
PENDING = FundingApplication.PENDING_STATUSES
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
        held_there = Activity.objects.filter(lab__project=OuterRef("pk"), municipality_id=filters.municipality_id)
        qs = qs.filter(Q(municipalities=filters.municipality_id) | Q(labs__municipality=filters.municipality_id)
                       | Exists(held_there))
    if filters.funder_id:
        qs = qs.filter(Q(funder=filters.funder_id) | Q(applications__funder=filters.funder_id))
    if filters.focus_area:
        qs = qs.filter(focus_area=filters.focus_area)
    if filters.period_start:
        qs = qs.filter(end_date__gte=filters.period_start)
    if filters.period_end:
        qs = qs.filter(start_date__lte=filters.period_end)
    return sorted(set(qs.values_list("pk", flat=True)))


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


def _activities(project_ids, filters: Filters):
    """The reported activities (submitted and approved) matching the filters: the municipality filter keeps
    the activities held there, a regional lab's included (labs.selectors.reported_activities)."""
    return labs_selectors.reported_activities(project_ids, period_start=filters.period_start,
                                              period_end=filters.period_end, municipality_id=filters.municipality_id)


GRID_MONTHS = 12


def add_months(month: dt.date, n: int) -> dt.date:
    """The first day of the month n months after (or before, n < 0) month's month."""
    index = month.year * 12 + month.month - 1 + n
    return dt.date(index // 12, index % 12 + 1, 1)


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


def compute_portfolio(project_ids: list[int], filters: Filters, today: dt.date, *,
                      include_portfolio_meetings: bool) -> dict:
    projects = Project.objects.filter(pk__in=project_ids)
    status_labels = dict(Project.Status.choices)
    project_list = list(projects.values("pk", "title", "short_name", "status", "focus_area", "start_date",
                                        "end_date").order_by("title", "pk"))
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

    unbalanced = []
    budgets = current_budgets(project_ids)
    summaries: dict[int, BalanceSummary] = balance_for_projects(project_ids, budgets=budgets)
    titles = {row["pk"]: row["title"] for row in project_list}
    budget_rows = {"total_cost": Decimal(0), "total_financing": Decimal(0), "projects": len(summaries)}
    for pid, summary in summaries.items():
        budget_rows["total_cost"] += summary.total_cost
        budget_rows["total_financing"] += summary.total_financing
        if not summary.balances:
            unbalanced.append({"project_id": pid, "title": titles.get(pid, ""), "difference": summary.difference,
                               "budget_id": summary.budget_id})
    unbalanced.sort(key=lambda r: r["title"])

    activities = _activities(project_ids, filters)
    # One scan of the reported activities by month; the totals are summed from it here.
    FIGURES = ("activities", "approved", "participants", "women", "men", "other", "hours")
    grouped = list(
        activities.annotate(month=TruncMonth("date")).values("month")
        .annotate(activities=Count("pk"), approved=Count("pk", filter=Q(status=Activity.Status.APPROVED)),
                  participants=Sum("participants_total"), women=Sum("participants_women"),
                  men=Sum("participants_men"), other=Sum("participants_other"), hours=Sum("co_financed_hours"))
        .order_by("month")
    )
    month_rows = []
    for row in grouped:
        month = row["month"].date() if isinstance(row["month"], dt.datetime) else row["month"]
        month_rows.append({"month": month, **{name: row[name] or 0 for name in FIGURES}})
    totals = {name: sum((r[name] for r in month_rows), 0) for name in FIGURES}
    gender = labs_selectors.GenderShare(women=totals["women"], men=totals["men"], other=totals["other"])
    months = _months(month_rows, filters.period_start, filters.period_end)
    co_financing = co_financing_by_municipality(project_ids, filters, budgets=budgets)
    # The chart of hours per municipality is the table's "hours delivered": one figure, one definition.
    hours_by_municipality = [
        {"label": r["label"], "value": r["delivered_hours"]}
        for r in sorted(co_financing, key=lambda r: (-r["delivered_hours"], r["label"])) if r["delivered_hours"] > 0
    ]
    by_target_group = [
        {"label": r["target_group__name"], "value": r["n"]}
        for r in TargetGroupCount.objects.filter(activity__in=activities)
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
        held_there = Activity.objects.filter(lab=OuterRef("pk"), municipality_id=filters.municipality_id)
        labs = labs.filter(Q(municipality_id=filters.municipality_id) | Q(kind=Lab.Kind.REGIONAL, pk__in=Subquery(
            held_there.values("lab_id"))))
    # Quiet: nothing reported (submitted or approved) in QUIET_DAYS; drafts have not reached anyone yet.
    reported = Q(activities__status__in=REPORTED_STATUSES)
    quiet_labs = list(
        labs.annotate(last=Max("activities__date", filter=reported))
        .filter(Q(last__lt=quiet_since) | Q(last__isnull=True))
        .values("pk", "name", "last", "project__title", "municipality__name").order_by("last", "name")
    )

    indicators = indicator_progress(project_ids, today)
    behind = [row for row in indicators if row["behind"]]
    overdue = overdue_reports(project_ids, today)
    used = money_used(project_ids, filters)
    planned_in_period = planned_cost_in_period(
        budgets, {row["pk"]: (row["start_date"], row["end_date"]) for row in project_list}, filters)

    return {
        "project_count": len(project_ids),
        "projects": project_list,
        "by_status": by_status,
        "by_focus": by_focus,
        "money": money,
        "used": used,
        "planned_in_period": planned_in_period,
        "used_percent": calc.share_percent(used, planned_in_period) if planned_in_period else None,
        "co_financing": co_financing,
        "granted_by_funder": granted_by_funder,
        "budget": budget_rows,
        "months": months,
        "totals": totals,
        "gender": gender,
        "hours_by_municipality": hours_by_municipality,
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
            # {project id: [GrantMismatch]}: current budgets whose grant lines differ from the funders' decisions
            "grant_mismatches": grant_reconciliation(project_ids, budgets=budgets),
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
    # The twelve months up to today's month, or up to the project's last month once it has ended.
    until = min(today, project.end_date) if project.end_date else today
    since = add_months(until.replace(day=1), -(GRID_MONTHS - 1))
    reported = labs_selectors.reported_activities([project.pk])
    per_lab_month = list(
        reported.filter(date__gte=since, date__lte=until)
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
        reported.exclude(lessons="")
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
    budgets = current_budgets([project.pk])
    budget = balance_for_projects([project.pk], budgets=budgets).get(project.pk)
    return {
        "indicators": indicators,
        "months": months,
        "lab_rows": lab_rows,
        "lessons": lessons,
        "late_packages": late_packages,
        "late_milestones": late_milestones,
        "budget": budget,
        "grant_mismatches": grant_reconciliation([project.pk], budgets=budgets).get(project.pk, []),
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


def planned_cost_in_period(budgets: dict[int, Budget], project_dates: dict[int, tuple[dt.date, dt.date]],
                           filters: Filters) -> Decimal:
    """The current budgets' planned costs for the chosen period, each year's plan spread evenly over the
    project's months in that year (as the budget burn does): the base the booked costs of the same period are
    a share of. Without a period, the whole plan. No queries (the versions' lines are prefetched)."""
    total = Decimal("0.00")
    for pid, budget in budgets.items():
        planned = defaultdict(Decimal)
        for line in budget.cost_lines.all():
            planned[line.year] += line.amount
        if not filters.period_start and not filters.period_end:
            total += sum(planned.values(), Decimal("0.00"))
            continue
        start, end = project_dates[pid]
        months = _month_starts(start, end)
        per_year = defaultdict(int)
        for m in months:
            per_year[m.year] += 1
        for m in months:
            if filters.period_start and add_months(m, 1) <= filters.period_start:
                continue
            if filters.period_end and m > filters.period_end:
                continue
            if m.year in planned:
                total += planned[m.year] / per_year[m.year]
    return calc.to_ore(total)


def co_financing_by_municipality(project_ids, filters: Filters, *,
                                 budgets: dict[int, Budget] | None = None) -> list[dict]:
    """Per municipality: co-financing committed in the current budgets (in kind and in cash, with the planned
    hours), and the working time its staff delivered according to the labs' log, in any lab (reported
    activities, labs.selectors.co_financed_hours), valued per year at the hourly cost the budget plans for that
    municipality in that year (budgets.selectors.delivered_in_kind: the outcome page's valuation).

    Under a municipality filter the row is that municipality's, whichever lab its staff worked in.
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
                                        "delivered_hours": Decimal("0.00"), "delivered_value": Decimal("0.00"),
                                        "unvalued_hours": Decimal("0.00")})

    for line in lines.values("organisation_id", "organisation__name", "kind", "amount", "people", "share_percent",
                             "months", "annual_hours", "monthly_salary"):
        r = row(line["organisation_id"], line["organisation__name"])
        if line["kind"] == FinancingLine.Kind.CASH:
            r["cash"] += line["amount"]
            continue
        r["in_kind"] += line["amount"]
        if line["monthly_salary"] is not None and line["people"] and line["share_percent"] and line["months"]:
            r["planned_hours"] += calc.planned_hours(people=line["people"], share_percent=line["share_percent"],
                                                     months=line["months"], annual_hours=line["annual_hours"])

    for d in delivered_in_kind(project_ids, period_start=filters.period_start, period_end=filters.period_end,
                               organisation_id=filters.municipality_id, budgets=budgets):
        if d.organisation_kind != municipality:
            continue
        r = row(d.organisation_id, d.organisation)
        r["delivered_hours"] += d.hours
        if d.value is None:
            r["unvalued_hours"] += d.hours
        else:
            r["delivered_value"] += d.value

    result = []
    for r in sorted(rows.values(), key=lambda r: r["label"]):
        r["delivered_percent"] = calc.share_percent(r["delivered_value"], r["in_kind"]) if r["in_kind"] else None
        result.append(r)
    return result


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
