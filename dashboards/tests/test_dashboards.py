"""What the dashboards show: flags, filters, figures, meetings, and that the cache follows the data."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.core.cache import cache
from django.urls import reverse

from accounts.models import Organisation
from accounts.tests.factories import OrganisationFactory
from budgets.tests.factories import BudgetFactory, CostLineFactory, FinancingLineFactory
from dashboards.figures.common import Bar, Filters
from dashboards.figures.indicators import expected_on, indicator_progress
from dashboards.models import Decision
from labs.models import CoFinancedTime, Lesson, TargetGroupCount
from labs.tests.factories import ActivityFactory
from projects.models import FundingApplication, Indicator, IndicatorValue, Milestone, TargetGroup, WorkPackage
from projects.tests.factories import ProjectFactory, WorkPackageFactory

from .factories import DecisionFactory, MeetingFactory

pytestmark = pytest.mark.django_db


def figure(response, name):
    import re

    match = re.search(rf'data-figure="{name}">([^<]*)<', response.content.decode())
    assert match, name
    return match.group(1).replace("\xa0", " ").strip()


def test_the_unbalanced_budget_is_flagged_and_a_balanced_one_is_not(client, world):
    budget = BudgetFactory(project=world.project, is_current=True)
    CostLineFactory(budget=budget, amount=Decimal("1000.00"))
    FinancingLineFactory(budget=budget, amount=Decimal("400.00"))
    client.force_login(world.steering)
    page = client.get(reverse("dashboards:portfolio")).content.decode()
    assert 'data-flag="unbalanced-budget"' in page
    assert "600,00\xa0kr" in page  # the shortfall, to the öre as every printed difference
    flag = page[page.index('data-flag="unbalanced-budget"'):]
    assert f'href="{reverse("budgets:detail", args=[budget.pk])}"' in flag[:flag.index("</li>")]  # to the budget

    budget.financing_lines.update(amount=Decimal("1000.00"))
    cache.clear()  # update() sends no signal: the cache's timeout covers that in production
    page = client.get(reverse("dashboards:portfolio")).content.decode()
    assert 'data-flag="unbalanced-budget"' not in page


@time_machine.travel(dt.datetime(2026, 6, 15, 12, 0, tzinfo=dt.UTC), tick=False)
def test_a_quiet_lab_is_flagged(client, world):
    today = dt.date(2026, 6, 15)
    ActivityFactory(lab=world.lab, status="submitted", date=today - dt.timedelta(days=3))
    ActivityFactory(lab=world.other_lab, status="approved", date=today - dt.timedelta(days=61))
    # a draft has reached nobody: the lab is still quiet
    ActivityFactory(lab=world.other_lab, status="draft", date=today - dt.timedelta(days=1))
    client.force_login(world.coordinator)
    page = client.get(reverse("dashboards:portfolio")).content.decode()
    flag = page[page.index('data-flag="quiet-labs"'):]
    flag = flag[:flag.index("</li>")]
    assert world.other_lab.name in flag
    assert world.lab.name not in flag


def test_trajectory_is_linear_from_baseline_at_start_to_target_at_end():
    row = {"project__start_date": dt.date(2026, 1, 1), "project__end_date": dt.date(2026, 12, 31),
           "baseline": Decimal("10"), "target": Decimal("20")}
    assert expected_on(row, dt.date(2025, 6, 1)) == Decimal("10")
    assert expected_on(row, dt.date(2027, 6, 1)) == Decimal("20")
    middle = expected_on(row, dt.date(2026, 7, 2))  # 182 of 364 days
    assert middle == Decimal("15")


def test_indicator_behind_and_on_track(world):
    project = world.project  # 2025-01-01 .. 2026-12-31
    up = Indicator.objects.create(project=project, name="Workshops", baseline=0, target=100)
    down = Indicator.objects.create(project=project, name="Väntetid", baseline=100, target=0,
                                    direction=Indicator.Direction.DOWN)
    Indicator.objects.create(project=project, name="Utan värde", baseline=0, target=10)
    IndicatorValue.objects.create(indicator=up, period_start=dt.date(2025, 1, 1), period_end=dt.date(2025, 12, 31),
                                  value=Decimal("90"))  # an older value: not the latest
    IndicatorValue.objects.create(indicator=up, period_start=dt.date(2026, 1, 1), period_end=dt.date(2026, 6, 30),
                                  value=Decimal("40"))
    IndicatorValue.objects.create(indicator=down, period_start=dt.date(2026, 1, 1), period_end=dt.date(2026, 6, 30),
                                  value=Decimal("5"))
    rows = {r["name"]: r for r in indicator_progress([project.pk], dt.date(2026, 1, 1))}
    # halfway in time: 50 expected; 40 is behind. Lower is better: 5 against 50 expected is ahead.
    assert rows["Workshops"]["latest_value"] == Decimal("40")
    assert rows["Workshops"]["behind"] is True
    assert rows["Väntetid"]["behind"] is False
    assert rows["Utan värde"]["behind"] is False and rows["Utan värde"]["latest_value"] is None


def test_filter_by_municipality_changes_the_numbers(client, world):
    for _ in range(3):
        ActivityFactory(lab=world.lab, participants_total=10, status="submitted")
    ActivityFactory(lab=world.other_lab, participants_total=7, participants_women=3, participants_men=3,
                    status="approved")
    client.force_login(world.steering)
    everything = client.get(reverse("dashboards:portfolio"))
    assert figure(everything, "activities") == "4"
    assert figure(everything, "participants") == "37"
    only = client.get(reverse("dashboards:portfolio"), {"municipality": world.other_lab.municipality_id})
    assert figure(only, "activities") == "1"
    assert figure(only, "participants") == "7"


def test_filters_by_period_funder_and_focus_area(client, world):
    world.project.focus_area = "Bostäder"
    world.project.save()
    other = ProjectFactory(focus_area="Skola")
    from projects.models import ProjectMembership

    ProjectMembership.objects.create(project=other, user=world.steering, role="steering")
    ActivityFactory(lab=world.lab, date=dt.date(2025, 3, 1), status="submitted")
    ActivityFactory(lab=world.lab, date=dt.date(2025, 9, 1), status="submitted")
    FundingApplication.objects.create(project=world.project, funder=world.project.funder, amount_applied=500,
                                      amount_granted=Decimal("400.00"), status="granted")
    FundingApplication.objects.create(project=other, funder=other.funder, amount_applied=900,
                                      amount_granted=Decimal("900.00"), status="granted")
    client.force_login(world.steering)
    url = reverse("dashboards:portfolio")
    assert figure(client.get(url), "projects") == "2"
    assert figure(client.get(url, {"focus_area": "Skola"}), "projects") == "1"
    assert figure(client.get(url, {"funder": other.funder_id}), "granted") == "900 kr"
    assert figure(client.get(url, {"period_start": "2025-06-01", "period_end": "2025-12-31"}), "activities") == "1"


def test_a_bad_period_gives_a_message_and_the_unfiltered_figures(client, world):
    ActivityFactory(lab=world.lab, status="submitted")
    client.force_login(world.steering)
    response = client.get(reverse("dashboards:portfolio"), {"period_start": "2026-05-01", "period_end": "2026-01-01"})
    assert response.status_code == 200
    assert response.context["form"].errors["period_end"]
    assert figure(response, "activities") == "1"
    response = client.get(reverse("dashboards:portfolio"), {"period_start": "inte ett datum"})
    assert response.status_code == 200 and response.context["form"].errors["period_start"]


def test_a_new_activity_shows_at_once_despite_the_cache(client, world):
    client.force_login(world.steering)
    url = reverse("dashboards:portfolio")
    assert figure(client.get(url), "activities") == "0"
    assert figure(client.get(url), "activities") == "0"  # served from the cache
    activity = ActivityFactory(lab=world.lab)
    assert figure(client.get(url), "activities") == "0"  # a draft is not reported yet
    activity.status = "submitted"
    activity.save()
    assert figure(client.get(url), "activities") == "1"


@time_machine.travel(dt.datetime(2026, 6, 15, 12, 0, tzinfo=dt.UTC), tick=False)
def test_co_financing_target_groups_and_deadlines(client, world):
    municipality = world.lab.municipality
    activity = ActivityFactory(lab=world.lab, co_financed_hours=Decimal("7.50"), status="approved")
    CoFinancedTime.objects.create(activity=activity, organisation=municipality, hours=Decimal("7.50"))
    group = TargetGroup.objects.create(project=world.project, name="Unga vuxna")
    TargetGroupCount.objects.create(activity=activity, target_group=group, count=4)
    FundingApplication.objects.create(project=world.project, funder=OrganisationFactory(name="Allmänna arvsfonden",
                                                                                        kind=Organisation.Kind.FUNDER),
                                      call="Idéburen innovation", amount_applied=100000,
                                      deadline=dt.date(2026, 7, 5), status="planned")
    Milestone.objects.create(work_package=world.work_package, title="Slutrapport", due_date=dt.date(2026, 7, 25))
    client.force_login(world.steering)
    response = client.get(reverse("dashboards:portfolio"))
    page = response.content.decode()
    assert figure(response, "hours") == "7,50"
    assert "Unga vuxna" in page
    assert "Idéburen innovation" in page and "Slutrapport" in page
    hours = response.context["d"].hours_by_municipality
    assert hours == (Bar(municipality.name, Decimal("7.50")),)


def test_open_decisions_and_the_latest_meeting(client, world):
    old = MeetingFactory(project=world.project, date=dt.date(2026, 5, 1))
    DecisionFactory(meeting=old, text="Gammalt öppet beslut")
    DecisionFactory(meeting=old, text="Gammalt klart beslut", status=Decision.Status.DONE)
    latest = MeetingFactory(project=world.project, date=dt.date(2026, 11, 1), title="Novembermötet")
    budget = BudgetFactory(project=world.project)
    DecisionFactory(meeting=latest, text="Ny budget antas", budget=budget, project=world.project)
    client.force_login(world.steering)
    response = client.get(reverse("dashboards:portfolio"))
    decisions = [d["text"] for d in response.context["d"].decisions]
    assert decisions == ["Gammalt öppet beslut", "Ny budget antas"]
    assert response.context["d"].latest_meeting["title"] == "Novembermötet"
    assert reverse("budgets:detail", args=[budget.pk]) in response.content.decode()


@time_machine.travel(dt.datetime(2026, 6, 15, 12, 0, tzinfo=dt.UTC), tick=False)
def test_project_dashboard_shows_late_work_packages_and_lessons(client, world):
    WorkPackageFactory(project=world.project, code="AP9", title="Sen", end_date=dt.date(2026, 1, 31),
                       status=WorkPackage.Status.ONGOING)
    WorkPackageFactory(project=world.project, code="AP8", title="Klar", end_date=dt.date(2026, 1, 31),
                       status=WorkPackage.Status.DONE)
    ActivityFactory(lab=world.lab, date=dt.date(2026, 6, 5), lessons="Bjud in tidigt.", status="approved")
    ActivityFactory(lab=world.lab, date=dt.date(2026, 6, 6), lessons="Ett utkast syns inte.", status="draft")
    Lesson.objects.create(project=world.project, title="Samverkan", text="Håll samma kontaktperson hela vägen.",
                          contact_name="Kim", recorded_on=dt.date(2026, 6, 10))
    client.force_login(world.coordinator)
    response = client.get(reverse("dashboards:project", args=[world.project.pk]))
    page = response.content.decode()
    assert "AP9 Sen" in page and "AP8 Klar" not in page
    assert "Bjud in tidigt." in page and "Ett utkast syns inte." not in page
    # Lessons recorded on their own count too, newest first, as the funder report lists them.
    assert [lesson["text"] for lesson in response.context["d"].lessons] == [
        "Håll samma kontaktperson hela vägen.", "Bjud in tidigt."]
    assert "Hela projektet" in page
    row = next(r for r in response.context["d"].lab_rows if r.lab == world.lab.name)
    assert row.total == 1


def test_meeting_is_recorded_and_a_stale_edit_refused(client, world):
    client.force_login(world.coordinator)
    response = client.post(reverse("dashboards:meeting_new"), {
        "project": world.project.pk, "date": "2026-11-20", "title": "Extramöte", "attendees": "A\nB",
        "agenda": "Budget"})
    meeting = world.project.steering_meetings.get()
    assert response.url == meeting.get_absolute_url()
    url = reverse("dashboards:meeting_edit", args=[meeting.pk])
    data = {"project": world.project.pk, "date": "2026-11-20", "title": "Första ändringen", "version": 1}
    assert client.post(url, data).status_code == 302
    stale = client.post(url, {**data, "title": "Andra ändringen"})
    assert stale.status_code == 409
    assert "Någon annan sparade det här medan du ändrade det" in stale.content.decode()
    assert 'value="Andra ändringen"' in stale.content.decode()  # what was typed stays
    meeting.refresh_from_db()
    assert (meeting.title, meeting.version) == ("Första ändringen", 2)


def test_decision_status_is_changed_by_the_coordinator(client, world):
    decision = DecisionFactory(meeting=MeetingFactory(project=world.project))
    client.force_login(world.coordinator)
    response = client.post(reverse("dashboards:decision_edit", args=[decision.pk]),
                           {"text": decision.text, "status": "done", "version": 1})
    assert response.status_code == 302
    decision.refresh_from_db()
    assert decision.status == "done"


@time_machine.travel(dt.datetime(2026, 6, 15, 12, 0, tzinfo=dt.UTC), tick=False)
def test_the_charts_are_svg_with_a_title_above_their_table_and_escape_labels(client, world):
    """The charts themselves are grportal.charts' (grportal/tests/test_charts.py); here, that the pages draw them."""
    world.lab.name = "<b>Labb</b> Ale"
    world.lab.save()
    ActivityFactory(lab=world.lab, date=dt.date(2026, 6, 5), status="approved")
    client.force_login(world.coordinator)
    page = client.get(reverse("dashboards:project", args=[world.project.pk])).content.decode()
    section = page[page.index('id="labs-heading"'):page.index('id="late-heading"')]
    assert '<svg class="chart" role="img"' in section
    assert "The numbers are in the table below the chart." in section or "tabellen under diagrammet" in section
    assert section.index("<svg") < section.index("<title>") < section.index("</svg>") < section.index("<table")
    assert "&lt;b&gt;Labb&lt;/b&gt; Ale" in section and "<b>" not in section and "style=" not in section


@time_machine.travel(dt.datetime(2026, 6, 15, 12, 0, tzinfo=dt.UTC), tick=False)
def test_the_portfolio_draws_the_activities_per_month_as_columns_above_their_table(client, world):
    ActivityFactory(lab=world.lab, date=dt.date(2026, 6, 5), status="approved")
    client.force_login(world.coordinator)
    portfolio = client.get(reverse("dashboards:portfolio")).content.decode()
    months = portfolio[portfolio.index('id="fig-months"'):]
    assert months.index("<svg") < months.index("<rect") < months.index("</svg>") < months.index("<table")


def test_filters_dataclass_key_differs_per_filter():
    assert Filters().key() != Filters(municipality_id=1).key()

