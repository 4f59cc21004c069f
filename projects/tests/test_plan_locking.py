"""No lost updates: a save based on an older version is refused, with both versions shown and nothing lost."""

import threading
import time

import pytest
from django.db import close_old_connections, connection, transaction
from django.urls import reverse

from grportal.locking import StaleEdit
from projects.models import Goal
from projects.services import plan_item_delete, plan_item_update
from projects.tests.factories import GoalFactory, MembershipFactory

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def edit_url(goal):
    return reverse("projects:plan_edit", args=[goal.project.pk, "mal", goal.pk])


def post_data(goal, version, **values):
    prefix = f"goal-{goal.pk}"
    data = {"level": "overall", "title": goal.title, "position": "0", "version": str(version)} | values
    return {f"{prefix}-{k}": v for k, v in data.items()}


@pytest.fixture
def two_coordinators(world):
    second = MembershipFactory(project=world.project, role="coordinator").user
    goal = GoalFactory(project=world.project, title="Stärkt sammanhållning", level="overall")
    return world.coordinator, second, goal


def test_the_second_of_two_saves_from_the_same_version_is_refused_and_shows_both_versions(client, two_coordinators):
    first, second, goal = two_coordinators
    # Both opened the form at version 1.
    client.force_login(first)
    assert client.post(edit_url(goal), post_data(goal, 1, title="Förstas titel")).status_code == 302

    client.force_login(second)
    response = client.post(edit_url(goal), post_data(goal, 1, title="Andras titel", why_society="Andras motivering"),
                           **HTMX)
    body = response.content.decode()
    assert response.status_code == 200
    assert "HX-Retarget" not in response  # the form stays, with the conflict in it
    goal.refresh_from_db()
    assert (goal.title, goal.version, goal.why_society) == ("Förstas titel", 2, "")  # theirs is kept
    assert "Förstas titel" in body  # their saved version, shown
    assert 'value="Andras titel"' in body  # what was typed, still in the form
    assert "Andras motivering" in body
    assert 'class="conflict" role="alert"' in body
    assert "Sara Samordnare" in body  # who saved theirs
    assert "Edit goal: Förstas titel" in body or "Förstas titel" in body.split("</legend>")[0]
    # The form now carries their version, so saving again is a deliberate choice to replace it.
    assert f'name="goal-{goal.pk}-version" value="2"' in body


def test_a_stale_save_without_js_is_refused_the_same_way(client, two_coordinators):
    first, second, goal = two_coordinators
    client.force_login(first)
    client.post(edit_url(goal), post_data(goal, 1, title="Förstas titel"))
    client.force_login(second)
    response = client.post(edit_url(goal), post_data(goal, 1, title="Andras titel"))
    assert response.status_code == 409  # without HTMX a refused save is a 409 (HTMX swaps only 2xx answers)
    assert "<h1>" in response.content.decode()
    assert 'class="conflict" role="alert"' in response.content.decode()
    goal.refresh_from_db()
    assert goal.title == "Förstas titel"


def test_after_seeing_both_versions_saving_again_replaces_theirs_and_history_keeps_both(client, two_coordinators):
    first, second, goal = two_coordinators
    client.force_login(first)
    client.post(edit_url(goal), post_data(goal, 1, title="Förstas titel"))
    client.force_login(second)
    client.post(edit_url(goal), post_data(goal, 1, title="Andras titel"))  # refused
    # A third coordinator saved in between again: the second attempt is refused too.
    client.force_login(first)
    client.post(edit_url(goal), post_data(goal, 2, title="Förstas andra titel"))
    client.force_login(second)
    refused = client.post(edit_url(goal), post_data(goal, 2, title="Andras titel"))
    assert "Förstas andra titel" in refused.content.decode()
    goal.refresh_from_db()
    assert (goal.title, goal.version) == ("Förstas andra titel", 3)

    assert client.post(edit_url(goal), post_data(goal, 3, title="Andras titel")).status_code == 302
    goal.refresh_from_db()
    assert (goal.title, goal.version) == ("Andras titel", 4)
    titles = list(goal.history.order_by("history_date").values_list("title", flat=True))
    assert titles == ["Stärkt sammanhållning", "Förstas titel", "Förstas andra titel", "Andras titel"]


def test_a_stale_delete_is_refused(client, two_coordinators):
    first, second, goal = two_coordinators
    client.force_login(first)
    client.post(edit_url(goal), post_data(goal, 1, title="Förstas titel"))
    client.force_login(second)
    response = client.post(reverse("projects:plan_delete", args=[goal.project.pk, "mal", goal.pk]), {"version": "1"})
    assert response.status_code == 200
    assert Goal.objects.filter(pk=goal.pk).exists()


def test_saving_an_item_someone_deleted_says_so_and_keeps_the_typed_text(client, two_coordinators):
    first, second, goal = two_coordinators
    url = edit_url(goal)
    client.force_login(second)
    client.get(url)
    plan_item_delete(item=Goal.objects.get(pk=goal.pk), expected_version=1, user=first)
    # The deleted goal is no longer found through the project: a 404, nothing recreated.
    response = client.post(url, post_data(goal, 1, title="Andras titel"))
    assert response.status_code == 404
    assert not Goal.objects.filter(pk=goal.pk).exists()


def test_the_service_refuses_a_stale_version_and_changes_nothing(two_coordinators):
    first, second, goal = two_coordinators
    plan_item_update(item=Goal.objects.get(pk=goal.pk), values={"title": "A"}, expected_version=1, user=first)
    with pytest.raises(StaleEdit) as caught:
        plan_item_update(item=Goal.objects.get(pk=goal.pk), values={"title": "B"}, expected_version=1, user=second)
    assert caught.value.current.title == "A"
    goal.refresh_from_db()
    assert (goal.title, goal.version) == ("A", 2)
    assert goal.history.count() == 2


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_saves_on_postgresql_one_wins_the_other_is_refused(world):
    if connection.vendor != "postgresql":
        pytest.skip("The row lock race needs PostgreSQL (set DATABASE_URL).")
    goal = GoalFactory(project=world.project, title="Start")
    first_claimed = threading.Event()
    release_first = threading.Event()
    second_started = threading.Event()
    pids, outcome = {}, {}

    def backend_pid():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            return cursor.fetchone()[0]

    def first():
        try:
            pids["first"] = backend_pid()
            with transaction.atomic():
                plan_item_update(item=Goal.objects.get(pk=goal.pk), values={"title": "Första"}, expected_version=1,
                                 user=world.coordinator)
                first_claimed.set()
                release_first.wait(10)  # hold the row lock, uncommitted
            outcome["first"] = "saved"
        finally:
            close_old_connections()
            connection.close()

    def second():
        first_claimed.wait(10)
        try:
            pids["second"] = backend_pid()
            second_started.set()
            plan_item_update(item=Goal.objects.get(pk=goal.pk), values={"title": "Andra"}, expected_version=1,
                             user=world.coordinator)
            outcome["second"] = "saved"
        except StaleEdit as stale:
            outcome["second"] = ("refused", stale.current.title)
        finally:
            connection.close()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for t in threads:
        t.start()
    try:
        assert first_claimed.wait(10) and second_started.wait(10)
        # The second save waits for the first's row lock: PostgreSQL says who blocks it (no sleeping and hoping).
        deadline = time.monotonic() + 10
        blocked_by = []
        while pids["first"] not in blocked_by and time.monotonic() < deadline:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_blocking_pids(%s)", [pids["second"]])
                blocked_by = cursor.fetchone()[0]
        assert blocked_by == [pids["first"]]
        assert threads[1].is_alive() and "second" not in outcome
    finally:
        release_first.set()
        for t in threads:
            t.join(15)
    assert outcome == {"first": "saved", "second": ("refused", "Första")}
    goal.refresh_from_db()
    assert (goal.title, goal.version) == ("Första", 2)


def test_a_change_without_the_version_it_was_based_on_is_refused(client, two_coordinators):
    first, _second, goal = two_coordinators
    client.force_login(first)
    data = post_data(goal, 1, title="Utan version")
    del data[f"goal-{goal.pk}-version"]
    response = client.post(edit_url(goal), data, **HTMX)
    assert response.status_code == 200
    assert 'class="errorlist" role="alert"' in response.content.decode()
    goal.refresh_from_db()
    assert (goal.title, goal.version) == ("Stärkt sammanhållning", 1)
    delete = client.post(reverse("projects:plan_delete", args=[goal.project.pk, "mal", goal.pk]), {})
    assert delete.status_code == 200
    assert Goal.objects.filter(pk=goal.pk).exists()


# A link between a goal and a work package is edited from both ends (the goal's "work packages", the work package's
# "goals it serves"). Changing it from one end must not be undone by a form still open on the other end.

def wp_url(wp):
    return reverse("projects:plan_edit", args=[wp.project.pk, "arbetspaket", wp.pk])


def wp_post(wp, version, goals, **values):
    prefix = f"workpackage-{wp.pk}"
    data = {"code": wp.code, "title": wp.title, "status": "planned", "version": str(version)} | values
    return {f"{prefix}-{k}": v for k, v in data.items()} | {f"{prefix}-goals": [g.pk for g in goals]}


@pytest.fixture
def linked(world):
    second = MembershipFactory(project=world.project, role="coordinator").user
    sub = GoalFactory(project=world.project, title="Delmål SKA", level="overall")
    plan_item_update(item=sub, values={}, m2m={"work_packages": [world.work_package]}, expected_version=1,
                     user=world.coordinator)
    world.work_package.refresh_from_db()
    return world.coordinator, second, sub, world.work_package


def test_unlinking_from_the_goal_is_not_undone_by_a_work_package_form_opened_before(client, linked):
    first, second, goal, wp = linked
    wp_version = wp.version  # the second coordinator opens the work package's form: the goal is ticked
    client.force_login(first)  # the first unlinks the work package from the goal
    assert client.post(edit_url(goal), post_data(goal, goal.version, title=goal.title)).status_code == 302
    assert list(goal.work_packages.all()) == []

    client.force_login(second)  # ... and the second saves the form as it was loaded, goal still ticked
    response = client.post(wp_url(wp), wp_post(wp, wp_version, [goal], title="Nytt namn"), **HTMX)
    assert response.status_code == 200
    body = response.content.decode()
    assert 'class="conflict" role="alert"' in body
    assert "Sara Samordnare" in body  # who changed the link
    wp.refresh_from_db()
    assert wp.title != "Nytt namn"
    assert list(goal.work_packages.all()) == []  # the first's change stands
    # The link's removal is in the work package's history too, with who did it.
    latest, before = wp.history.all()[:2]
    assert latest.history_user == first
    assert (before.links["goals"], latest.links["goals"]) == ([[goal.pk, goal.title]], [])


def test_unlinking_from_the_work_package_is_not_undone_by_a_goal_form_opened_before(client, linked):
    first, second, goal, wp = linked
    goal_version = goal.version  # the second opens the goal's form: the work package is ticked
    client.force_login(first)  # the first unticks the goal on the work package
    assert client.post(wp_url(wp), wp_post(wp, wp.version, [])).status_code == 302
    assert list(goal.work_packages.all()) == []

    client.force_login(second)  # ... and the second changes only the goal's title, the form as loaded
    response = client.post(edit_url(goal), post_data(goal, goal_version, title="Andras titel",
                                                     work_packages=[str(wp.pk)]), **HTMX)
    assert response.status_code == 200
    assert 'class="conflict" role="alert"' in response.content.decode()
    goal.refresh_from_db()
    assert goal.title == "Delmål SKA"
    assert list(goal.work_packages.all()) == []


def test_a_save_that_leaves_the_links_alone_does_not_disturb_the_other_end(client, linked):
    first, second, goal, wp = linked
    wp_version = wp.version
    client.force_login(first)
    assert client.post(edit_url(goal), post_data(goal, goal.version, title="Nytt mål",
                                                 work_packages=[str(wp.pk)])).status_code == 302
    client.force_login(second)
    assert client.post(wp_url(wp), wp_post(wp, wp_version, [goal], title="Nytt namn")).status_code == 302
    wp.refresh_from_db()
    assert wp.title == "Nytt namn"
    assert list(goal.work_packages.all()) == [wp]
