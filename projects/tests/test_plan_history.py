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
    assert "Restored" in latest.history_change_reason or "återställ" in latest.history_change_reason.lower()
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


def test_linking_work_packages_and_target_groups_is_kept_in_full_in_the_history(client, world):
    from projects.tests.factories import TargetGroupFactory, WorkPackageFactory

    goal = GoalFactory(project=world.project, level="sub", title="Delmål")
    second = WorkPackageFactory(project=world.project, code="AP2", title="Andra med ett mycket långt namn " * 3)
    group = TargetGroupFactory(project=world.project, name="Unga")
    plan_item_update(item=Goal.objects.get(pk=goal.pk), values={},
                     m2m={"work_packages": [world.work_package, second], "target_groups": [group]},
                     expected_version=1, user=world.coordinator)
    plan_item_update(item=Goal.objects.get(pk=goal.pk), values={}, m2m={"work_packages": [second]},
                     expected_version=2, user=world.coordinator)
    latest = goal.history.first()
    assert latest.links["work_packages"] == [[second.pk, str(second)]]
    client.force_login(world.steering)
    rows = client.get(history_url(goal)).context["rows"]
    label = str(Goal._meta.get_field("work_packages").verbose_name)
    changes = {str(c["label"]): (c["old"], c["new"]) for c in rows[0]["changes"]}
    # In full, however long the names (the history's reason column holds only 100 characters).
    assert changes[label] == (f"{world.work_package}, {second}", str(second))
    linked = {str(c["label"]): (c["old"], c["new"]) for c in rows[1]["changes"]}
    assert linked[label] == ("–", f"{world.work_package}, {second}")
    assert linked[str(Goal._meta.get_field("target_groups").verbose_name)] == ("–", "Unga")
    # The other end notes it too: the work package's own history says who linked it and who removed the link.
    package_history = client.get(history_url(world.work_package, "arbetspaket")).context["rows"]
    assert package_history[0]["record"].history_user == world.coordinator
    assert package_history[0]["record"].links["goals"] == []
    assert package_history[1]["record"].links["goals"] == [[goal.pk, "Delmål"]]


def test_restoring_a_goal_puts_its_links_back(client, world):
    from projects.tests.factories import WorkPackageFactory

    goal = GoalFactory(project=world.project, level="sub", title="Delmål")
    second = WorkPackageFactory(project=world.project, code="AP2")
    plan_item_update(item=Goal.objects.get(pk=goal.pk), values={"title": "Delmål med AP1 och AP2"},
                     m2m={"work_packages": [world.work_package, second]}, expected_version=1, user=world.coordinator)
    linked = goal.history.first()
    plan_item_update(item=Goal.objects.get(pk=goal.pk), values={"title": "Delmål utan arbetspaket"},
                     m2m={"work_packages": []}, expected_version=2, user=world.coordinator)
    second.delete()  # what a link pointed at may be gone since: it is left out
    client.force_login(world.coordinator)
    response = client.post(
        reverse("projects:plan_restore", args=[world.project.pk, "mal", goal.pk, linked.history_id]), {"version": "3"})
    assert response.status_code == 302
    goal.refresh_from_db()
    assert goal.title == "Delmål med AP1 och AP2"
    assert list(goal.work_packages.all()) == [world.work_package]
    assert goal.history.first().links["work_packages"] == [[world.work_package.pk, str(world.work_package)]]


def test_restoring_a_version_recorded_without_links_leaves_the_links_alone(client, world):
    goal = GoalFactory(project=world.project, level="sub", title="Från före länkarna")
    first = goal.history.get()
    assert first.links == {"work_packages": [], "target_groups": []}
    type(first).objects.filter(pk=first.pk).update(links=None)  # as rows written before links were recorded
    first.refresh_from_db()
    plan_item_update(item=Goal.objects.get(pk=goal.pk), values={"title": "Ändrad"},
                     m2m={"work_packages": [world.work_package]}, expected_version=1, user=world.coordinator)
    client.force_login(world.coordinator)
    client.post(reverse("projects:plan_restore", args=[world.project.pk, "mal", goal.pk, first.history_id]),
                {"version": "2"})
    goal.refresh_from_db()
    assert goal.title == "Från före länkarna"
    assert list(goal.work_packages.all()) == [world.work_package]
