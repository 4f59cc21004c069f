"""A visitor registers for a seminar without an account, gets the confirmation and cancels through the link;
the organiser sees the registrations and checks people in on a phone."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone
from icalendar import Calendar

from seminars.models import Registration, Seminar
from tests.browser.conftest import DESKTOP, PHONE

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_visitor_registers_gets_the_confirmation_and_cancels_through_the_link(page, demo, check_page, sv,
                                                                               live_server, log_in):
    from django.core.cache import cache

    cache.clear()  # the per-IP rate limit counts every earlier test's posts from 127.0.0.1
    seminar = Seminar.objects.get(number="V")
    Seminar.objects.filter(pk=seminar.pk).update(starts_at=timezone.now() + dt.timedelta(days=20),
                                                 ends_at=timezone.now() + dt.timedelta(days=20, hours=3),
                                                 capacity=5)  # four demo registrations: one seat left
    page.set_viewport_size(PHONE)  # a visitor on a phone, from the invitation
    page.goto(f"/seminarier/{seminar.pk}/")
    check_page("the public seminar page")
    assert page.locator("#registration-form").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]  # no sideways scrolling
    page.locator("#id_name").fill("Vera Besökare")
    page.locator("#id_email").fill("vera@example.se")
    page.locator("#id_organisation").fill("Lerums kommun")
    page.locator("#id_sector").select_option("public")
    page.locator("#id_dietary_needs").fill("Vegan")
    assert not page.locator("#id_consents_to_invitations").is_checked()
    page.locator("#registration-form button[type=submit]").click()
    page.wait_for_url(f"**/seminarier/{seminar.pk}/tack/")
    check_page("the thank-you page")

    registration = Registration.objects.get(email="vera@example.se")
    assert registration.status == Registration.Status.REGISTERED
    assert registration.consents_to_invitations is False and registration.dietary_needs == "Vegan"
    confirmation = mail.outbox[-1]
    assert confirmation.to == ["vera@example.se"]
    [(_name, ics, content_type)] = confirmation.attachments
    assert content_type == "text/calendar"
    event = Calendar.from_ical(ics).walk("VEVENT")[0]
    assert event.decoded("DTSTART") == Seminar.objects.get(pk=seminar.pk).starts_at.replace(microsecond=0)
    body = confirmation.body
    cancel = body[body.index("/seminarier/avboka/"):].split()[0]

    # The next visitor finds the seminar full and is put on the waiting list.
    page.goto(f"/seminarier/{seminar.pk}/")
    check_page("the public page of a full seminar")
    page.get_by_text(sv("The seminar is fully booked. Register to join the waiting list: a freed seat is given to "
                        "you automatically.")).wait_for()
    page.locator("#id_name").fill("Wilma Väntare")
    page.locator("#id_email").fill("wilma@example.se")
    page.locator("#id_sector").select_option("civil")
    page.locator("#registration-form button[type=submit]").click()
    page.wait_for_url(f"**/seminarier/{seminar.pk}/tack/")
    assert Registration.objects.get(email="wilma@example.se").status == Registration.Status.WAITING
    assert mail.outbox[-1].to == ["wilma@example.se"] and mail.outbox[-1].attachments == []
    sent_before_cancel = len(mail.outbox)

    page.goto(cancel)
    check_page("the cancel page")
    page.locator("main form button[type=submit]").click()
    page.get_by_role("status").wait_for()
    check_page("the cancelled page")
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CANCELLED
    # The freed seat goes to the first on the waiting list, who is told by email (with the calendar file).
    assert Registration.objects.get(email="wilma@example.se").status == Registration.Status.REGISTERED
    [promoted] = mail.outbox[sent_before_cancel:]
    assert promoted.to == ["wilma@example.se"] and promoted.attachments[0][2] == "text/calendar"

    # The organiser's pages.
    page.set_viewport_size(DESKTOP)
    log_in(demo.coordinator)
    page.goto(f"/seminarier/{seminar.pk}/anmalningar/")
    check_page("the registrations list")
    page.set_viewport_size(PHONE)
    page.goto(f"/seminarier/{seminar.pk}/incheckning/")
    check_page("the check-in page")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    counter = page.locator("#check-in-count")
    here = seminar.registrations.filter(attended_at__isnull=False).count()
    assert counter.inner_text().startswith(f"{here} ")
    page.locator("#check-in-q").fill("Wilma")
    page.locator("#check-in-results button", has_text="Bo Demosson").wait_for(state="detached")
    button = page.locator("#check-in-results button", has_text="Wilma")
    assert button.bounding_box()["height"] >= 44  # a tap target for a thumb (WCAG 2.5.5)
    button.click()
    page.locator("#check-in-results button[aria-pressed=true]", has_text="Wilma").wait_for()
    assert counter.inner_text().startswith(f"{here + 1} ")
    check_page("the check-in page after a tap")
    assert Registration.objects.get(email="wilma@example.se").attended_at is not None
