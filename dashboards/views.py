from collections import defaultdict

from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.rules import require
from grportal import charts
from grportal.forms import apply_validation_error
from grportal.locking import StaleEdit
from projects.models import Project

from .forms import DashboardFilterForm, DecisionForm, MeetingForm
from .models import Decision, Meeting
from .permissions import can_edit_meeting
from .querysets import coordinated_project_ids, dashboard_projects
from .selectors import (
    CACHE_SECONDS,
    AgendaFlag,
    Filters,
    agenda_flags,
    agenda_rows,
    filtered_project_ids,
    grant_mismatch_flag,
    indicator_flag,
    portfolio,
    portfolio_key,
    project_dashboard,
)
from .services import (
    add_to_agenda,
    agenda_line,
    decision_create,
    decision_update,
    meeting_create,
    meeting_update,
    next_meeting,
)


def _chart_rows(bars):
    return [(str(bar.label) or "–", bar.value) for bar in bars]


def _figure(fid, title, rows, value_header, *, kind="bar", label_header="", money=False):
    """A chart and the table with its numbers (the table is what screen readers and print rely on)."""
    chart_title = str(title) + ". " + _("The numbers are in the table below the chart.")
    if money:
        chart_title = str(title) + " (tkr). " + _("The numbers are in the table below the chart.")
        chart = charts.bar_chart([(label, value / 1000) for label, value in rows], title=chart_title)
    elif kind == "column":
        chart = charts.column_chart(rows, title=chart_title)
    else:
        chart = charts.bar_chart(rows, title=chart_title)
    return {"id": fid, "title": title, "kind": kind, "chart": chart, "rows": rows, "value_header": value_header,
            "label_header": label_header or title, "money": money}


def portfolio_dashboard(request):
    user = request.user
    require(user, "dashboards.view_portfolio")
    if not request.session.get("dashboards_nav"):
        request.session["dashboards_nav"] = True  # e.g. a role given after login: the menu shows it from now on
    projects = dashboard_projects(user)
    focus_areas = sorted(set(projects.exclude(focus_area="").values_list("focus_area", flat=True)))
    form = DashboardFilterForm(request.GET or None, focus_areas=focus_areas)
    filters = Filters()
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = Filters(period_start=data["period_start"], period_end=data["period_end"],
                          municipality_id=data["municipality"].pk if data["municipality"] else None,
                          funder_id=data["funder"].pk if data["funder"] else None,
                          focus_area=data["focus_area"] or "")
    ids = filtered_project_ids(projects, filters)
    today = timezone.localdate()
    data = portfolio(user.is_staff, ids, filters, today)
    # The figures and their rendering are cached together (rendering a hundred projects' rows costs more than
    # reading them): same key as the figures, so any change to the data renders afresh. The flags are not in it:
    # their buttons depend on the person and on the meetings' agendas now (one query for all of them).
    html_key = portfolio_key(user.is_staff, ids, filters, today) + ":html"
    body = cache.get(html_key)
    if body is None:
        body = render_to_string("dashboards/partials/portfolio_body.html",
                                {"d": data, "today": today, "figures": _portfolio_figures(data)})  # no request:
        # the same for everyone who sees these projects, and no context processors (the menu) run twice
        cache.set(html_key, body, CACHE_SECONDS)
    flag_rows = defaultdict(list)  # by kind, as the template names them: unbalanced_budget, quiet_labs, …
    for row in agenda_rows(user, agenda_flags(data.flags), today):
        flag_rows[row.flag.kind.replace("-", "_")].append(row)
    return render(request, "dashboards/portfolio.html", {
        "form": form,
        "filtered": filters.any,
        "body": body,
        "f": data.flags,
        "flag_rows": dict(flag_rows),
        "today": today,
        "project_count": len(ids),
    })


def _portfolio_figures(data):
    month_rows = [(m.month.strftime("%Y-%m"), m.activities) for m in data.months]
    gender = [(_("Women"), data.totals.women), (_("Men"), data.totals.men),
              (_("Other or not stated"), data.totals.other)]
    figures = [
        _figure("status", _("Projects by status"), _chart_rows(data.projects.by_status), _("Projects")),
        _figure("focus", _("Projects by focus area"), _chart_rows(data.projects.by_focus), _("Projects")),
        _figure("months", _("Activities per month"), month_rows, _("Activities"), kind="column",
                label_header=_("Month")),
        _figure("gender", _("Participants in activities by gender"), gender, _("Participants")),
        _figure("target_groups", _("Participants by target group"), _chart_rows(data.by_target_group),
                _("Participants"), label_header=_("Target group")),
        _figure("hours", _("Hours delivered per municipality (labs' log)"),
                _chart_rows(data.hours_by_municipality), _("Hours"), label_header=_("Municipality")),
        _figure("funders", _("Granted per funder"), _chart_rows(data.money.by_funder), _("SEK"),
                label_header=_("Funder"), money=True),
    ]
    return {f["id"]: f for f in figures}


def get_project_for_dashboard(request, pk) -> Project:
    project = get_object_or_404(Project.objects.select_related("owner", "funder"), pk=pk)
    require(request.user, "projects.view_project", project, hide=True)
    require(request.user, "dashboards.view_project", project)
    return project


def project_dashboard_view(request, pk):
    project = get_project_for_dashboard(request, pk)
    data = project_dashboard(project)
    progress_rows = [(r["name"], r["reached_pct"] or 0.0, r["expected_pct"]) for r in data.indicators
                     if r["latest_value"] is not None]
    lab_rows = [(r.lab, r.total) for r in data.lab_rows]
    burn = data.burn
    in_table = _("The numbers are in the table below the chart.")
    burn_chart = charts.line_chart(
        [r.month.strftime("%Y-%m") for r in burn],
        [(_("Planned"), [r.planned / 1000 for r in burn]), (_("Booked"), [r.actual / 1000 for r in burn])],
        title=_("Budget burn: planned and booked costs accumulated per month (tkr). The numbers are in the table "
                "below the chart."),
    )
    agenda = _agenda_context(request.user, project, data)
    return render(request, "dashboards/project.html", {
        "project": project, "d": data, "agenda": agenda,
        "charts": {
            "indicators": charts.progress_chart(progress_rows, title=_(
                "Indicator progress: share of the target reached, with a mark where the trajectory is today"
            ) + ". " + in_table),
            "labs": charts.bar_chart(lab_rows, title=_("Activities per lab, last twelve months") + ". " + in_table),
            "burn": burn_chart,
        },
    })


def _agenda_context(user, project, data) -> dict:
    """The flags that can be put on the agenda of the project's next meeting, each with whether it already is:
    late work, grant lines against the decisions and indicators behind (the portfolio's definitions)."""
    def late(kind, anchor, text, row):
        return AgendaFlag(kind, project.pk, project.title, anchor, agenda_line(text), 0.0, row)

    packages = [late("late-work-package", f"flag-wp-{wp['pk']}", _(
        "%(code)s %(title)s: late against the time plan, should have ended %(date)s") % {
        "code": wp["code"], "title": wp["title"], "date": wp["end_date"].isoformat()}, wp)
        for wp in data.late_packages]
    milestones = [late("late-milestone", f"flag-milestone-{m['pk']}", _(
        "%(code)s: %(title)s – due %(date)s, not done") % {
        "code": m["work_package__code"], "title": m["title"], "date": m["due_date"].isoformat()}, m)
        for m in data.late_milestones]
    grants = [grant_mismatch_flag(m) for m in data.grant_mismatches]
    behind = [indicator_flag(i) for i in data.indicators if i["behind"]]
    rows = agenda_rows(user, [*packages, *milestones, *grants, *behind], timezone.localdate())  # one query

    def of_kind(kind):
        return [row for row in rows if row.flag.kind == kind]

    behind_by_pk = {row.row["pk"]: row for row in of_kind("indicators-behind")}
    return {"packages": of_kind("late-work-package"), "milestones": of_kind("late-milestone"),
            "grants": of_kind("grant-mismatch"),
            "indicators": [(i, behind_by_pk.get(i["pk"])) for i in data.indicators]}


def _back_to(request, default: str) -> str:
    """Where the flag was (the `next` the form sends: the page and the flag's anchor), if it is ours."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                  require_https=request.is_secure()):
        return target
    return default


@require_POST
def agenda_add(request, pk):
    """Put a flag on the agenda of the project's next steering-group meeting, or (no meeting yet) open the
    new-meeting form with it on the agenda. Back to the flag's page and row afterwards."""
    project = get_project_for_dashboard(request, pk)
    text = agenda_line(request.POST.get("text", ""))
    if not text or len(text) > 500:
        return HttpResponseBadRequest()
    meeting = next_meeting(project, timezone.localdate())
    if meeting is None:
        require(request.user, "dashboards.edit_meeting", Meeting(project=project))
        return redirect(reverse("dashboards:meeting_new") + "?" + urlencode({"project": project.pk, "agenda": text}))
    require(request.user, "dashboards.edit_meeting", meeting)
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        return HttpResponseBadRequest()
    date = date_format(meeting.date, "j F Y")
    try:
        added = add_to_agenda(meeting, text, version)
    except StaleEdit:
        messages.error(request, _("The meeting was changed by someone else. Look at its agenda and try again."))
    except ValidationError:
        messages.error(request, _("The item could not be put on the agenda."))
    else:
        if added:
            messages.success(request, _("Put on the agenda of the steering-group meeting on %(date)s") % {
                "date": date})
        else:
            messages.info(request, _("It is already on the agenda of the steering-group meeting on %(date)s") % {
                "date": date})
    return redirect(_back_to(request, reverse("dashboards:project", args=[project.pk])))


# --- meetings ---------------------------------------------------------------------------------------------

def _editable_projects(user):
    if user.is_staff:
        return Project.objects.all()
    return Project.objects.filter(pk__in=coordinated_project_ids(user))


def meeting_list(request):
    require(request.user, "dashboards.view_meetings")
    meetings = Meeting.objects.visible_to(request.user).select_related("project")[:100]
    return render(request, "dashboards/meeting_list.html", {
        "meetings": meetings,
        "may_add": request.user.is_staff or bool(coordinated_project_ids(request.user)),
    })


def get_meeting_for_user(request, pk) -> Meeting:
    meeting = get_object_or_404(Meeting.objects.select_related("project"), pk=pk)
    require(request.user, "dashboards.view_meeting", meeting, hide=True)
    return meeting


def meeting_detail(request, pk):
    meeting = get_meeting_for_user(request, pk)
    decisions = meeting.decisions.select_related("project", "work_package", "budget")
    return render(request, "dashboards/meeting_detail.html", {
        "meeting": meeting, "decisions": decisions, "may_edit": can_edit_meeting(request.user, meeting),
    })


@require_http_methods(["GET", "POST"])
def meeting_new(request):
    require(request.user, "dashboards.add_meeting")
    projects = _editable_projects(request.user)
    initial = {"agenda": agenda_line(request.GET.get("agenda", ""))[:500]}
    if request.GET.get("project", "").isdigit() and projects.filter(pk=request.GET["project"]).exists():
        initial["project"] = int(request.GET["project"])
    form = MeetingForm(request.POST or None, projects=projects, allow_portfolio=True, initial=initial)
    if request.method == "POST" and form.is_valid():
        meeting = form.save(commit=False)
        if meeting.project_id is None and not can_edit_meeting(request.user, meeting):
            raise PermissionDenied
        try:
            meeting_create(meeting, request.user)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The meeting is saved."))
            return redirect(meeting)
    return render(request, "dashboards/meeting_form.html", {"form": form})


@require_http_methods(["GET", "POST"])
def meeting_edit(request, pk):
    meeting = get_meeting_for_user(request, pk)
    require(request.user, "dashboards.edit_meeting", meeting)
    form = MeetingForm(request.POST or None, instance=meeting, projects=_editable_projects(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            meeting_update(form.save(commit=False), form.expected_version)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        except StaleEdit as stale:
            form.refuse(stale)
        else:
            messages.success(request, _("The meeting is saved."))
            return redirect(meeting)
    return render(request, "dashboards/meeting_form.html", {"form": form, "meeting": meeting},
                  status=409 if form.conflict else 200)


@require_http_methods(["GET", "POST"])
def decision_new(request, meeting_pk):
    meeting = get_meeting_for_user(request, meeting_pk)
    require(request.user, "dashboards.edit_meeting", meeting)
    form = DecisionForm(request.POST or None, meeting=meeting, projects=_editable_projects(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            decision_create(form.save(commit=False))
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The decision is saved."))
            return redirect(meeting)
    return render(request, "dashboards/decision_form.html", {"form": form, "meeting": meeting})


@require_http_methods(["GET", "POST"])
def decision_edit(request, pk):
    decision = get_object_or_404(Decision.objects.select_related("meeting__project"), pk=pk)
    meeting = decision.meeting
    require(request.user, "dashboards.view_meeting", meeting, hide=True)
    require(request.user, "dashboards.edit_meeting", meeting)
    form = DecisionForm(request.POST or None, instance=decision, meeting=meeting,
                        projects=_editable_projects(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            decision_update(form.save(commit=False), form.expected_version)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        except StaleEdit as stale:
            form.refuse(stale)
        else:
            messages.success(request, _("The decision is saved."))
            return redirect(meeting)
    return render(request, "dashboards/decision_form.html", {"form": form, "meeting": meeting, "decision": decision},
                  status=409 if form.conflict else 200)


def trivial(request):
    """The benchmark's yardstick: the base template and nothing else."""
    return render(request, "dashboards/trivial.html")
