"""The login page in demo mode: the demo accounts as buttons that fill in the form (static/js/demo-logins.js)."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_demo_account_button_fills_in_the_form_and_logs_in(page, demo, settings, check_page):
    settings.GRPORTAL_DEMO_LOGINS = True
    page.goto("/konto/login/")

    accounts = page.get_by_role("region", name="Demokonton")
    expect(accounts.get_by_role("cell", name="labbledare, Ale")).to_be_visible()
    check_page("the login page with the demo accounts")
    accounts.get_by_role("button", name=re.compile("ekonomi@demo.grportal.se")).click()

    expect(page.locator("#id_login")).to_have_value("ekonomi@demo.grportal.se")
    expect(page.locator("#id_password")).to_have_value(demo.password)
    expect(page.get_by_role("button", name="Logga in")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page).not_to_have_url(re.compile(r"/konto/login/"))
    check_page("the start page of the finance support")
