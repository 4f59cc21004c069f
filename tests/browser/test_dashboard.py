"""The steering group's dashboard: filter by a municipality, see the numbers change, see the flags."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def figure(page, name) -> int:
    return int(page.locator(f'[data-figure="{name}"]').inner_text().replace("\xa0", "").replace(" ", ""))


def test_steering_member_filters_the_dashboard_by_municipality(page, demo, log_in, check_page, screenshot, sv):
    from accounts.models import User

    steering = User.objects.get(email="styrgrupp@demo.grportal.se")
    log_in(steering)
    page.goto("/")
    check_page("the start page of a steering-group member")
    page.get_by_role("navigation", name=sv("Main menu")).get_by_role("link", name=sv("Dashboard")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(sv("Dashboard"))
    check_page("the dashboard")
    screenshot("dashboard-steering")

    # the demo's flagship budget does not balance: the overhead is not financed
    flag = page.locator('[data-flag="unbalanced-budget"]')
    expect(flag).to_be_visible()
    expect(flag).to_contain_text(demo.project.title)
    expect(page.locator('[data-flag="quiet-labs"]')).to_be_visible()
    # open decisions and the latest meeting from dashboards/demo.py
    expect(page.get_by_role("region", name=sv("Open decisions"))).to_contain_text("reviderad budget")

    activities_all, participants_all = figure(page, "activities"), figure(page, "participants")
    page.get_by_label(sv("Municipality"), exact=True).select_option(label="Ale")
    page.get_by_role("button", name=sv("Show")).click()
    page.wait_for_url("**municipality=*")
    check_page("the dashboard filtered by Ale")
    screenshot("dashboard-steering-ale")
    activities_ale, participants_ale = figure(page, "activities"), figure(page, "participants")
    assert 0 < activities_ale < activities_all
    assert 0 < participants_ale < participants_all
    expect(page.get_by_label(sv("Municipality"), exact=True)).to_have_value(str(
        demo.lab.municipality_id))

    # the unbalanced-budget flag leads to the budget itself
    expect(flag.get_by_role("link", name=demo.project.title)).to_have_attribute(
        "href", re.compile(r"^/budget/\d+/$"))
    page.get_by_role("region", name=sv("Projects"), exact=True).get_by_role("link", name=demo.project.title).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(demo.project.title)
    check_page("the project dashboard")
    screenshot("dashboard-project")
    page.goto("/oversikt/moten/")
    check_page("the meetings list")
    page.get_by_role("link", name="Styrgruppsmöte november").click()
    expect(page.get_by_role("heading", level=2, name=sv("Decisions"))).to_be_visible()
    check_page("a meeting")


def test_coordinator_records_a_decision(page, demo, log_in, check_page, sv):
    log_in(demo.coordinator)
    page.goto("/oversikt/moten/")
    check_page("the meetings list for a coordinator")
    page.get_by_role("link", name="Styrgruppsmöte november").click()
    check_page("a meeting for a coordinator")
    page.get_by_role("link", name=sv("Add a decision")).click()
    check_page("the decision form")
    page.get_by_role("button", name=sv("Save")).click()  # empty: the message is next to the field
    expect(page.locator(".error-summary")).to_be_visible()
    check_page("the decision form with errors")
    page.locator("#id_text").fill("Labb Ale får förlängt till juni.")
    page.get_by_role("button", name=sv("Save")).click()
    expect(page.get_by_role("table")).to_contain_text("Labb Ale får förlängt till juni.")
    check_page("the meeting after a new decision")


def test_coordinator_puts_a_flag_on_the_next_meetings_agenda(page, demo, log_in, check_page, sv):
    import datetime as dt

    from dashboards.models import Meeting

    meeting = Meeting.objects.create(project=demo.project, date=dt.date(2099, 1, 15), title="Nästa styrgruppsmöte",
                                     agenda="Läget")
    log_in(demo.coordinator)
    page.goto("/oversikt/")
    flag = page.locator('[data-flag="unbalanced-budget"]')
    expect(flag).to_contain_text(demo.project.title)
    flag.get_by_role("button", name=sv("Put on the agenda")).click()
    # back on the same page at the same flag, which now says it is on the agenda
    page.wait_for_url(re.compile(r"/oversikt/#flag-budget-\d+$"))
    expect(page.locator(".messages")).to_contain_text("15 januari 2099")
    expect(flag.locator("[data-on-agenda]")).to_have_text(sv("On the agenda"))
    expect(flag.get_by_role("button", name=sv("Put on the agenda"))).to_have_count(0)
    check_page("the dashboard after putting a flag on the agenda")
    meeting.refresh_from_db()
    assert meeting.agenda_list[0] == "Läget" and len(meeting.agenda_list) == 2
    assert meeting.agenda_list[1].startswith("Den aktuella budgeten går inte ihop:")
