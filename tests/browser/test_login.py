"""Logging in: a protected page sends a stranger to the login page, which speaks Swedish."""

import re
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_anonymous_visit_to_a_project_page_goes_to_a_swedish_login_page(page, demo, check_page, screenshot):
    project_url = f"/projekt/{demo.project.pk}/"
    page.goto(project_url)

    landed = urlparse(page.url)
    assert landed.path == "/konto/login/"
    assert parse_qs(landed.query)["next"] == [project_url]
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    # allauth's own Swedish, present whether or not the portal's catalogue is compiled yet
    expect(page.get_by_label("Lösenord")).to_be_visible()
    expect(page.get_by_role("button", name="Logga in")).to_be_visible()
    check_page("the login page")
    screenshot("login")


def test_wrong_password_is_reported_in_swedish_and_keeps_the_email(page, demo, check_page):
    page.goto("/konto/login/")
    email = page.locator("#id_login")
    email.fill(demo.lead.email)
    page.locator("#id_password").fill("not-the-password")
    page.locator("#id_password").press("Enter")

    summary = page.locator(".error-summary")
    expect(summary).to_contain_text(re.compile("lösenord", re.IGNORECASE))
    expect(email).to_have_value(demo.lead.email)
    expect(page).to_have_url(re.compile(r"/konto/login/$"))
    check_page("the login page with an error")


def test_accessibility_statement_is_public_and_accessible(page, check_page, screenshot, sv):
    page.goto("/tillganglighet/")

    expect(page.get_by_role("heading", level=1)).to_have_text(sv("Accessibility statement for GR Portal"))
    expect(page.get_by_role("link", name="tillganglighet@goteborgsregionen.se")).to_be_visible()
    check_page("the accessibility statement")
    screenshot("accessibility-statement")
