"""A visitor registers for a seminar without an account, gets the confirmation and cancels through the link;
the organiser sees the registrations and checks people in on a phone."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from seminars.models import Registration, Seminar

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_visitor_registers_gets_the_confirmation_and_cancels_through_the_link(page, demo, check_page, sv,
                                                                               live_server, log_in):
    from django.core.cache import cache

    cache.clear()  # the per-IP rate limit counts every earlier test's posts from 127.0.0.1
    seminar = Seminar.objects.get(number="V")
    Seminar.objects.filter(pk=seminar.pk).update(starts_at=timezone.now() + dt.timedelta(days=20),
                                                 ends_at=timezone.now() + dt.timedelta(days=20, hours=3),
                                                 capacity=5)  # four demo registrations: one seat left
    page.goto(f"/seminarier/{seminar.pk}/")
    check_page("the public seminar page")
    page.locator("#id_name").fill("Vera Besökare")
    page.locator("#id_email").fill("vera@example.se")
    page.locator("#id_organisation").fill("Lerums kommun")
    page.locator("#id_sector").select_option("public")
    assert not page.locator("#id_consents_to_invitations").is_checked()
    page.locator("#registration-form button[type=submit]").click()
    page.wait_for_url(f"**/seminarier/{seminar.pk}/tack/")
    check_page("the thank-you page")

    registration = Registration.objects.get(email="vera@example.se")
    assert registration.status == Registration.Status.REGISTERED
    body = mail.outbox[-1].body
    cancel = body[body.index("/seminarier/avboka/"):].split()[0]

    # The next visitor finds the seminar full and is put on the waiting list.
    page.goto(f"/seminarier/{seminar.pk}/")
    page.locator("#id_name").fill("Wilma Väntare")
    page.locator("#id_email").fill("wilma@example.se")
    page.locator("#id_sector").select_option("civil")
    page.locator("#registration-form button[type=submit]").click()
    page.wait_for_url(f"**/seminarier/{seminar.pk}/tack/")
    assert Registration.objects.get(email="wilma@example.se").status == Registration.Status.WAITING

    page.goto(cancel)
    check_page("the cancel page")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state("load")
    check_page("the cancelled page")
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CANCELLED
    assert Registration.objects.get(email="wilma@example.se").status == Registration.Status.REGISTERED
    assert mail.outbox[-1].to == ["wilma@example.se"]

    # The organiser's pages.
    log_in(demo.coordinator)
    page.goto(f"/seminarier/{seminar.pk}/anmalningar/")
    check_page("the registrations list")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"/seminarier/{seminar.pk}/incheckning/")
    check_page("the check-in page")
    page.locator("#check-in-q").fill("Wilma")
    page.locator("#check-in-results button", has_text="Wilma").click()
    page.locator("#check-in-results button[aria-pressed=true]", has_text="Wilma").wait_for()
    assert Registration.objects.get(email="wilma@example.se").attended_at is not None
