"""Another municipality's lab does not exist for a lab lead: the 404 page, nothing leaks."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_lab_lead_gets_the_not_found_page_for_another_municipalitys_lab(page, demo, log_in, check_page, screenshot, sv):
    log_in(demo.lead)

    response = page.goto(f"/labb/{demo.other_lab.pk}/")

    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text(sv("The page could not be found"))
    expect(page.locator("body")).not_to_contain_text(demo.other_lab.name)
    expect(page).to_have_title(re.compile(re.escape(sv("Page not found"))))
    check_page("the 404 page")
    screenshot("not-found")
    page.get_by_role("link", name=sv("Go to the start page")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Anna")
    check_page("the start page after the 404 page")
