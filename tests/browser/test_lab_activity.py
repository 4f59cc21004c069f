"""A lab lead logs in and logs an activity, mostly with the keyboard, correcting a mistake on the way."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_lab_lead_logs_an_activity_after_correcting_a_breakdown_larger_than_the_total(
    page, demo, check_page, screenshot, sv
):
    import datetime as dt

    from django.utils import timezone

    from projects.models import Project

    # Today's activity belongs to a project running today (the demo project ran 2017–2019).
    Project.objects.filter(pk=demo.project.pk).update(end_date=timezone.localdate() + dt.timedelta(days=365))
    page.goto("/")
    check_page("the login page")
    page.locator("#id_login").focus()
    page.keyboard.type(demo.lead.email)
    page.keyboard.press("Tab")
    expect(page.locator("#id_password")).to_be_focused()
    page.keyboard.type(demo.password)
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_contain_text("Anna")
    check_page("the lab lead's start page")
    screenshot("home-lab-lead")

    page.get_by_role("navigation").get_by_role("link", name=sv("My labs")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(sv("My labs"))
    check_page("My labs")
    page.get_by_role("link", name=f"{sv('Log an activity')} – {demo.lab.name}").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(sv("Log an activity"))
    check_page("the activity form")
    page.locator("#id_kind").focus()
    page.keyboard.press("Home")  # the first type: kick-off
    page.keyboard.press("Tab")
    expect(page.locator("#id_title")).to_be_focused()
    page.keyboard.type("Dialogmöte med boende")
    page.locator("#id_participants_total").focus()
    page.keyboard.press("Control+A")
    page.keyboard.type("5")
    for field, number in [("women", "4"), ("men", "3")]:
        page.keyboard.press("Tab")
        expect(page.locator(f"#id_participants_{field}")).to_be_focused()
        page.keyboard.press("Control+A")
        page.keyboard.type(number)
    page.keyboard.press("Enter")

    total = page.locator("#id_participants_total")
    error = page.locator("#id_participants_total_error")
    expect(error).to_contain_text("7")
    # next to the field: in the same field group, and announced with it
    expect(page.locator(".field", has=total).locator(".errorlist")).to_have_id("id_participants_total_error")
    expect(total).to_have_attribute("aria-invalid", "true")
    expect(total).to_have_attribute("aria-describedby", re.compile(r"\bid_participants_total_error\b"))
    expect(page.locator(".error-summary a[href='#id_participants_total']")).to_be_visible()
    # what was typed is kept
    expect(page.locator("#id_title")).to_have_value("Dialogmöte med boende")
    expect(page.locator("#id_kind")).to_have_value("kick_off")
    expect(total).to_have_value("5")
    expect(page.locator("#id_participants_women")).to_have_value("4")
    expect(page.locator("#id_participants_men")).to_have_value("3")
    check_page("the activity form with an error")
    screenshot("activity-form-errors")

    total.focus()
    page.keyboard.press("Control+A")
    page.keyboard.type("9")
    page.keyboard.press("Enter")  # the form's first button: "Spara och skicka in"

    expect(page).to_have_url(re.compile(rf"/labb/{demo.lab.pk}/\?sparad=\d+$"))
    expect(page.get_by_role("status")).to_contain_text("Dialogmöte med boende")
    row = page.get_by_role("row").filter(has_text="Dialogmöte med boende")
    expect(row).to_have_count(1)
    expect(row.locator(f'td[data-label="{sv("Participants")}"]')).to_have_text("9")
    expect(row).to_contain_text(sv("Submitted"))
    check_page("the lab page")
    screenshot("lab")
