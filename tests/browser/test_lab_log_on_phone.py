"""On a phone (390 px wide) a lab lead logs a workshop with a breakdown and a lesson in under ten
interactions and sees it on the lab page; the activity log and the lessons bank pass axe too."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import ARTIFACTS, PHONE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_lab_lead_logs_a_workshop_with_a_breakdown_and_a_lesson_on_a_phone(page, demo, log_in, check_page, sv):
    import datetime as dt

    from django.utils import timezone

    from projects.models import Project

    # Today's workshop belongs to a project running today (the demo project ran 2017–2019).
    Project.objects.filter(pk=demo.project.pk).update(end_date=timezone.localdate() + dt.timedelta(days=365))
    page.set_viewport_size(PHONE)
    log_in(demo.lead)
    page.goto("/labb/")
    check_page("My labs on a phone")

    interactions = 0

    def act(action):
        nonlocal interactions
        interactions += 1
        action()

    act(lambda: page.get_by_role("link", name=f"{sv('Log an activity')} – {demo.lab.name}").click())
    expect(page.get_by_role("heading", level=1)).to_have_text(sv("Log an activity"))
    check_page("the activity form on a phone")
    act(lambda: page.locator("#id_kind").select_option("workshop"))
    act(lambda: page.locator("#id_title").fill("Workshop om trygghet i Nödinge"))
    act(lambda: page.locator("#id_participants_total").fill("14"))
    act(lambda: page.locator("#id_participants_women").fill("8"))
    # The optional parts are folded on a phone: one tap opens each.
    act(lambda: page.locator("summary", has_text=sv("Of whom from the target groups")).click())
    act(lambda: page.get_by_label("Unga", exact=True).fill("5"))
    act(lambda: page.locator("summary", has_text=sv("Lessons learned")).click())
    act(lambda: page.locator("#id_lessons").fill("Kvällstid i skolans matsal fungerade bäst."))
    act(lambda: page.get_by_label(sv("Courage")).check())
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "activity-form-breakdown-phone.png", full_page=True)
    act(lambda: page.get_by_role("button", name=sv("Save as draft"), exact=True).click())
    assert interactions < 12  # 11: two of them open the folded target groups and lessons

    expect(page).to_have_url(re.compile(rf"/labb/{demo.lab.pk}/\?sparad=\d+$"))
    row = page.get_by_role("row").filter(has_text="Workshop om trygghet i Nödinge")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Unga: 5")
    expect(row).to_contain_text("Kvällstid i skolans matsal fungerade bäst.")
    expect(row).to_contain_text(sv("Courage"))
    expect(row).to_contain_text(sv("Draft"))
    check_page("the lab page on a phone")
    page.screenshot(path=ARTIFACTS / "lab-timeline-phone.png", full_page=True)
    # the page is not wider than the phone
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    page.goto("/labb/aktiviteter/?kind=workshop")
    expect(page.get_by_role("cell", name="Workshop om trygghet i Nödinge")).to_be_visible()
    check_page("the activity log on a phone")
    page.goto("/labb/erfarenhetsbank/?theme=courage")
    expect(page.get_by_text("Kvällstid i skolans matsal fungerade bäst.")).to_be_visible()
    check_page("the lessons bank on a phone")


def test_the_coordinator_returns_an_activity_with_a_reason(page, demo, log_in, check_page, sv):
    from labs.models import Activity

    submitted = demo.lab.activities.filter(status=Activity.Status.SUBMITTED).first()
    log_in(demo.coordinator)
    page.goto(f"/labb/{demo.lab.pk}/")
    check_page("the lab page for the coordinator")
    page.get_by_role("link", name=f"{sv('Return')} {submitted.title}").click()
    check_page("the return form")
    page.locator("#id_reason").fill("Lägg till målgrupperna.")
    page.get_by_role("button", name=sv("Return to the lab lead")).click()
    expect(page.get_by_role("row").filter(has_text=submitted.title).first).to_contain_text("Lägg till målgrupperna.")
    check_page("the lab page after a return")


def test_the_coordinator_adds_a_method_to_the_catalogue(page, demo, log_in, check_page, sv):
    page.set_viewport_size(PHONE)
    log_in(demo.coordinator)
    page.goto("/labb/")
    check_page("My labs for the coordinator")
    page.get_by_role("link", name=sv("Method catalogue")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(sv("Method catalogue"))
    check_page("the method catalogue")
    page.get_by_role("link", name=sv("Add a method")).click()
    check_page("the new method form")
    page.get_by_label(sv("name").capitalize()).fill("Framtidsverkstad")
    page.get_by_role("button", name=sv("Save")).click()
    expect(page.get_by_role("cell", name="Framtidsverkstad", exact=True)).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("Framtidsverkstad")
    check_page("the method catalogue after adding a method")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_the_coordinator_changes_a_labs_place_in_its_settings(page, demo, log_in, check_page, sv):
    log_in(demo.coordinator)
    page.goto(f"/labb/{demo.lab.pk}/")
    check_page("the lab page for the coordinator")
    page.get_by_role("link", name=sv("Lab settings")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(sv("Lab settings"))
    check_page("the lab settings form")
    page.locator("#id_place").fill("Nödinge bibliotek")
    page.get_by_role("button", name=sv("Save")).click()
    expect(page).to_have_url(re.compile(rf"/labb/{demo.lab.pk}/$"))
    check_page("the lab page after the settings changed")
    demo.lab.refresh_from_db()
    assert demo.lab.place == "Nödinge bibliotek"
