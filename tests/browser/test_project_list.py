"""A coordinator finds a project in the portfolio by municipality, opens it and prints the plan."""

import datetime as dt
import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from accounts.models import Organisation
from projects.models import Project, ProjectMembership

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path(os.environ.get("GRPORTAL_SHOTS", "test-artifacts"))


def other_projects(demo):
    """Two more projects of the coordinator's, in municipalities without the demo project's labs."""
    harryda = Organisation.objects.get(name="Härryda", kind=Organisation.Kind.MUNICIPALITY)
    for title, status in [("Trygga skolvägar", Project.Status.APPLIED), ("Tidiga insatser", Project.Status.IDEA)]:
        project = Project.objects.create(title=title, owner=demo.project.owner, status=status,
                                         start_date=dt.date(2027, 1, 1), end_date=dt.date(2028, 12, 31))
        project.municipalities.add(harryda)
        ProjectMembership.objects.create(project=project, user=demo.coordinator, role="coordinator")


def test_coordinator_filters_by_municipality_opens_the_project_and_prints_the_plan(
        page, demo, log_in, check_page, screenshot, sv):
    other_projects(demo)
    log_in(demo.coordinator)

    page.goto("/projekt/")
    expect(page.get_by_role("heading", level=1)).to_have_text(sv("My projects"))
    expect(page.get_by_role("status")).to_have_text(re.compile(r"^3\D"))
    check_page("the project list")
    screenshot("project-list-coordinator")

    page.evaluate("window.stillThisPage = true")
    filter_form = page.get_by_role("search")
    filter_form.get_by_label(sv("Municipality")).select_option(label="Ale")
    filter_form.get_by_role("button", name=sv("Show projects")).click()

    ale = Organisation.objects.get(name="Ale", kind=Organisation.Kind.MUNICIPALITY)
    # The count is a live region that stays in place, so a screen reader reads out the new number.
    expect(page.get_by_role("status")).to_have_text(re.compile(r"^1\D"))
    # The filter is in the address, so the filtered list can be bookmarked and reloaded.
    expect(page).to_have_url(re.compile(rf"/projekt/\?.*municipality={ale.pk}(&|$)"))
    assert page.evaluate("window.stillThisPage") is True  # swapped in place by HTMX, not reloaded
    rows = page.locator("table tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(demo.project.title)
    expect(page.locator("body")).not_to_contain_text("Trygga skolvägar")
    expect(page.get_by_label(sv("Municipality"))).to_have_value(str(ale.pk))
    check_page("the project list filtered by municipality")
    page.reload()
    expect(rows).to_have_count(1)
    expect(page.get_by_label(sv("Municipality"))).to_have_value(str(ale.pk))
    screenshot("project-list-filtered")

    page.get_by_role("link", name=demo.project.title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(demo.project.title)
    expect(page.get_by_role("img", name=sv("Time plan")).first).to_be_visible()
    check_page("the project page")
    screenshot("project-page-timeplan")

    page.get_by_role("link", name=sv("Printable plan")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(demo.project.title)
    expect(page.get_by_role("heading", level=2, name=sv("Goals"), exact=True)).to_be_visible()
    expect(page.get_by_role("img", name=sv("Time plan"))).to_be_visible()
    check_page("the printable plan")
    screenshot("project-print")
    # Printed: no site header, menu or footer; the plan itself stays.
    page.emulate_media(media="print")
    expect(page.locator(".site-header")).to_be_hidden()
    expect(page.locator(".site-footer")).to_be_hidden()
    expect(page.get_by_role("heading", level=2, name=sv("Work packages"), exact=True)).to_be_visible()
    if os.environ.get("GRPORTAL_SHOTS"):
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=SHOTS / "project-print-media-print.png", full_page=True)


def test_a_lab_lead_sees_only_the_project_of_their_lab(page, demo, log_in, check_page, screenshot, sv):
    other_projects(demo)
    log_in(demo.lead)
    page.goto("/projekt/")
    rows = page.locator("table tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(demo.project.title)
    check_page("the project list for a lab lead")
    screenshot("project-list-lab-lead")
