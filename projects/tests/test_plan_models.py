import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from accounts.models import Organisation
from accounts.tests.factories import OrganisationFactory
from projects.models import (
    FundingApplication,
    Goal,
    Indicator,
    Milestone,
    OrganisationMember,
    Project,
    WorkPackage,
)
from projects.tests.factories import GoalFactory, ProjectFactory, WorkPackageFactory

pytestmark = pytest.mark.django_db


def test_a_sub_goal_must_belong_to_a_project_goal_of_the_same_project():
    overall = GoalFactory(level=Goal.Level.OVERALL)
    sub = Goal(project=overall.project, level=Goal.Level.SUB, parent=overall, title="Delmål")
    with pytest.raises(ValidationError) as caught:
        sub.full_clean()
    assert "parent" in caught.value.message_dict

    project_goal = GoalFactory(project=overall.project, level=Goal.Level.PROJECT, parent=overall)
    Goal(project=overall.project, level=Goal.Level.SUB, parent=project_goal, title="Delmål").full_clean()

    other_project_goal = GoalFactory(level=Goal.Level.PROJECT)
    foreign = Goal(project=overall.project, level=Goal.Level.SUB, parent=other_project_goal, title="Delmål")
    with pytest.raises(ValidationError):
        foreign.full_clean()


def test_a_sub_goal_is_tied_to_work_packages_and_keeps_its_history():
    package = WorkPackageFactory()
    goal = GoalFactory(project=package.project, level=Goal.Level.SUB, title="Före")
    goal.work_packages.add(package)
    goal.title = "Efter"
    goal.save()
    assert list(package.goals.all()) == [goal]
    assert [h.title for h in goal.history.order_by("history_date")] == ["Före", "Efter"]


def test_an_indicator_on_a_goal_of_another_project_is_refused():
    goal = GoalFactory()
    indicator = Indicator(project=ProjectFactory(), goal=goal, name="Metoder", target=Decimal("4"))
    with pytest.raises(ValidationError) as caught:
        indicator.full_clean()
    assert "goal" in caught.value.message_dict


def test_a_granted_application_needs_the_amount_granted_and_a_decision_after_the_deadline():
    funder = OrganisationFactory(kind=Organisation.Kind.FUNDER)
    application = FundingApplication(
        project=ProjectFactory(), funder=funder, amount_applied=Decimal("100000.50"),
        status=FundingApplication.Status.GRANTED, deadline=dt.date(2017, 9, 27), decision_date=dt.date(2017, 9, 1),
    )
    with pytest.raises(ValidationError) as caught:
        application.full_clean()
    assert set(caught.value.message_dict) == {"amount_granted", "decision_date"}


def test_a_share_of_time_above_100_percent_is_refused():
    member = OrganisationMember(project=ProjectFactory(), group=OrganisationMember.Group.COORDINATION,
                                name="Sara", share_of_time=Decimal("101"))
    with pytest.raises(ValidationError) as caught:
        member.full_clean()
    assert "share_of_time" in caught.value.message_dict


def test_a_work_package_cannot_end_before_it_starts():
    package = WorkPackageFactory.build(project=ProjectFactory(), start_date=dt.date(2019, 1, 1),
                                       end_date=dt.date(2018, 1, 1))
    with pytest.raises(ValidationError):
        package.full_clean()


def test_the_demo_gives_the_flagship_project_its_real_plan_and_is_idempotent():
    call_command("load_demo", "--quiet-logins")
    project = Project.objects.get(short_name="SISP")
    counts = lambda: (project.goals.count(), project.target_groups.count(), project.organisation_members.count(),  # noqa: E731
                      Milestone.objects.filter(work_package__project=project).count(), project.applications.count())
    first = counts()
    call_command("load_demo", "--quiet-logins")
    assert counts() == first

    levels = {g.level for g in project.goals.all()}
    assert levels == {Goal.Level.OVERALL, Goal.Level.PROJECT, Goal.Level.SUB}
    assert project.goals.filter(title__startswith="Stärkt social sammanhållning").exists()
    for package in WorkPackage.objects.filter(project=project):
        assert package.goals.filter(level=Goal.Level.SUB).exists(), package.code
        assert package.objective and package.local_leader_name
    coordination = project.organisation_members.filter(group=OrganisationMember.Group.COORDINATION)
    assert sum(m.share_of_time for m in coordination) == Decimal("57")
    assert project.organisation_members.filter(group=OrganisationMember.Group.STEERING).exists()
    assert project.applications.filter(funder__name="Vinnova", status=FundingApplication.Status.GRANTED).exists()
