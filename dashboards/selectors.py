"""The two dashboards, composed of their figures (dashboards/figures/, one function per figure, each a frozen
dataclass), and the portfolio's cache: its figures are cached per (visible projects, filters, day, language)
until something they depend on changes (dashboards/signals.py bumps a generation counter; a short timeout
covers bulk updates)."""

import datetime as dt
import hashlib
from dataclasses import dataclass

from django.core.cache import cache
from django.utils import timezone, translation

from budgets.selectors import BalanceSummary, GrantMismatch, balance_for_projects, current_budgets, grant_reconciliation
from labs.selectors import GenderShare
from projects.models import Milestone, Project, WorkPackage
from reports.selectors import overdue_reports

from .figures.activities import (
    ActivitiesFigure,
    LabGrid,
    QuietLabs,
    SeminarGender,
    activities_figure,
    lab_grid,
    quiet_labs,
    recent_lessons,
    seminar_gender,
)
from .figures.common import Bar, Filters, filtered_project_ids
from .figures.deadlines import upcoming_deadlines
from .figures.indicators import BEHIND_SHOWN, indicator_progress
from .figures.meetings import latest_meeting, open_decisions
from .figures.money import (
    BudgetsFigure,
    BurnRow,
    CoFinancingRow,
    GrantsFigure,
    UsedFigure,
    budget_burn,
    budgets_figure,
    co_financing_by_municipality,
    grants_figure,
    used_figure,
)
from .figures.projects import ProjectsFigure, projects_figure

__all__ = ["Filters", "filtered_project_ids", "portfolio", "portfolio_key", "project_dashboard", "CACHE_SECONDS"]

GENERATION_KEY = "dashboards:generation"
CACHE_SECONDS = 300
OVERDUE_SHOWN = 15


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


@dataclass(frozen=True)
class Flags:
    """What needs a decision."""

    unbalanced: tuple  # of figures.money.Unbalanced
    quiet_labs: QuietLabs
    behind: tuple[dict, ...]  # indicators behind their trajectory, the first BEHIND_SHOWN
    behind_count: int
    overdue_reports: tuple[dict, ...]  # the first OVERDUE_SHOWN
    overdue_report_count: int
    grant_mismatches: dict[int, list[GrantMismatch]]  # current budgets whose grant lines differ from the decisions

    @property
    def quiet_lab_count(self) -> int:
        return self.quiet_labs.count

    @property
    def any(self) -> bool:
        return bool(self.unbalanced or self.quiet_labs.count or self.behind_count or self.overdue_report_count
                    or self.grant_mismatches)


@dataclass(frozen=True)
class Portfolio:
    projects: ProjectsFigure
    money: GrantsFigure
    budget: BudgetsFigure
    spent: UsedFigure
    co_financing: tuple[CoFinancingRow, ...]
    activities: ActivitiesFigure
    seminar_gender: SeminarGender
    deadlines: tuple[dict, ...]
    flags: Flags
    decisions: tuple[dict, ...]
    latest_meeting: dict | None

    # The names the page reads, each one figure's.
    @property
    def project_count(self) -> int:
        return self.projects.count

    @property
    def totals(self):
        return self.activities.totals

    @property
    def gender(self) -> GenderShare:
        return self.activities.totals.gender

    @property
    def months(self):
        return self.activities.months

    @property
    def by_target_group(self) -> tuple[Bar, ...]:
        return self.activities.by_target_group

    @property
    def hours_by_municipality(self) -> tuple[Bar, ...]:
        """The chart of hours per municipality is the co-financing table's "hours delivered": one figure."""
        rows = sorted((r for r in self.co_financing if r.delivered_hours > 0),
                      key=lambda r: (-r.delivered_hours, r.label))
        return tuple(Bar(r.label, r.delivered_hours) for r in rows)


def portfolio_key(user_is_staff: bool, project_ids: list[int], filters: Filters, today: dt.date) -> str:
    """What the portfolio's figures depend on: the data (generation), the day, the language of the labels,
    the projects the person may see and the filters."""
    digest = hashlib.sha256(",".join(map(str, project_ids)).encode()).hexdigest()[:24]
    language = translation.get_language() or ""
    return (f"dashboards:portfolio:{generation()}:{today.isoformat()}:{language}:{int(user_is_staff)}:{digest}:"
            f"{filters.key()}")


def portfolio(user_is_staff: bool, project_ids: list[int], filters: Filters,
              today: dt.date | None = None) -> Portfolio:
    """All the portfolio figures, from the cache when nothing has changed since they were computed."""
    today = today or timezone.localdate()
    key = portfolio_key(user_is_staff, project_ids, filters, today)
    data = cache.get(key)
    if data is None:
        data = compute_portfolio(project_ids, filters, today, include_portfolio_meetings=True)
        cache.set(key, data, CACHE_SECONDS)
    return data


def compute_portfolio(project_ids: list[int], filters: Filters, today: dt.date, *,
                      include_portfolio_meetings: bool) -> Portfolio:
    projects = projects_figure(project_ids)
    budgets = current_budgets(project_ids)  # read once: balances, planned costs, hourly rates, grant decisions
    summaries: dict[int, BalanceSummary] = balance_for_projects(project_ids, budgets=budgets)
    budget = budgets_figure(summaries, {row["pk"]: row["title"] for row in projects.rows})
    indicators = indicator_progress(project_ids, today)
    behind = [row for row in indicators if row["behind"]]
    overdue = overdue_reports(project_ids, today)
    return Portfolio(
        projects=projects,
        money=grants_figure(project_ids, filters),
        budget=budget,
        spent=used_figure(project_ids, filters, budgets,
                          {row["pk"]: (row["start_date"], row["end_date"]) for row in projects.rows}),
        co_financing=co_financing_by_municipality(project_ids, filters, budgets=budgets),
        activities=activities_figure(project_ids, filters),
        seminar_gender=seminar_gender(project_ids, filters),
        deadlines=tuple(upcoming_deadlines(project_ids, today)),
        flags=Flags(
            unbalanced=budget.unbalanced,
            quiet_labs=quiet_labs(project_ids, filters, today),
            behind=tuple(behind[:BEHIND_SHOWN]), behind_count=len(behind),
            overdue_reports=tuple(overdue[:OVERDUE_SHOWN]), overdue_report_count=len(overdue),
            grant_mismatches=grant_reconciliation(project_ids, budgets=budgets),
        ),
        decisions=tuple(open_decisions(project_ids, include_portfolio_meetings)),
        latest_meeting=latest_meeting(project_ids, include_portfolio_meetings),
    )


# --- one project ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class ProjectDashboard:
    indicators: tuple[dict, ...]
    grid: LabGrid
    lessons: tuple[dict, ...]
    late_packages: tuple[dict, ...]
    late_milestones: tuple[dict, ...]
    budget: BalanceSummary | None
    grant_mismatches: tuple[GrantMismatch, ...]
    burn: tuple[BurnRow, ...]
    decisions: tuple[dict, ...]
    latest_meeting: dict | None

    @property
    def months(self):
        return self.grid.months

    @property
    def lab_rows(self):
        return self.grid.rows


def late_work(project, today: dt.date) -> tuple[tuple[dict, ...], tuple[dict, ...]]:
    """Work packages past their end and milestones past their date, not done. Two queries."""
    packages = list(
        WorkPackage.objects.filter(project=project, end_date__lt=today).exclude(status=WorkPackage.Status.DONE)
        .values("pk", "code", "title", "end_date", "status").order_by("end_date", "code")
    )
    labels = dict(WorkPackage.Status.choices)
    for wp in packages:
        wp["status_label"] = labels.get(wp["status"], wp["status"])
        wp["days_late"] = (today - wp["end_date"]).days
    milestones = tuple(
        Milestone.objects.filter(work_package__project=project, done=False, due_date__lt=today)
        .values("title", "due_date", "work_package__code").order_by("due_date")[:20]
    )
    return tuple(packages), milestones


def project_dashboard(project: Project, today: dt.date | None = None) -> ProjectDashboard:
    today = today or timezone.localdate()
    budgets = current_budgets([project.pk])
    late_packages, late_milestones = late_work(project, today)
    return ProjectDashboard(
        indicators=tuple(indicator_progress([project.pk], today)),
        grid=lab_grid(project, today),
        lessons=recent_lessons(project),
        late_packages=late_packages,
        late_milestones=late_milestones,
        budget=balance_for_projects([project.pk], budgets=budgets).get(project.pk),
        grant_mismatches=tuple(grant_reconciliation([project.pk], budgets=budgets).get(project.pk, [])),
        burn=budget_burn(project, today),
        decisions=tuple(open_decisions([project.pk], include_portfolio=False)),
        latest_meeting=latest_meeting([project.pk], include_portfolio=False),
    )
