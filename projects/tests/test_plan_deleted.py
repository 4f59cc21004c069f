"""Deleted plan items: who deleted what and when, and putting an item back with what was deleted along with it."""

import pytest
from django.urls import reverse

from projects.models import Goal, Indicator, IndicatorValue, Milestone, WorkPackage
from projects.services import plan_item_create, plan_item_delete, plan_item_update
from projects.tests.factories import (
    GoalFactory,
    IndicatorFactory,
    IndicatorValueFactory,
    MilestoneFactory,
    TargetGroupFactory,
    WorkPackageFactory,
)

pytestmark = pytest.mark.django_db


def deleted_url(world):
    return reverse("projects:plan_deleted", args=[world.project.pk])


def undelete_url(world, kind, record):
    return reverse("projects:plan_undelete", args=[world.project.pk, kind, record.history_id])


@pytest.fixture
def deleted_package(world):
    """AP2 with a milestone, an indicator with a value and a sub-goal it serves, deleted by the coordinator."""
    wp = WorkPackageFactory(project=world.project, code="AP2", title="Björkås")
    goal = GoalFactory(project=world.project, title="Socialt investeringsperspektiv")
    plan_item_update(item=goal, values={}, m2m={"work_packages": [wp]}, expected_version=1, user=world.coordinator)
    milestone = MilestoneFactory(work_package=wp, title="Lokal arbetsplan klar")
    indicator = IndicatorFactory(project=world.project, work_package=wp, name="Boende i dialog")
    value = IndicatorValueFactory(indicator=indicator, value=12, comment="Två möten")
    wp.refresh_from_db()
    plan_item_delete(item=WorkPackage.objects.get(pk=wp.pk), expected_version=wp.version, user=world.coordinator)
    assert not WorkPackage.objects.filter(pk=wp.pk).exists()
    assert not Milestone.objects.filter(pk=milestone.pk).exists() and not Indicator.objects.filter(pk=indicator.pk)
    return wp, goal, milestone, indicator, value


def test_the_deleted_items_are_listed_with_who_deleted_them_and_when(client, world, deleted_package):
    wp, _goal, _milestone, indicator, _value = deleted_package
    client.force_login(world.steering)
    response = client.get(deleted_url(world))
    assert response.status_code == 200
    names = [row["name"] for row in response.context["rows"]]
    assert str(wp) in names and indicator.name in names  # the indicator went with its work package
    body = response.content.decode()
    assert "Sara Samordnare" in body
    assert "aterstall" not in body  # the steering group reads, does not restore


def test_putting_a_work_package_back_brings_its_milestones_indicators_values_and_goal_links(
        client, world, deleted_package):
    wp, goal, milestone, indicator, value = deleted_package
    record = WorkPackage.history.filter(id=wp.pk, history_type="-").get()
    client.force_login(world.coordinator)
    response = client.post(undelete_url(world, "arbetspaket", record))
    assert response.status_code == 302 and response.url.endswith(f"#workpackage-{wp.pk}")
    back = WorkPackage.objects.get(pk=wp.pk)
    assert (back.code, back.title) == ("AP2", "Björkås")
    assert Milestone.objects.get(pk=milestone.pk).title == "Lokal arbetsplan klar"
    assert Indicator.objects.get(pk=indicator.pk).work_package == back
    assert IndicatorValue.objects.get(pk=value.pk).comment == "Två möten"
    assert list(goal.work_packages.all()) == [back]
    latest = back.history.first()
    assert latest.history_user == world.coordinator and latest.history_type == "+"
    # It is no longer listed as deleted, and neither is the indicator that came back with it.
    names = [row["name"] for row in client.get(deleted_url(world)).context["rows"]]
    assert str(back) not in names and indicator.name not in names


def test_an_indicator_put_back_on_its_own_then_its_work_package(client, world, deleted_package):
    wp, _goal, _milestone, indicator, value = deleted_package
    client.force_login(world.coordinator)
    record = Indicator.history.filter(id=indicator.pk, history_type="-").get()
    assert client.post(undelete_url(world, "indikator", record)).status_code == 302
    back = Indicator.objects.get(pk=indicator.pk)
    assert back.work_package is None  # its work package is still deleted
    assert IndicatorValue.objects.filter(pk=value.pk).exists()
    record = WorkPackage.history.filter(id=wp.pk, history_type="-").get()
    assert client.post(undelete_url(world, "arbetspaket", record)).status_code == 302
    assert WorkPackage.objects.filter(pk=wp.pk).exists()


def test_a_goal_comes_back_with_its_links_and_target_groups(client, world):
    group = TargetGroupFactory(project=world.project, name="Unga")
    goal = plan_item_create(item=Goal(project=world.project),
                            values={"level": "overall", "title": "Minskad segregation"},
                            m2m={"work_packages": [world.work_package], "target_groups": [group]},
                            user=world.coordinator)
    plan_item_delete(item=Goal.objects.get(pk=goal.pk), expected_version=1, user=world.coordinator)
    client.force_login(world.coordinator)
    record = Goal.history.filter(id=goal.pk, history_type="-").get()
    assert client.post(undelete_url(world, "mal", record)).status_code == 302
    back = Goal.objects.get(pk=goal.pk)
    assert list(back.work_packages.all()) == [world.work_package]
    assert list(back.target_groups.all()) == [group]


def test_putting_back_a_work_package_whose_code_is_taken_is_refused_with_the_reason(client, world, deleted_package):
    wp = deleted_package[0]
    WorkPackageFactory(project=world.project, code="AP2", title="Ett nytt AP2")
    client.force_login(world.coordinator)
    record = WorkPackage.history.filter(id=wp.pk, history_type="-").get()
    response = client.post(undelete_url(world, "arbetspaket", record), follow=True)
    assert response.status_code == 200
    assert not WorkPackage.objects.filter(pk=wp.pk).exists()
    assert list(WorkPackage.objects.filter(project=world.project, code="AP2").values_list("title", flat=True)) == [
        "Ett nytt AP2"]
    assert 'class="message message-error"' in response.content.decode() or "message-error" in response.content.decode()


@pytest.mark.parametrize(("role", "expected"), [
    ("coordinator", 200), ("staff", 200), ("steering", 200), ("reference", 403), ("funder", 403), ("lead", 403),
    ("outsider", 404),
])
def test_who_may_see_what_was_deleted(client, world, deleted_package, role, expected):
    client.force_login(getattr(world, role))
    assert client.get(deleted_url(world)).status_code == expected


@pytest.mark.parametrize(("role", "expected"), [
    ("steering", 403), ("reference", 403), ("funder", 403), ("lead", 403), ("outsider", 404),
])
def test_only_coordinators_and_staff_put_items_back(client, world, deleted_package, role, expected):
    wp = deleted_package[0]
    record = WorkPackage.history.filter(id=wp.pk, history_type="-").get()
    client.force_login(getattr(world, role))
    assert client.post(undelete_url(world, "arbetspaket", record)).status_code == expected
    assert not WorkPackage.objects.filter(pk=wp.pk).exists()


def test_an_item_deleted_from_another_project_is_not_found_here(client, world):
    other = WorkPackageFactory(code="AP9")
    plan_item_delete(item=WorkPackage.objects.get(pk=other.pk), expected_version=1, user=world.coordinator)
    record = WorkPackage.history.filter(id=other.pk, history_type="-").get()
    client.force_login(world.coordinator)
    assert client.post(undelete_url(world, "arbetspaket", record)).status_code == 404
    assert not WorkPackage.objects.filter(pk=other.pk).exists()


@pytest.mark.parametrize("n", [2, 10])
def test_the_list_makes_the_same_number_of_queries_however_much_was_deleted(client, world, django_assert_num_queries,
                                                                            n):
    from projects.tests.factories import FundingApplicationFactory, KeyPersonFactory, ProjectPartnerFactory

    for i in range(n):
        for item in (GoalFactory(project=world.project), WorkPackageFactory(project=world.project, code=f"D{i}"),
                     KeyPersonFactory(project=world.project), ProjectPartnerFactory(project=world.project),
                     FundingApplicationFactory(project=world.project)):
            plan_item_delete(item=item, expected_version=1, user=world.coordinator)
    client.force_login(world.coordinator)
    # session, user, project (+owner, funder), roles (cached for both rules), one per kind of item with a project
    # (goals, target groups, key persons, indicators, work packages, organisation, partners, applications), the
    # organisations that name partners and applications, the menu's "leads a lab?" and "coordinates a project?"
    with django_assert_num_queries(13):
        response = client.get(deleted_url(world))
    assert len(response.context["rows"]) == 5 * n
