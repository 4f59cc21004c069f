"""A coordinator builds a project plan from scratch in the browser, inline and mostly with the keyboard.

New project → two goals (an overall goal and a project goal) and a sub-goal → a work package tied to the sub-goal →
an indicator with a target and one recorded value. Along the way a missing title is refused next to the field, and
axe-core checks the plan page and the inline edit forms.
"""

import re

import pytest
from playwright.sync_api import expect

from projects.models import Goal, Project

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SLOW = 20_000  # ms: a save re-renders the whole plan, and the test machine is shared


def test_a_coordinator_builds_a_plan_from_scratch_without_the_admin(page, demo, log_in, check_page, screenshot, sv):
    log_in(demo.coordinator)
    page.goto("/projekt/")
    check_page("the project list")
    page.get_by_role("link", name=sv("New project")).click()  # found from the list, not typed in
    expect(page.get_by_role("heading", level=1)).to_have_text(sv("New project"))
    check_page("the new-project form")
    page.locator("#id_title").fill("Unga planerar staden")
    page.locator("#id_short_name").fill("UPS")
    page.locator("#id_owner").select_option(label="Göteborgsregionen")
    # A project under way: a recorded value counts once its period has begun (projects/indicators.py).
    page.locator("#id_start_date").fill("2026-01-01")
    page.locator("#id_end_date").fill("2027-12-31")
    page.get_by_role("button", name=sv("Create the project")).click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Unga planerar staden")
    project = Project.objects.get(title="Unga planerar staden")
    expect(page).to_have_url(re.compile(rf"/projekt/{project.pk}/$"))
    check_page("the empty plan page")

    def open_add(label):
        page.get_by_role("link", name=label, exact=True).click()
        form = page.locator("[data-plan-editing]")
        expect(form).to_have_count(1)
        # The swap has settled once focus has moved into the form: only then is its Save button the live one.
        page.wait_for_function("() => !!document.activeElement?.closest('[data-plan-editing]')", timeout=SLOW)
        return form

    def save(form):
        form.get_by_role("button", name=sv("Save")).click()
        expect(page.locator("[data-plan-editing]")).to_have_count(0, timeout=SLOW)

    # A goal without a title is refused next to the field; what was typed stays.
    form = open_add(sv("Add a goal"))
    expect(page.locator("#id_goal-new-level")).to_be_focused()  # focus moves into the form
    check_page("the inline goal form")
    page.keyboard.press("ArrowDown")  # Overall goal
    page.locator("#id_goal-new-why_society").fill("En region där fler möts")
    form.get_by_role("button", name=sv("Save")).click()
    title = page.locator("#id_goal-new-title")
    expect(page.locator("#id_goal-new-title_error")).to_be_visible()
    expect(title).to_have_attribute("aria-invalid", "true")
    expect(title).to_have_attribute("aria-describedby", re.compile(r"\bid_goal-new-title_error\b"))
    expect(title).to_be_focused()
    expect(page.locator("#id_goal-new-why_society")).to_have_value("En region där fler möts")
    check_page("the inline goal form with an error")
    screenshot("plan-goal-form-error")
    page.keyboard.type("Minskad boendesegregation")
    page.keyboard.press("Enter")
    expect(page.locator("[data-plan-editing]")).to_have_count(0, timeout=SLOW)
    overall = Goal.objects.get(project=project, level="overall")
    expect(page.locator(f"#goal-{overall.pk}")).to_be_focused()  # focus back on the saved item
    expect(page.locator("#plan-status")).to_contain_text("Minskad boendesegregation")
    # ... which itself says it was added, where the coordinator is looking.
    expect(page.locator(f"#goal-{overall.pk} [data-saved-note]")).to_have_text(sv("Added."))
    expect(page.locator(f"#goal-{overall.pk} [data-saved-note]")).to_be_in_viewport()

    form = open_add(sv("Add a goal"))
    page.locator("#id_goal-new-level").select_option("project")
    page.locator("#id_goal-new-parent").select_option(str(overall.pk))
    page.locator("#id_goal-new-title").fill("Unga har varit med i fyra detaljplaner")
    save(form)
    project_goal = Goal.objects.get(project=project, level="project")

    form = open_add(sv("Add a work package"))
    page.locator("#id_workpackage-new-code").fill("AP1")
    page.locator("#id_workpackage-new-title").fill("Dialog med unga")
    page.locator("#id_workpackage-new-objective").fill("Pröva dialogformer där unga påverkar planeringen.")
    page.locator("#id_workpackage-new-start_date").fill("2026-02-01")
    page.locator("#id_workpackage-new-end_date").fill("2027-06-30")
    check_page("the inline work-package form")
    save(form)
    package = project.work_packages.get(code="AP1")

    form = open_add(sv("Add a goal"))
    page.locator("#id_goal-new-level").select_option("sub")
    page.locator("#id_goal-new-parent").select_option(str(project_goal.pk))
    page.locator("#id_goal-new-title").fill("En dialogmodell för unga är prövad")
    form.get_by_label("AP1 Dialog med unga").check()
    save(form)
    sub = Goal.objects.get(project=project, level="sub")
    assert list(sub.work_packages.all()) == [package]
    expect(page.locator(f"#workpackage-{package.pk}")).to_contain_text("En dialogmodell för unga är prövad")

    form = open_add(sv("Add an indicator"))
    page.locator("#id_indicator-new-name").fill("Unga som deltagit i dialog")
    page.locator("#id_indicator-new-goal").select_option(str(sub.pk))
    page.locator("#id_indicator-new-unit").fill("personer")
    page.locator("#id_indicator-new-target").fill("40")
    save(form)
    indicator = project.indicators.get()

    page.get_by_role("link", name=f"{sv('Record a value')} – Unga som deltagit i dialog").click()
    form = page.locator("[data-plan-editing]")
    expect(page.locator(f"#id_indicatorvalue-new-{indicator.pk}-period_start")).to_be_visible()
    page.locator(f"#id_indicatorvalue-new-{indicator.pk}-period_start").fill("2026-01-01")
    page.locator(f"#id_indicatorvalue-new-{indicator.pk}-period_end").fill("2026-06-30")
    page.locator(f"#id_indicatorvalue-new-{indicator.pk}-value").fill("10")
    page.locator(f"#id_indicatorvalue-new-{indicator.pk}-comment").fill("Två dialogmöten i Angered")
    check_page("the inline value form")
    save(form)

    card = page.locator(f"#indicator-{indicator.pk}")
    expect(card).to_contain_text("Två dialogmöten i Angered")
    expect(card.locator("progress")).to_have_attribute("value", "25")

    # Editing an existing item: the form replaces it, Escape cancels and focus returns to the item.
    page.get_by_role("link", name=f"{sv('Edit')} – Minskad boendesegregation").click()
    expect(page.locator(f"#id_goal-{overall.pk}-title")).to_have_value("Minskad boendesegregation")
    expect(page.locator(f"#id_goal-{overall.pk}-level")).to_be_focused()
    page.keyboard.press("Escape")
    expect(page.locator("[data-plan-editing]")).to_have_count(0, timeout=SLOW)
    expect(page.locator(f"#goal-{overall.pk}")).to_be_focused()

    check_page("the plan page with the plan built")
    screenshot("plan-built")

    # The project's facts are edited inline too; the save is confirmed next to them.
    facts = sv("the project's facts")
    page.get_by_role("link", name=f"{sv('Edit')} – {facts}").click()
    facts_form = page.locator("[data-plan-editing]")
    expect(facts_form).to_have_count(1)
    check_page("the inline form for the project's facts")
    page.locator(f"#id_facts-{project.pk}-focus_area").fill("Unga och delaktighet")
    save(facts_form)
    expect(page.locator(f"#facts-{project.pk} [data-saved-note]")).to_have_text(sv("Saved."))
    project.refresh_from_db()
    assert project.focus_area == "Unga och delaktighet"

    # The history of the work package: who, when, old and new values.
    page.get_by_role("link", name=f"{sv('History')} – AP1").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("AP1 Dialog med unga")
    expect(page.locator(".history-entry").first).to_contain_text(demo.coordinator.get_full_name())
    check_page("the history of a work package")

    # A deleted indicator is listed with who deleted it, and put back with its recorded value.
    page.goto(project.get_absolute_url())
    # (each Edit link names its own item: the value's names its period too)
    edit_the_value = re.compile(f"^{sv('Edit')} – Unga som deltagit i dialog, 1 jan")
    expect(page.get_by_role("link", name=edit_the_value)).to_have_count(1)
    page.get_by_role("link", name=f"{sv('Edit')} – Unga som deltagit i dialog", exact=True).click()
    page.locator("[data-plan-editing]").get_by_role("link", name=re.compile("^" + re.escape(sv("Delete")))).click()
    check_page("the inline delete confirmation")
    page.locator("[data-plan-editing]").get_by_role("button", name=sv("Delete")).click()
    expect(page.locator("[data-plan-editing]")).to_have_count(0, timeout=SLOW)
    assert not project.indicators.exists()
    page.get_by_role("link", name=sv("Deleted from the plan")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(sv("Deleted from the plan"))
    check_page("the list of deleted items")
    page.get_by_role("button", name=f"{sv('Put it back')} – Unga som deltagit i dialog").click()
    expect(page.locator(f"#indicator-{indicator.pk}")).to_contain_text("Två dialogmöten i Angered")
    check_page("the plan page after putting an indicator back")
    assert project.memberships.filter(user=demo.coordinator, role="coordinator").exists()
    assert indicator.values.get().value == 10


def test_a_save_that_would_overwrite_a_colleagues_change_shows_both_versions(page, demo, log_in, check_page,
                                                                              screenshot, sv):
    from accounts.tests.factories import UserFactory
    from projects.services import plan_item_update

    goal = demo.project.goals.get(title__startswith="Stärkt social sammanhållning")
    log_in(demo.coordinator)
    page.goto(demo.project.get_absolute_url())
    check_page("the flagship plan page")
    page.get_by_role("link", name=f"{sv('Edit')} – {goal.title}").click()
    title = page.locator(f"#id_goal-{goal.pk}-title")
    expect(title).to_be_visible()
    # Meanwhile a colleague saves the same goal.
    colleague = UserFactory(full_name="Kim Kollega")
    plan_item_update(item=Goal.objects.get(pk=goal.pk), values={"title": "Kollegans lydelse"},
                     expected_version=goal.version, user=colleague)
    title.fill("Min lydelse")
    page.get_by_role("button", name=sv("Save")).click()

    conflict = page.locator(".conflict")
    expect(conflict).to_be_visible()
    expect(conflict).to_be_focused()
    expect(conflict).to_contain_text("Kim Kollega")
    expect(conflict.get_by_role("listitem").filter(has_text="Kollegans lydelse")).to_contain_text("Min lydelse")
    expect(title).to_have_value("Min lydelse")
    check_page("the goal form with a conflict")
    screenshot("plan-conflict")
    goal.refresh_from_db()
    assert goal.title == "Kollegans lydelse"

    # Having seen theirs, saving again replaces it on purpose.
    page.get_by_role("button", name=sv("Save")).click()
    expect(page.locator("[data-plan-editing]")).to_have_count(0, timeout=SLOW)
    goal.refresh_from_db()
    assert goal.title == "Min lydelse"
