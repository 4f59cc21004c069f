"""Issue 15's measure: taps and characters from the start page to a submitted activity on a 390×844 phone.

A lab lead logs in, then from the start page logs a workshop the hour after it happened (type, title, participants
in total, women and men, length) and sends it in with "Spara och skicka in", by the fewest taps. Every tap (click)
and every typed character is counted; the counts are printed (run with -s to see them) and asserted, so a change
that makes the way longer fails here. The demo project (2017–2019) is moved to run this year: the hour after a
workshop is in a running project (a date outside it is refused, tests in labs/tests/test_activity_submit_flow.py).
"""

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from grportal.testing.browser import InputCounter
from tests.browser.conftest import ARTIFACTS, PHONE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "Workshop om trygghet"


def test_from_the_start_page_to_a_submitted_activity_on_a_phone(page, demo, check_page, sv):
    from labs.models import Activity
    from projects.models import Project

    today = timezone.localdate()
    Project.objects.filter(pk=demo.project.pk).update(start_date=today - dt.timedelta(days=365),
                                                      end_date=today + dt.timedelta(days=365))
    page.set_viewport_size(PHONE)
    page.goto("/")
    check_page("the login page on a phone")
    page.locator("#id_login").fill(demo.lead.email)
    page.locator("#id_password").fill(demo.password)
    page.get_by_role("button", name=sv("Log in")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Anna")
    check_page("the lab lead's start page on a phone")

    # From here on every tap and every character counts.
    count = InputCounter(page)
    count.tap(page.get_by_role("link", name=f"{sv('Log an activity')} – {demo.lab.name}"))
    expect(page.get_by_role("heading", level=1)).to_have_text(sv("Log an activity"))
    check_page("the activity form on a phone")
    kind = page.locator("#id_kind")
    if kind.input_value() != "workshop":  # the type the lead used last is chosen already
        count.choose(kind, value="workshop")
    count.type(page.locator("#id_title"), TITLE)
    count.type(page.locator("#id_participants_total"), "14")
    count.type(page.locator("#id_participants_women"), "8")
    count.type(page.locator("#id_participants_men"), "6")
    count.type(page.locator("#id_duration_hours"), "2,5")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "activity-form-filled-phone.png", full_page=True)
    submit = page.get_by_role("button", name="Spara och skicka in", exact=True)
    box = submit.bounding_box()
    assert box["height"] >= 44 and box["width"] >= 44
    count.tap(submit)

    expect(page).to_have_url(re.compile(rf"/labb/{demo.lab.pk}/\?sparad=\d+$"))
    expect(page.get_by_role("status")).to_contain_text(
        f"Aktiviteten ”{TITLE}” är inskickad till samordnaren, som granskar den.")
    expect(page.get_by_role("link", name="Logga en till aktivitet")).to_be_visible()
    check_page("the lab page after submitting on a phone")
    page.screenshot(path=ARTIFACTS / "activity-submitted-phone.png", full_page=False)
    activity = Activity.objects.get(title=TITLE)
    assert activity.status == Activity.Status.SUBMITTED
    assert (activity.kind, activity.participants_total, activity.participants_women, activity.participants_men,
            activity.duration_minutes) == ("workshop", 14, 8, 6, 150)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    swipes = round(max(count.screens))
    print(f"\nIssue 15, 390x844: {count.taps} taps, {count.characters} characters, "
          f"about {swipes} swipes (the lowest tap was {max(count.screens):.1f} screens down) "
          "from the start page to a submitted activity")
    assert count.taps <= 10
    assert count.characters == len(TITLE) + len("14") + len("8") + len("6") + len("2,5")


def test_a_draft_can_be_sent_in_from_the_lab_page_with_a_large_button(page, demo, log_in, check_page, sv):
    from labs.models import Activity
    from projects.models import Project

    today = timezone.localdate()
    Project.objects.filter(pk=demo.project.pk).update(end_date=today + dt.timedelta(days=365))
    page.set_viewport_size(PHONE)
    log_in(demo.lead)
    page.goto(f"/labb/{demo.lab.pk}/aktiviteter/ny/")
    check_page("the activity form on a phone")
    page.locator("#id_title").fill("Intervju med fritidsledare")
    page.locator("#id_participants_total").fill("2")
    page.get_by_role("button", name="Spara som utkast", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("Utkastet ”Intervju med fritidsledare” är sparat.")
    check_page("the lab page after saving a draft on a phone")
    send = page.locator(".next-actions").get_by_role("button", name=f"{sv('Submit')} Intervju med fritidsledare")
    box = send.bounding_box()
    assert box["height"] >= 44
    send.click()
    expect(page.get_by_role("status")).to_contain_text("är inskickad till samordnaren")
    check_page("the lab page after sending the draft in")
    assert Activity.objects.get(title="Intervju med fritidsledare").status == Activity.Status.SUBMITTED
