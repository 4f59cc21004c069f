"""The dashboards make the same number of queries with 2 as with 20 of everything (no query per row)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import MunicipalityFactory
from budgets.models import FinancingLine
from budgets.tests.factories import ActualCostFactory, BudgetFactory, CostLineFactory, FinancingLineFactory
from labs.models import CoFinancedTime, TargetGroupCount
from labs.tests.factories import ActivityFactory, LabFactory
from projects.models import FundingApplication, Indicator, IndicatorValue, Milestone, ProjectMembership, TargetGroup
from projects.tests.factories import ProjectFactory, WorkPackageFactory
from reports.models import ReportDueDate
from reports.tests.factories import ReportFactory

from .factories import DecisionFactory, MeetingFactory

SIZES = [2, 20]
COLD_START = 20


def populate(world, n):
    today = timezone.localdate()
    group = TargetGroup.objects.create(project=world.project, name="Unga")
    for i in range(n):
        project = ProjectFactory(focus_area=f"Område {i % 3}")
        ProjectMembership.objects.create(project=project, user=world.steering, role="steering")
        project.municipalities.add(world.lab.municipality)
        lab = LabFactory(project=project, municipality=MunicipalityFactory())
        for p in (project, world.project):
            budget = BudgetFactory(project=p, is_current=not p.budgets.filter(is_current=True).exists())
            CostLineFactory(budget=budget, amount=Decimal("100"))
            FinancingLineFactory(budget=budget, amount=Decimal("50"))
            FinancingLineFactory(budget=budget, kind=FinancingLine.Kind.IN_KIND, organisation=world.lab.municipality,
                                 amount=Decimal("10000"), people=1, share_percent=Decimal("10"),
                                 monthly_salary=Decimal("40000"), months=Decimal("12"),
                                 on_cost_percent=Decimal("40"))
            ActualCostFactory(project=p, date=p.start_date + dt.timedelta(days=31 * (i % 12)),
                              amount=Decimal("25"))
            ReportDueDate.objects.create(project=p, report_type="vinnova_progress", period_start=p.start_date,
                                         period_end=p.start_date + dt.timedelta(days=180 + i),
                                         due_date=today + dt.timedelta(days=(-1) ** i * (i + 1)))
            FundingApplication.objects.create(project=p, funder=p.funder, amount_applied=10, amount_granted=5,
                                              status="granted", deadline=today + dt.timedelta(days=i + 1))
            indicator = Indicator.objects.create(project=p, name=f"Indikator {i}", target=10)
            IndicatorValue.objects.create(indicator=indicator, period_start=dt.date(2025, 1, 1),
                                          period_end=dt.date(2025, 12, 31), value=1)
        ReportFactory(project=project, done=True, report_type="vinnova_progress",
                      period_start=project.start_date, period_end=project.start_date + dt.timedelta(days=200))
        activity = ActivityFactory(lab=world.lab, date=today - dt.timedelta(days=30 * i), lessons=f"Lärdom {i}",
                                   status="approved")
        CoFinancedTime.objects.create(activity=activity, organisation=world.lab.municipality, hours=3)
        TargetGroupCount.objects.create(activity=activity, target_group=group, count=2)
        ActivityFactory(lab=lab, date=today - dt.timedelta(days=90))
        wp = WorkPackageFactory(project=world.project, code=f"X{i}", end_date=dt.date(2026, 1, 1))
        Milestone.objects.create(work_package=wp, title=f"M{i}", due_date=today - dt.timedelta(days=i + 1))
        meeting = MeetingFactory(project=world.project if i % 2 else project)
        DecisionFactory(meeting=meeting, work_package=wp if i % 2 else None)


def get_ok(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200
    return response


@pytest.mark.parametrize("n", SIZES)
def test_portfolio_dashboard_cold(client, world, django_assert_num_queries, n):
    populate(world, n)
    client.force_login(world.steering)
    cache.clear()
    # session, user, the person's projects (coordinator/steering, cached for the rules), focus areas, the
    # filtered project ids; computed (then cached): projects (list, by status and focus area), money, granted
    # per funder, the current budgets (budget + cost lines + financing lines: read once for the balances, the
    # planned costs and the hourly rates), reported activities per month (the totals are summed from it),
    # per target group, registrations by gender, deadlines (applications, seminars, milestones, report due
    # dates), quiet labs, indicators, overdue reports, booked costs, co-financing (financing lines, hours
    # logged per organisation, older totals), the applications per funder (grant decisions against the current
    # budgets), open decisions, latest meeting + its decisions; then the menu's
    # two questions (leads a lab? works inside a project?) and the filter's choices of municipalities and funders;
    # and, outside the cache, the flagged projects' next meetings ("Put on the agenda" on each flag)
    with django_assert_num_queries(32):
        get_ok(client, reverse("dashboards:portfolio"))


@pytest.mark.parametrize("n", SIZES)
def test_portfolio_dashboard_cached_and_filtered(client, world, django_assert_num_queries, n):
    populate(world, n)
    client.force_login(world.steering)
    url = reverse("dashboards:portfolio")
    params = {"municipality": world.lab.municipality_id, "period_start": "2020-01-01"}
    get_ok(client, url, **params)
    # session, user, the person's projects, focus areas, the chosen municipality, the filtered project ids,
    # the menu's two questions and the choices of municipalities and funders; the figures and their HTML
    # come from the cache, but not the flags' "Put on the agenda": the flagged projects' next meetings
    with django_assert_num_queries(9):
        get_ok(client, url, **params)


@pytest.mark.parametrize("n", SIZES)
def test_project_dashboard(client, world, django_assert_num_queries, n):
    populate(world, n)
    client.force_login(world.coordinator)
    # session, user, project (+owner, funder), roles on the project, indicators, activities per lab and month,
    # labs, lessons (labs.selectors.lessons_for_project: both kinds' keys, then the page's activities and their labs'
    # methods; 3), late work packages, late milestones, the current budget (+ cost and financing lines: read
    # once for the balance and the grant decisions), applications per funder, budget burn (planned per year,
    # booked per month), open decisions, latest meeting + its decisions, the menu's two questions, the
    # portfolio rule, the next meeting (for "Put on the agenda")
    with django_assert_num_queries(22):
        get_ok(client, reverse("dashboards:project", args=[world.project.pk]))


@pytest.mark.parametrize("n", SIZES)
def test_meeting_pages(client, world, django_assert_num_queries, n):
    populate(world, n)
    client.force_login(world.coordinator)
    # session, user, the person's project roles (projects.roles, one query), the menu's two questions, meetings
    with django_assert_num_queries(4):
        get_ok(client, reverse("dashboards:meetings"))
    meeting = world.project.steering_meetings.first()
    # session, user, meeting (+project), the person's project roles (one query), the menu's two questions,
    # decisions (+ what they change)
    with django_assert_num_queries(5):
        get_ok(client, meeting.get_absolute_url())


@pytest.mark.parametrize("n", SIZES)
def test_portfolio_flags_with_their_buttons(client, world, django_assert_num_queries, n):
    populate(world, n)
    client.force_login(world.staff)
    url = reverse("dashboards:portfolio")
    get_ok(client, url)
    # session, user, focus areas, the filtered project ids, the menu's two questions, the choices of
    # municipalities and funders; the figures and their HTML from the cache (the person's roles: none, staff);
    # and the flagged projects' next meetings, one query for every flag's "Put on the agenda" (n + 1 projects)
    with django_assert_num_queries(7):
        response = get_ok(client, url)
    assert response.content.decode().count("data-agenda-form") >= n


@pytest.mark.parametrize("n", SIZES)
def test_start_page_top_flags(client, world, django_assert_num_queries, n):
    populate(world, n)
    client.force_login(world.staff)
    cache.clear()
    # the start page's own (session, user, roles, activities to review and their count, returned, my labs, my
    # projects and their municipalities) and the steering panel: the person's projects, the flags computed once
    # (current budgets + cost and financing lines, indicators, overdue reports, quiet labs, applications per
    # funder: seven), the flagged projects' next meetings, open decisions, the next meeting
    with django_assert_num_queries(COLD_START):
        response = get_ok(client, reverse("home"))
    assert response.content.decode().count("data-agenda-form") == 5  # FLAGS_SHOWN, each with its button
    # the flags from the cache (selectors.portfolio_flags): the seven are not asked again
    with django_assert_num_queries(COLD_START - 7):
        get_ok(client, reverse("home"))
