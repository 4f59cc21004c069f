"""The plan editor: who may use it, and that it adds, changes and deletes items, inline and without JS."""

import json
from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from django.utils import translation

from projects.models import Goal, Indicator, IndicatorValue, Milestone, Project, ProjectMembership, WorkPackage
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
)

pytestmark = pytest.mark.django_db

LOGIN_URL = "/konto/login/"
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def plan(world):
    """The world plus a goal and an item of every other kind, and a coordinator of another project."""
    world.goal = GoalFactory(project=world.project, title="Minskad segregation")
    world.other_coordinator = MembershipFactory(role=ProjectMembership.Role.COORDINATOR).user
    return world


def url_for(name, plan, *args):
    return reverse(f"projects:{name}", args=[plan.project.pk, *args])


GOAL_DATA = {"level": "overall", "title": "Ändrat mål", "position": "0"}


def goal_post(plan, **changes):
    prefix = f"goal-{plan.goal.pk}"
    data = {f"{prefix}-{k}": v for k, v in (GOAL_DATA | changes).items()}
    data.setdefault(f"{prefix}-version", str(plan.goal.version))
    return data


# Every endpoint of the editor × every role. "ok" = allowed (200 page or 302 back to the plan).
ENDPOINTS = {
    "add_form": lambda p: ("get", url_for("plan_add", p, "mal"), None),
    "add": lambda p: ("post", url_for("plan_add", p, "mal"),
                      {"goal-new-level": "overall", "goal-new-title": "Nytt mål", "goal-new-position": "1"}),
    "edit_form": lambda p: ("get", url_for("plan_edit", p, "mal", p.goal.pk), None),
    "edit": lambda p: ("post", url_for("plan_edit", p, "mal", p.goal.pk), goal_post(p)),
    "delete_form": lambda p: ("get", url_for("plan_delete", p, "mal", p.goal.pk), None),
    "delete": lambda p: ("post", url_for("plan_delete", p, "mal", p.goal.pk), {"version": "1"}),
    "facts": lambda p: ("get", url_for("plan_edit", p, "projekt", p.project.pk), None),
    "restore": lambda p: ("post", url_for("plan_restore", p, "mal", p.goal.pk, p.goal.history.first().history_id),
                          {"version": "1"}),
}
ROLES = ("anonymous", "coordinator", "staff", "steering", "reference", "funder", "lead", "other_coordinator",
         "outsider")
# fmt: off
EXPECTED = {
    #              anon   coord staff steer ref  funder lead other outsider
    "add_form":    ("login", "ok", "ok", 403, 403, 403, 403, 404, 404),
    "add":         ("login", "ok", "ok", 403, 403, 403, 403, 404, 404),
    "edit_form":   ("login", "ok", "ok", 403, 403, 403, 403, 404, 404),
    "edit":        ("login", "ok", "ok", 403, 403, 403, 403, 404, 404),
    "delete_form": ("login", "ok", "ok", 403, 403, 403, 403, 404, 404),
    "delete":      ("login", "ok", "ok", 403, 403, 403, 403, 404, 404),
    "facts":       ("login", "ok", "ok", 403, 403, 403, 403, 404, 404),
    "restore":     ("login", "ok", "ok", 403, 403, 403, 403, 404, 404),
}
# fmt: on


@pytest.mark.parametrize(("endpoint", "role", "expected"), [
    pytest.param(e, r, x, id=f"{e}-{r}") for e, row in EXPECTED.items() for r, x in zip(ROLES, row, strict=True)
])
@pytest.mark.parametrize("htmx", [False, True], ids=["plain", "htmx"])
def test_only_coordinators_and_staff_may_use_the_plan_editor(client, plan, endpoint, role, expected, htmx):
    method, url, data = ENDPOINTS[endpoint](plan)
    if role != "anonymous":
        client.force_login(getattr(plan, role))
    before = (Goal.objects.count(), list(Goal.objects.values_list("title", "version")))
    headers = HTMX if htmx else {}
    response = getattr(client, method)(url, data or {}, **headers)
    if expected == "login":
        assert response.status_code == 302
        assert urlsplit(response.url).path == LOGIN_URL
    elif expected == "ok":
        assert response.status_code in (200, 302), response.content[:500]
    else:
        assert response.status_code == expected
    if expected != "ok":
        assert (Goal.objects.count(), list(Goal.objects.values_list("title", "version"))) == before


def test_an_item_of_another_project_is_not_found_through_this_project(client, plan):
    foreign = GoalFactory()
    client.force_login(plan.coordinator)
    assert client.get(url_for("plan_edit", plan, "mal", foreign.pk)).status_code == 404
    assert client.post(url_for("plan_delete", plan, "mal", foreign.pk), {"version": "1"}).status_code == 404
    assert Goal.objects.filter(pk=foreign.pk).exists()


def test_an_unknown_kind_is_not_found(client, plan):
    client.force_login(plan.coordinator)
    assert client.get(url_for("plan_add", plan, "okand")).status_code == 404


def test_the_projects_facts_cannot_be_deleted_or_added_through_the_editor(client, plan):
    client.force_login(plan.coordinator)
    assert client.get(url_for("plan_add", plan, "projekt")).status_code == 404
    assert client.post(url_for("plan_delete", plan, "projekt", plan.project.pk)).status_code == 404


# --- Saving, inline and without JS -----------------------------------------------------------------------

def test_without_js_a_save_redirects_to_the_item_on_the_plan_page(client, plan):
    client.force_login(plan.coordinator)
    response = client.post(url_for("plan_edit", plan, "mal", plan.goal.pk), goal_post(plan))
    assert response.status_code == 302
    assert response.url == f"{plan.project.get_absolute_url()}#goal-{plan.goal.pk}"
    plan.goal.refresh_from_db()
    assert (plan.goal.title, plan.goal.version) == ("Ändrat mål", 2)
    assert plan.goal.history.first().history_user == plan.coordinator


def test_inline_a_save_answers_with_the_whole_plan_and_where_focus_goes(client, plan):
    client.force_login(plan.coordinator)
    response = client.post(url_for("plan_edit", plan, "mal", plan.goal.pk), goal_post(plan), **HTMX)
    assert response.status_code == 200
    assert response["HX-Retarget"] == "#plan"
    assert response["HX-Reswap"] == "outerHTML"
    assert json.loads(response["HX-Trigger-After-Settle"]) == {"plan:focus": {"id": f"goal-{plan.goal.pk}"}}
    body = response.content.decode()
    assert body.lstrip().startswith('<div id="plan"')
    assert "Ändrat mål" in body
    assert 'id="plan-status" hx-swap-oob="innerHTML"' in body


def test_inline_the_saved_item_itself_says_it_was_saved(client, plan):
    """The confirmation sits next to what was changed, not only at the top of a long page."""
    import re

    def note(text):
        with translation.override("sv"):
            return f'<span class="saved-note" data-saved-note>{translation.gettext(text)}</span>'

    other = GoalFactory(project=plan.project, title="Ett annat mål")
    client.force_login(plan.coordinator)
    body = client.post(url_for("plan_edit", plan, "mal", plan.goal.pk), goal_post(plan), **HTMX).content.decode()
    assert body.count("data-saved-note") == 1
    saved, rest = body.split(f'<div id="goal-{plan.goal.pk}"', 1)[1].split(f'<div id="goal-{other.pk}"', 1)
    assert note("Saved.") in saved
    assert "data-saved-note" not in rest
    # Adding says "Added." next to the new item; deleting leaves no note (the item is gone).
    body = client.post(url_for("plan_add", plan, "malgrupp"), {"targetgroup-new-name": "Unga"}, **HTMX).content.decode()
    group = plan.project.target_groups.get(name="Unga")
    assert re.search(rf'<li id="targetgroup-{group.pk}"[^>]*>(?:(?!</li>).)*{re.escape(note("Added."))}', body, re.S)
    body = client.post(url_for("plan_delete", plan, "malgrupp", group.pk), {"version": "1"}, **HTMX).content.decode()
    assert "data-saved-note" not in body


def test_inline_the_edit_form_replaces_the_item_and_keeps_its_id(client, plan):
    client.force_login(plan.coordinator)
    response = client.get(url_for("plan_edit", plan, "mal", plan.goal.pk), **HTMX)
    body = response.content.decode()
    assert body.lstrip().startswith(f'<div id="goal-{plan.goal.pk}"')
    assert f'hx-post="{url_for("plan_edit", plan, "mal", plan.goal.pk)}"' in body
    assert f'name="goal-{plan.goal.pk}-version" value="1"' in body
    assert "<html" not in body


def test_without_js_the_edit_form_is_a_page_of_its_own_with_a_plain_form(client, plan):
    client.force_login(plan.coordinator)
    body = client.get(url_for("plan_edit", plan, "mal", plan.goal.pk)).content.decode()
    assert "<html" in body and "<h1>" in body
    assert "hx-post" not in body


def test_a_coordinator_builds_a_plan_item_by_item(client, plan):
    client.force_login(plan.coordinator)
    project = plan.project

    def add(slug, anchor, data, under=""):
        url = url_for("plan_add", plan, slug) + (f"?under={under}" if under else "")
        prefix = f"{anchor}-new-{under}" if under else f"{anchor}-new"
        payload = {f"{prefix}-{k}": v for k, v in data.items()}
        if under:
            payload["under"] = str(under)
        response = client.post(url, payload)
        assert response.status_code == 302, response.content.decode()[:3000]

    add("malgrupp", "targetgroup", {"name": "Unga", "description": "16–25 år"})
    group = project.target_groups.get(name="Unga")
    add("mal", "goal", {"level": "project", "parent": plan.goal.pk, "title": "Fyra metoder", "position": "1"})
    project_goal = project.goals.get(title="Fyra metoder")
    add("arbetspaket", "workpackage", {"code": "AP9", "title": "Dialog med unga", "status": "planned",
                                       "target_groups": [group.pk], "start_date": "2026-01-01",
                                       "end_date": "2026-12-31"})
    package = project.work_packages.get(code="AP9")
    add("mal", "goal", {"level": "sub", "parent": project_goal.pk, "title": "Unga har påverkat en detaljplan",
                        "work_packages": [package.pk], "target_groups": [group.pk], "position": "2"})
    sub = project.goals.get(level="sub")
    add("indikator", "indicator", {"name": "Unga i dialog", "goal": sub.pk, "work_package": package.pk,
                                   "unit": "personer", "baseline": "0", "target": "40", "direction": "up"})
    indicator = project.indicators.get(name="Unga i dialog")
    add("varde", "indicatorvalue", {"indicator": indicator.pk, "period_start": "2026-01-01",
                                    "period_end": "2026-06-30", "value": "12", "comment": "Två dialogmöten"},
        under=indicator.pk)
    add("milstolpe", "milestone", {"work_package": package.pk, "kind": "deliverable", "title": "Rapport",
                                   "due_date": "2026-12-15"}, under=package.pk)
    add("nyckelperson", "keyperson", {"name": "Nora Nyckel", "role": "Dialogledare"})
    add("organisation", "member", {"group": "steering", "name": "Stina Styr", "share_of_time": "5"})
    add("partner", "partner", {"organisation": plan.outsider.organisation.pk, "role": "Kunskapsstöd"})
    add("ansokan", "application", {"funder": project.funder.pk, "call": "Utlysning", "amount_applied": "500000",
                                   "status": "planned"})

    assert list(package.goals.all()) == [sub]
    assert sub.parent == project_goal and project_goal.parent == plan.goal
    value = IndicatorValue.objects.get(indicator=indicator)
    assert (value.value, value.recorded_by) == (12, plan.coordinator)
    assert Milestone.objects.get(work_package=package).kind == "deliverable"
    body = client.get(project.get_absolute_url()).content.decode()
    for text in ("Unga har påverkat en detaljplan", "AP9 Dialog med unga", "Nora Nyckel", "Stina Styr", "Utlysning",
                 "Två dialogmöten", 'value="30"'):
        assert text in body, text


def test_a_work_package_form_links_it_to_goals_from_its_side_too(client, plan):
    sub = GoalFactory(project=plan.project, level="sub")
    client.force_login(plan.coordinator)
    wp = plan.work_package
    prefix = f"workpackage-{wp.pk}"
    response = client.post(url_for("plan_edit", plan, "arbetspaket", wp.pk), {
        f"{prefix}-code": wp.code, f"{prefix}-title": wp.title, f"{prefix}-status": "ongoing",
        f"{prefix}-goals": [sub.pk], f"{prefix}-version": str(wp.version),
    })
    assert response.status_code == 302
    assert list(wp.goals.all()) == [sub]


def test_every_kind_can_be_edited_and_deleted(client, plan):
    project = plan.project
    items = {
        "malgrupp": TargetGroupFactory(project=project), "nyckelperson": KeyPersonFactory(project=project),
        "indikator": IndicatorFactory(project=project), "organisation": OrganisationMemberFactory(project=project),
        "partner": ProjectPartnerFactory(project=project), "ansokan": FundingApplicationFactory(project=project),
        "milstolpe": MilestoneFactory(work_package=plan.work_package),
        "varde": IndicatorValueFactory(indicator=IndicatorFactory(project=project)),
        "mal": plan.goal, "arbetspaket": plan.work_package,
    }
    client.force_login(plan.coordinator)
    for slug, item in items.items():
        edit = client.get(url_for("plan_edit", plan, slug, item.pk), **HTMX)
        assert edit.status_code == 200, slug
        response = client.post(url_for("plan_delete", plan, slug, item.pk), {"version": str(item.version)}, **HTMX)
        assert response.status_code == 200, slug
        assert not type(item).objects.filter(pk=item.pk).exists(), slug


# --- Bad input: a message next to the field, the typed input kept --------------------------------------

def test_a_missing_title_is_refused_in_swedish_next_to_the_field_and_the_rest_is_kept(client, plan):
    client.force_login(plan.coordinator)
    with translation.override("sv"):
        response = client.post(url_for("plan_edit", plan, "mal", plan.goal.pk),
                               goal_post(plan, title="", why_society="Viktig text jag skrivit"),
                               HTTP_ACCEPT_LANGUAGE="sv", **HTMX)
    body = response.content.decode()
    prefix = f"id_goal-{plan.goal.pk}"
    assert response.status_code == 200
    assert f'<ul class="errorlist" id="{prefix}-title_error"><li>Detta fält måste fyllas i.</li></ul>' in body
    assert f'aria-describedby="{prefix}-title_error"' in body
    assert 'aria-invalid="true"' in body
    assert "Viktig text jag skrivit" in body
    plan.goal.refresh_from_db()
    assert (plan.goal.title, plan.goal.version) == ("Minskad segregation", 1)


def test_a_sub_goal_under_an_overall_goal_is_refused_on_the_parent_field(client, plan):
    client.force_login(plan.coordinator)
    response = client.post(url_for("plan_add", plan, "mal"), {
        "goal-new-level": "sub", "goal-new-parent": plan.goal.pk, "goal-new-title": "Delmål", "goal-new-position": "0",
    }, **HTMX)
    body = response.content.decode()
    assert 'id="id_goal-new-parent_error"' in body
    assert not plan.project.goals.filter(title="Delmål").exists()


def test_a_work_package_ending_before_it_starts_is_refused_on_the_end_date(client, plan):
    client.force_login(plan.coordinator)
    response = client.post(url_for("plan_add", plan, "arbetspaket"), {
        "workpackage-new-code": "AP7", "workpackage-new-title": "Test", "workpackage-new-status": "planned",
        "workpackage-new-start_date": "2026-05-01", "workpackage-new-end_date": "2026-01-01",
    })
    assert response.status_code == 200
    assert 'id="id_workpackage-new-end_date_error"' in response.content.decode()
    assert not WorkPackage.objects.filter(code="AP7").exists()


@pytest.mark.parametrize(("direction", "baseline", "target", "refused"), [
    ("up", "10", "4", True), ("down", "10", "40", True), ("up", "10", "10", True),
    ("up", "0", "8", False), ("down", "40", "20", False),
])
def test_an_indicator_target_on_the_wrong_side_of_the_baseline_is_refused_on_the_target(
        client, plan, direction, baseline, target, refused):
    client.force_login(plan.coordinator)
    response = client.post(url_for("plan_add", plan, "indikator"), {
        "indicator-new-name": "Väntetid", "indicator-new-baseline": baseline, "indicator-new-target": target,
        "indicator-new-direction": direction,
    }, **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert ('id="id_indicator-new-target_error"' in html) is refused
    assert Indicator.objects.filter(name="Väntetid").exists() is not refused


def test_a_second_target_group_with_the_same_name_is_refused(client, plan):
    TargetGroupFactory(project=plan.project, name="Unga")
    client.force_login(plan.coordinator)
    response = client.post(url_for("plan_add", plan, "malgrupp"), {"targetgroup-new-name": "Unga"})
    assert response.status_code == 200
    assert 'class="errorlist' in response.content.decode()
    assert plan.project.target_groups.filter(name="Unga").count() == 1


def test_a_share_of_time_above_100_is_refused_on_the_field(client, plan):
    client.force_login(plan.coordinator)
    response = client.post(url_for("plan_add", plan, "organisation"), {
        "member-new-group": "coordination", "member-new-name": "Sara", "member-new-share_of_time": "120",
    })
    assert 'id="id_member-new-share_of_time_error"' in response.content.decode()


def test_choices_are_limited_to_the_project(client, plan):
    foreign_goal = GoalFactory(title="Annat projekts mål")
    client.force_login(plan.coordinator)
    body = client.get(url_for("plan_add", plan, "indikator")).content.decode()
    assert "Annat projekts mål" not in body
    response = client.post(url_for("plan_add", plan, "indikator"), {
        "indicator-new-name": "X", "indicator-new-goal": foreign_goal.pk, "indicator-new-target": "4",
        "indicator-new-baseline": "0", "indicator-new-direction": "up",
    })
    assert 'id="id_indicator-new-goal_error"' in response.content.decode()
    assert not Indicator.objects.filter(name="X").exists()


# --- New project ---------------------------------------------------------------------------------------

def project_data(plan, **changes):
    return {"title": "Nytt projekt", "owner": plan.project.owner.pk, "start_date": "2027-01-01",
            "end_date": "2028-12-31", "status": "idea"} | changes


def test_a_coordinator_starts_a_new_project_and_becomes_its_coordinator(client, plan):
    client.force_login(plan.coordinator)
    response = client.post(reverse("projects:new"), project_data(plan))
    project = Project.objects.get(title="Nytt projekt")
    assert response.status_code == 302 and response.url == project.get_absolute_url()
    assert ProjectMembership.objects.filter(project=project, user=plan.coordinator, role="coordinator").exists()
    assert project.history.first().history_user == plan.coordinator


def test_a_new_project_cannot_end_before_it_starts(client, plan):
    client.force_login(plan.coordinator)
    response = client.post(reverse("projects:new"), project_data(plan, end_date="2026-01-01"))
    assert response.status_code == 200
    assert 'id="id_end_date_error"' in response.content.decode()
    assert not Project.objects.filter(title="Nytt projekt").exists()


@pytest.mark.parametrize(("role", "expected"), [
    ("coordinator", 200), ("staff", 200), ("steering", 403), ("reference", 403), ("funder", 403), ("lead", 403),
    ("outsider", 403),
])
def test_only_coordinators_and_staff_start_new_projects(client, plan, role, expected):
    client.force_login(getattr(plan, role))
    assert client.get(reverse("projects:new")).status_code == expected
    response = client.post(reverse("projects:new"), project_data(plan))
    assert response.status_code == (302 if expected == 200 else expected)
    assert Project.objects.filter(title="Nytt projekt").exists() == (expected == 200)


@pytest.mark.parametrize(("role", "shown"), [
    ("coordinator", True), ("staff", True), ("steering", False), ("reference", False), ("funder", False),
    ("lead", False), ("outsider", False),
])
def test_the_project_list_offers_new_project_to_those_who_may_start_one(client, plan, role, shown):
    client.force_login(getattr(plan, role))
    html = client.get(reverse("projects:list")).content.decode()
    assert (f'href="{reverse("projects:new")}"' in html) is shown


def test_the_projects_facts_are_edited_with_the_same_locking(client, plan):
    project = plan.project
    prefix = f"facts-{project.pk}"
    data = {f"{prefix}-{k}": v for k, v in {
        "title": "Nytt namn", "owner": project.owner.pk, "start_date": "2025-01-01", "end_date": "2026-12-31",
        "status": "running", "version": "1",
    }.items()}
    client.force_login(plan.coordinator)
    assert client.post(url_for("plan_edit", plan, "projekt", project.pk), data).status_code == 302
    project.refresh_from_db()
    assert (project.title, project.version) == ("Nytt namn", 2)
    data[f"{prefix}-title"] = "Ett annat namn"
    refused = client.post(url_for("plan_edit", plan, "projekt", project.pk), data)
    assert refused.status_code == 409
    project.refresh_from_db()
    assert project.title == "Nytt namn"
