"""The plan page: what each role sees, and a query count that does not grow with the plan."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import OrganisationFactory, UserFactory
from projects.models import Goal
from projects.tests.factories import (
    FundingApplicationFactory,
    GoalFactory,
    IndicatorFactory,
    IndicatorValueFactory,
    KeyPersonFactory,
    MembershipFactory,
    MilestoneFactory,
    OrganisationMemberFactory,
    ProjectPartnerFactory,
    TargetGroupFactory,
    WorkPackageFactory,
)

pytestmark = pytest.mark.django_db


def build_plan(project, n):
    """n of every kind of plan item, linked the way a real plan is."""
    for i in range(n):
        group = TargetGroupFactory(project=project)
        overall = GoalFactory(project=project, level=Goal.Level.OVERALL, position=i)
        project_goal = GoalFactory(project=project, level=Goal.Level.PROJECT, parent=overall)
        sub = GoalFactory(project=project, level=Goal.Level.SUB, parent=project_goal)
        package = WorkPackageFactory(project=project, code=f"W{i}", responsible=OrganisationFactory(),
                                     local_leader=UserFactory())
        package.target_groups.add(group)
        sub.work_packages.add(package)
        sub.target_groups.add(group)
        MilestoneFactory(work_package=package)
        indicator = IndicatorFactory(project=project, goal=sub, work_package=package)
        IndicatorValueFactory(indicator=indicator)
        IndicatorValueFactory(indicator=indicator)
        KeyPersonFactory(project=project)
        OrganisationMemberFactory(project=project, group=["steering", "reference", "coordination", "partner"][i % 4])
        ProjectPartnerFactory(project=project)
        FundingApplicationFactory(project=project, deadline=timezone.localdate() + dt.timedelta(days=10 + i))


@pytest.mark.parametrize("n", [2, 12])
def test_the_plan_page_makes_the_same_number_of_queries_for_a_small_and_a_large_plan(
    client, world, django_assert_num_queries, n
):
    build_plan(world.project, n)
    client.force_login(world.coordinator)
    # session, user, project (+owner, funder), roles (cached for every rule); the plan: goals, their target
    # groups, their work packages, work packages (+responsible, leader), their target groups, their milestones,
    # indicators, their values, organisation members (+organisation, account), their shares of time per period,
    # applications (+funder), target groups,
    # key persons, partners (the time plan is drawn from these work packages and milestones); the labs section,
    # budgets, reports (the labs led are asked only when the roles do not decide); the menu's "leads a lab?" and
    # "coordinates a project?"; municipalities
    with django_assert_num_queries(22):
        response = client.get(world.project.get_absolute_url())
    assert response.status_code == 200
    assert len(response.context["plan"]["goals"]) == 3 * n



@pytest.mark.parametrize("role", ["coordinator", "staff"])
def test_coordinators_and_staff_see_the_whole_plan_with_edit_buttons(client, world, role):
    build_plan(world.project, 1)
    client.force_login(getattr(world, role))
    body = client.get(world.project.get_absolute_url()).content.decode()
    assert 'id="applications-heading"' in body
    assert reverse("projects:plan_add", args=[world.project.pk, "mal"]) in body
    assert reverse("projects:plan_history", args=[world.project.pk, "mal", world.project.goals.first().pk]) in body


def test_the_steering_group_sees_applications_and_history_but_cannot_edit(client, world):
    build_plan(world.project, 1)
    client.force_login(world.steering)
    body = client.get(world.project.get_absolute_url()).content.decode()
    assert 'id="applications-heading"' in body
    assert "/plan/mal/ny/" not in body
    assert "/historik/" in body
    assert "/plan/borttaget/" in body
    assert 'hx-get="/projekt/' not in body


@pytest.mark.parametrize("role", ["reference", "funder", "lead"])
def test_funders_the_reference_group_and_lab_leads_read_the_plan_without_applications_or_history(
    client, world, role
):
    build_plan(world.project, 1)
    application = world.project.applications.get()
    application.call = "Utlysning XYZ-42"
    application.save()
    client.force_login(getattr(world, role))
    body = client.get(world.project.get_absolute_url()).content.decode()
    goal = world.project.goals.first()
    assert goal.title in body
    assert world.project.indicators.first().name in body
    assert world.project.organisation_members.first().name in body
    assert 'id="applications-heading"' not in body
    assert application.call not in body
    assert "/historik/" not in body
    assert "/plan/mal/" not in body
    assert "/plan/borttaget/" not in body  # what was deleted is internal too


def test_the_plan_shows_the_goal_hierarchy_progress_and_links_between_goals_and_work_packages(client, world):
    overall = GoalFactory(project=world.project, level=Goal.Level.OVERALL, title="Minskad segregation")
    project_goal = GoalFactory(project=world.project, level=Goal.Level.PROJECT, parent=overall, title="Fyra metoder")
    sub = GoalFactory(project=world.project, level=Goal.Level.SUB, parent=project_goal, title="SKA-modell",
                      why_individuals="Boende hörs", why_society="Bättre beslut")
    sub.work_packages.add(world.work_package)
    indicator = IndicatorFactory(project=world.project, goal=sub, name="Metoder", baseline=0, target=4)
    IndicatorValueFactory(indicator=indicator, value=3, period_start=dt.date(2018, 1, 1),
                          period_end=dt.date(2018, 6, 30))
    client.force_login(world.reference)
    response = client.get(world.project.get_absolute_url())
    tree = response.context["plan"]["goal_tree"]
    assert tree == [overall]
    assert tree[0].children_list == [project_goal]
    assert tree[0].children_list[0].children_list == [sub]
    assert response.context["plan"]["indicators"][0].progress == 75
    body = response.content.decode()
    assert "Boende hörs" in body and "Bättre beslut" in body
    assert f'href="#workpackage-{world.work_package.pk}"' in body
    assert f'href="#goal-{sub.pk}"' in body
    assert 'value="75"' in body


def test_an_indicator_where_lower_is_better_shows_progress_downwards(client, world):
    indicator = IndicatorFactory(project=world.project, baseline=40, target=20, direction="down")
    IndicatorValueFactory(indicator=indicator, value=35)
    client.force_login(world.coordinator)
    response = client.get(world.project.get_absolute_url())
    assert response.context["plan"]["indicators"][0].progress == 25


def test_only_upcoming_open_applications_are_listed_as_upcoming_deadlines(client, world):
    soon = FundingApplicationFactory(project=world.project, deadline=timezone.localdate() + dt.timedelta(days=5),
                                     status="submitted")
    FundingApplicationFactory(project=world.project, deadline=timezone.localdate() - dt.timedelta(days=5))
    FundingApplicationFactory(project=world.project, deadline=timezone.localdate() + dt.timedelta(days=9),
                              status="rejected")
    client.force_login(world.coordinator)
    response = client.get(world.project.get_absolute_url())
    assert response.context["plan"]["upcoming_deadlines"] == [soon]


def test_another_projects_coordinator_does_not_see_the_plan(client, world):
    other = MembershipFactory(role="coordinator").user
    client.force_login(other)
    assert client.get(world.project.get_absolute_url()).status_code == 404
