"""A coordinator goes from the start page to the review inbox and, by keyboard only, approves one activity and
returns another in place (a return without a reason is refused next to the field first); focus follows and axe-core
finds nothing on the way."""

import datetime as dt
import re

import pytest
from django.utils import timezone, translation
from playwright.sync_api import expect

from labs.models import Activity
from labs.tests.factories import ActivityFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SLOW = 20_000  # ms: the test machine is shared


def test_a_coordinator_approves_and_returns_from_the_inbox_by_keyboard(page, demo, log_in, check_page, screenshot,
                                                                      sv):
    today = timezone.localdate()
    first = ActivityFactory(lab=demo.lab, title="Workshop om trygghet", date=today,
                            status=Activity.Status.SUBMITTED, lessons="Bjud in skolorna tidigt.")
    second = ActivityFactory(lab=demo.lab, title="Samtal med unga i Nödinge", date=today - dt.timedelta(days=1),
                             status=Activity.Status.SUBMITTED)
    waiting = Activity.objects.filter(status=Activity.Status.SUBMITTED).count()
    log_in(demo.coordinator)

    page.goto("/")
    check_page("the coordinator's start page")
    with translation.override("sv"):
        label = translation.ngettext("Review %(counter)s activity", "Show all %(counter)s activities to review",
                                     waiting) % {"counter": waiting}
    page.get_by_role("link", name=label).focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(sv("Review activities"))
    check_page("the review inbox")

    # Approve the newest with the keyboard: focus then moves to the next activity waiting, which is the second.
    article = page.locator(f"#activity-{first.pk}")
    article.get_by_role("button", name=re.compile(rf"^{sv('Approve')}\W+{re.escape(first.title)}$")).focus()
    page.keyboard.press("Enter")
    expect(article).to_have_attribute("data-status", "approved", timeout=SLOW)
    expect(page.locator(f"#activity-{second.pk}-heading")).to_be_focused(timeout=SLOW)
    expect(page.locator("#review-announcer")).to_contain_text(first.title)
    expect(page.locator(f"#activity-{first.pk}-status")).to_contain_text(sv("Approved"))
    check_page("the inbox after an approval")

    # Return the second: Tab from its heading to "Return", open it, and send it first without a reason.
    returning = page.locator(f"#activity-{second.pk}")
    summary = returning.locator("summary")
    for _ in range(6):
        page.keyboard.press("Tab")
        if summary.evaluate("element => element === document.activeElement"):
            break
    expect(summary).to_be_focused()
    page.keyboard.press("Enter")
    reason = page.locator(f"#id_return-{second.pk}-reason")
    page.keyboard.press("Tab")
    expect(reason).to_be_focused()
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # "Return to the lab lead" with nothing written
    expect(page.locator(f"#id_return-{second.pk}-reason_error")).to_be_visible(timeout=SLOW)
    reason = page.locator(f"#id_return-{second.pk}-reason")
    expect(reason).to_be_focused(timeout=SLOW)
    expect(reason).to_have_attribute("aria-invalid", "true")
    check_page("the inbox with a return refused for want of a reason")
    page.keyboard.type("Ange hur många som var unga.")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(returning).to_have_attribute("data-status", "returned", timeout=SLOW)
    expect(page.locator(f"#activity-{second.pk}-status")).to_contain_text("Ange hur många som var unga.")
    # Focus goes on to the next activity still waiting (the demo's own, older ones).
    expect(page.locator(f"#activity-{second.pk} ~ [data-review-item][data-status=submitted] h3:focus")).to_have_count(
        1, timeout=SLOW)
    check_page("the inbox after a return")
    screenshot("review-inbox")

    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == Activity.Status.APPROVED
    assert (second.status, second.return_reason) == (Activity.Status.RETURNED, "Ange hur många som var unga.")
