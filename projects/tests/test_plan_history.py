"""Every change is kept: who changed what, when, old → new; an earlier version can be restored."""

import pytest
from django.urls import reverse

from projects.models import Goal, WorkPackage
from projects.services import plan_item_update
from projects.tests.factories import GoalFactory, MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def changed_goal(world):
    goal = GoalFactory(project=world.project, title="Första lydelsen", level="overall")
    plan_item_update(item=Goal.objects.get(pk=goal.pk), values={"title": "Andra lydelsen", "why_society": "Tillit"},
                     expected_version=1, user=world.coordinator)
    goal.refresh_from_db()
    return goal


def history_url(goal, kind="mal"):
    return reverse("projects:plan_history", args=[goal.project.pk, kind, goal.pk])


def test_the_history_shows_who_changed_what_with_old_and_new_values(client, world, changed_goal):
    client.force_login(world.steering)
    response = client.get(history_url(changed_goal))
    assert response.status_code == 200
    newest = response.context["rows"][0]
    assert newest["record"].history_user == world.coordinator
    changes = {str(c["label"]): (c["old"], c["new"]) for c in newest["changes"]}
    label = lambda name: str(Goal._meta.get_field(name).verbose_name)  # noqa: E731
    assert changes[label("title")] == ("Första lydelsen", "Andra lydelsen")
    assert changes[label("why_society")] == ("–", "Tillit")
    body = response.content.decode()
    assert "Sara Samordnare" in body
    # steering group may read the history but not restore
    assert "aterstall" not in body


def test_the_history_names_what_a_foreign_key_points_at(client, world):
    package = world.work_package
    plan_item_update(item=WorkPackage.objects.get(pk=package.pk), values={"responsible": world.outsider.organisation},
                     expected_version=1, user=world.coordinator)
    client.force_login(world.coordinator)
    response = client.get(history_url(package, "arbetspaket"))
    changes = {str(c["label"]): c for c in response.context["rows"][0]["changes"]}
    label = str(WorkPackage._meta.get_field("responsible").verbose_name)
    assert changes[label]["new"] == world.outsider.organisation.name


@pytest.mark.parametrize(("role", "expected"), [
    ("coordinator", 200), ("staff", 200), ("steering", 200), ("reference", 403), ("funder", 403), ("lead", 403),
    ("outsider", 404),
])
def test_who_may_read_the_history(client, world, changed_goal, role, expected):
    client.force_login(getattr(world, role))
    assert client.get(history_url(changed_goal)).status_code == expected


def test_another_projects_coordinator_may_not_read_the_history(client, world, changed_goal):
    client.force_login(MembershipFactory(role="coordinator").user)
    assert client.get(history_url(changed_goal)).status_code == 404


def test_a_coordinator_restores_an_earlier_version_which_is_itself_recorded(client, world, changed_goal):
    first = changed_goal.history.order_by("history_date").first()
    client.force_login(world.coordinator)
    response = client.post(
        reverse("projects:plan_restore", args=[world.project.pk, "mal", changed_goal.pk, first.history_id]),
        {"version": "2"},
    )
    assert response.status_code == 302
    changed_goal.refresh_from_db()
    assert (changed_goal.title, changed_goal.why_society, changed_goal.version) == ("Första lydelsen", "", 3)
    latest = changed_goal.history.first()
    assert latest.history_user == world.coordinator
    assert latest.history_change_reason.startswith("Restored") or latest.history_change_reason.startswith("Återst")
    assert changed_goal.history.count() == 3


def test_a_restore_based_on_an_old_view_of_the_history_is_refused(client, world, changed_goal):
    first = changed_goal.history.order_by("history_date").first()
    client.force_login(world.coordinator)
    client.post(reverse("projects:plan_restore", args=[world.project.pk, "mal", changed_goal.pk, first.history_id]),
                {"version": "1"})
    changed_goal.refresh_from_db()
    assert (changed_goal.title, changed_goal.version) == ("Andra lydelsen", 2)


@pytest.mark.parametrize("role", ["steering", "reference", "funder", "lead"])
def test_only_coordinators_restore(client, world, changed_goal, role):
    first = changed_goal.history.order_by("history_date").first()
    client.force_login(getattr(world, role))
    response = client.post(
        reverse("projects:plan_restore", args=[world.project.pk, "mal", changed_goal.pk, first.history_id]),
        {"version": "2"},
    )
    assert response.status_code == 403
    changed_goal.refresh_from_db()
    assert changed_goal.title == "Andra lydelsen"


def test_a_work_package_can_be_restored_too(client, world):
    package = world.work_package
    original_title = package.title
    plan_item_update(item=WorkPackage.objects.get(pk=package.pk), values={"title": "Nytt namn"}, expected_version=1,
                     user=world.coordinator)
    first = package.history.order_by("history_date").first()
    client.force_login(world.coordinator)
    client.post(reverse("projects:plan_restore", args=[world.project.pk, "arbetspaket", package.pk, first.history_id]),
                {"version": "2"})
    package.refresh_from_db()
    assert (package.title, package.version) == (original_title, 3)


def test_linking_work_packages_and_target_groups_is_noted_in_the_history(world):
    from projects.tests.factories import TargetGroupFactory, WorkPackageFactory

    goal = GoalFactory(project=world.project, level="sub", title="Delmål")
    second = WorkPackageFactory(project=world.project, code="AP2", title="Andra")
    group = TargetGroupFactory(project=world.project, name="Unga")
    plan_item_update(item=Goal.objects.get(pk=goal.pk), values={},
                     m2m={"work_packages": [world.work_package, second], "target_groups": [group]},
                     expected_version=1, user=world.coordinator)
    reason = goal.history.first().history_change_reason
    assert f"– → {world.work_package}, AP2 Andra" in reason
    assert "– → Unga" in reason
    plan_item_update(item=Goal.objects.get(pk=goal.pk), values={}, m2m={"work_packages": [second]},
                     expected_version=2, user=world.coordinator)
    assert f"{world.work_package}, AP2 Andra → AP2 Andra" in goal.history.first().history_change_reason
