"""The two dashboards, composed of their figures (dashboards/figures/, one function per figure, each a frozen
dataclass), and the portfolio's cache: its figures are cached per (visible projects, filters, day, language)
until something they depend on changes (dashboards/signals.py bumps a generation counter; a short timeout
covers bulk updates)."""

import datetime as dt
import hashlib
from dataclasses import dataclass

from django.core.cache import cache
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from budgets.selectors import BalanceSummary, GrantMismatch, balance_for_projects, current_budgets, grant_reconciliation
from grportal.numbers import kronor
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
    Unbalanced,
    UsedFigure,
    budget_burn,
    budgets_figure,
    co_financing_by_municipality,
    grants_figure,
    used_figure,
)
from .figures.projects import ProjectsFigure, projects_figure
from .models import Meeting
from .permissions import can_edit_meeting
from .services import agenda_line, next_meetings

__all__ = ["Filters", "filtered_project_ids", "portfolio", "portfolio_key", "project_dashboard", "CACHE_SECONDS"]

GENERATION_KEY = "dashboards:generation"
CACHE_FORMAT = 2  # bumped when what is cached changes shape (a quiet lab's row gained its project_id)
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
    return (f"dashboards:portfolio:{CACHE_FORMAT}:{generation()}:{today.isoformat()}:{language}:"
            f"{int(user_is_staff)}:{digest}:{filters.key()}")


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


def portfolio_flags(user_is_staff: bool, project_ids: list[int], today: dt.date) -> Flags:
    """What needs a decision in the person's projects, unfiltered (the start page's steering panel): from the
    cached portfolio when it is there, else computed alone and cached beside it."""
    key = portfolio_key(user_is_staff, project_ids, Filters(), today)
    cached = cache.get_many([key, key + ":flags"])
    if key in cached:
        return cached[key].flags
    if key + ":flags" in cached:
        return cached[key + ":flags"]
    budgets = current_budgets(project_ids)
    titles = {b.project_id: b.project.title for b in budgets.values()}
    unbalanced = budgets_figure(balance_for_projects(project_ids, budgets=budgets), titles).unbalanced
    flags = compute_flags(project_ids, Filters(), today, budgets=budgets, unbalanced=unbalanced)
    cache.set(key + ":flags", flags, CACHE_SECONDS)
    return flags


def compute_flags(project_ids: list[int], filters: Filters, today: dt.date, *, budgets: dict,
                  unbalanced: tuple[Unbalanced, ...]) -> Flags:
    """The portfolio's flags, from the current budgets already read: quiet labs, indicators (plus one query per
    computed indicator), overdue reports and the applications per funder, a query each."""
    behind = [row for row in indicator_progress(project_ids, today) if row["behind"]]
    overdue = overdue_reports(project_ids, today)
    return Flags(
        unbalanced=unbalanced,
        quiet_labs=quiet_labs(project_ids, filters, today),
        behind=tuple(behind[:BEHIND_SHOWN]), behind_count=len(behind),
        overdue_reports=tuple(overdue[:OVERDUE_SHOWN]), overdue_report_count=len(overdue),
        grant_mismatches=grant_reconciliation(project_ids, budgets=budgets),
    )


def compute_portfolio(project_ids: list[int], filters: Filters, today: dt.date, *,
                      include_portfolio_meetings: bool) -> Portfolio:
    projects = projects_figure(project_ids)
    budgets = current_budgets(project_ids)  # read once: balances, planned costs, hourly rates, grant decisions
    summaries: dict[int, BalanceSummary] = balance_for_projects(project_ids, budgets=budgets)
    budget = budgets_figure(summaries, {row["pk"]: row["title"] for row in projects.rows})
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
        flags=compute_flags(project_ids, filters, today, budgets=budgets, unbalanced=budget.unbalanced),
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
        .values("pk", "title", "due_date", "work_package__code").order_by("due_date", "pk")[:20]
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


# --- flags on the steering group's agenda ------------------------------------------------------------------

@dataclass(frozen=True)
class AgendaFlag:
    """One flagged thing as a line for the agenda of its project's next steering-group meeting."""

    kind: str  # as the pages' data-flag: reports-overdue, unbalanced-budget, grant-mismatch, indicators-behind, …
    project_id: int
    project_title: str
    anchor: str  # the id of its row on the page, to come back to after putting it on the agenda
    text: str  # the agenda line (services.agenda_line), without figures that change by the day
    weight: float  # how far off it is in its kind's measure: larger is more serious
    row: object  # the figure's row that the page shows


# Most serious first: a funder's deadline has passed, costs are not financed, the budget counts money the funder
# has not granted, an indicator is behind its trajectory, a lab has gone quiet.
SERIOUSNESS = ("reports-overdue", "unbalanced-budget", "grant-mismatch", "indicators-behind", "quiet-labs")


def flag_seriousness(flag: AgendaFlag) -> tuple:
    """The one order of the flags, most serious first: by kind (SERIOUSNESS), then how far off, project, line."""
    rank = SERIOUSNESS.index(flag.kind) if flag.kind in SERIOUSNESS else len(SERIOUSNESS)
    return (rank, -flag.weight, flag.project_title, flag.text)


def most_serious(flags, n: int) -> list[AgendaFlag]:
    return sorted(flags, key=flag_seriousness)[:n]


def unbalanced_flag(u: Unbalanced) -> AgendaFlag:
    if u.difference < 0:
        text = _("The current budget does not balance: %(amount)s not financed")
    else:
        text = _("The current budget does not balance: %(amount)s more financing than costs")
    return AgendaFlag("unbalanced-budget", u.project_id, u.title, f"flag-budget-{u.budget_id}",
                      agenda_line(text % {"amount": kronor(abs(u.difference))}), float(abs(u.difference)), u)


def grant_mismatch_flag(m: GrantMismatch) -> AgendaFlag:
    text = _("The grant lines from %(funder)s do not match the decision: granted %(granted)s, budgeted "
             "%(budgeted)s") % {"funder": m.funder, "granted": kronor(m.granted), "budgeted": kronor(m.budgeted)}
    return AgendaFlag("grant-mismatch", m.project_id, m.project_title, f"flag-grant-{m.budget_id}-{m.funder_id}",
                      agenda_line(text), float(abs(m.difference)), m)


def quiet_lab_flag(lab: dict) -> AgendaFlag:
    if lab["last"]:
        text = _("The lab %(lab)s has reported no activity since %(date)s") % {
            "lab": lab["name"], "date": lab["last"].isoformat()}
    else:
        text = _("The lab %(lab)s has reported no activity yet") % {"lab": lab["name"]}
    weight = float("inf") if lab["last"] is None else -float(lab["last"].toordinal())  # the longest quiet first
    return AgendaFlag("quiet-labs", lab["project_id"], lab["project__title"], f"flag-lab-{lab['pk']}",
                      agenda_line(text), weight, lab)


def indicator_flag(row: dict) -> AgendaFlag:
    text = _("The indicator %(name)s is behind its trajectory") % {"name": row["name"]}
    shortfall = row["expected_pct"] - (row["reached_pct"] or 0.0)  # how far behind, in points of the target
    return AgendaFlag("indicators-behind", row["project_id"], row["project__title"], f"flag-indicator-{row['pk']}",
                      agenda_line(text), float(shortfall), row)


def overdue_report_flag(r: dict) -> AgendaFlag:
    text = _("%(report)s for %(start)s – %(end)s, due %(date)s, is not published") % {
        "report": r["title"], "start": r["period_start"].isoformat(), "end": r["period_end"].isoformat(),
        "date": r["due_date"].isoformat()}
    return AgendaFlag("reports-overdue", r["project_id"], r["project__title"], f"flag-report-{r['pk']}",
                      agenda_line(text), float(r["days_late"]), r)


def agenda_flags(flags: Flags) -> list[AgendaFlag]:
    """Every flag of the portfolio (the rows it shows) as an agenda line, in the page's order."""
    return [
        *(unbalanced_flag(u) for u in flags.unbalanced),
        *(grant_mismatch_flag(m) for mismatches in flags.grant_mismatches.values() for m in mismatches),
        *(quiet_lab_flag(lab) for lab in flags.quiet_labs.rows),
        *(indicator_flag(row) for row in flags.behind),
        *(overdue_report_flag(r) for r in flags.overdue_reports),
    ]


@dataclass(frozen=True)
class AgendaRow:
    """A flag as one person sees it now: its project's next meeting, whether the line is already on that
    meeting's agenda, and whether the person may put it there (dashboards.edit_meeting)."""

    flag: AgendaFlag
    meeting: Meeting | None
    on_agenda: bool
    may_add: bool

    @property
    def text(self) -> str:
        return self.flag.text

    @property
    def anchor(self) -> str:
        return self.flag.anchor

    @property
    def project_id(self) -> int:
        return self.flag.project_id

    @property
    def project_title(self) -> str:
        return self.flag.project_title

    @property
    def row(self):
        return self.flag.row


def agenda_rows(user, flags, today: dt.date) -> list[AgendaRow]:
    """The flags with the person's view of them. One query whatever their number (the flagged projects' next
    meetings); the permission reads the person's roles, already read once for the request."""
    flags = list(flags)
    meetings = next_meetings({f.project_id for f in flags}, today)
    lines = {pid: set(m.agenda_list) for pid, m in meetings.items()}
    may_add = {pid: can_edit_meeting(user, meetings.get(pid) or Meeting(project_id=pid))
               for pid in {f.project_id for f in flags}}
    return [AgendaRow(f, meetings.get(f.project_id), f.text in lines.get(f.project_id, ()), may_add[f.project_id])
            for f in flags]
