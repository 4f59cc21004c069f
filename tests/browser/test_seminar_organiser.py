"""The organiser's journey: a seminar form with errors, the programme reordered from the keyboard, slides attached,
the caterer's counts; after the seminar an attendee answers the feedback form from the emailed link.
Every page passes axe-core (WCAG 2.1 A and AA), including the public registration form with errors."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from grportal.testing.tasks import run_in_process
from seminars.models import Documentation, Feedback, Registration, Seminar

pytestmark = pytest.mark.django_db(transaction=True)

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def test_the_public_registration_form_with_errors_is_accessible(page, demo, check_page, sv):
    from django.core.cache import cache

    cache.clear()
    seminar = Seminar.objects.get(number="VI")
    page.goto(f"/seminarier/{seminar.pk}/")
    page.locator("#id_email").fill("inte-en-adress")
    with page.expect_navigation():
        page.locator("#registration-form button[type=submit]").click()
    page.locator(".error-summary").wait_for()
    check_page("the registration form with errors")
    assert page.locator("#id_email").get_attribute("aria-describedby").endswith("id_email_error")
    assert page.locator("#id_email").input_value() == "inte-en-adress"  # nothing typed is lost
    assert not Registration.objects.filter(seminar=seminar, email="inte-en-adress").exists()


def test_an_organiser_builds_the_programme_attaches_slides_and_sees_the_caterers_counts(
        page, demo, check_page, sv, log_in, tmp_path):
    log_in(demo.coordinator)
    page.goto("/seminarier/")
    check_page("the seminar list")
    assert page.locator("main table a[href$='/anmalningar/']").count() == 3  # the demo's series, IV-VI
    # A new series: the empty title is refused with a message, then it is created.
    page.locator("main a", has_text=sv("New series")).click()
    page.wait_for_url("**/serier/ny/")
    check_page("the new series form")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    page.locator(".error-summary").wait_for()
    check_page("the new series form with errors")
    page.locator("#id_title").fill("Lärande träffar")
    page.locator("main form button[type=submit]").click()
    # A new seminar: first with a mistake, then corrected.
    page.wait_for_url("**/seminarier/ny/")
    check_page("the new seminar form")
    page.locator("#id_series").select_option(label="Lärande träffar")
    page.locator("#id_title").fill("Socialt hållbar stadsutveckling")
    page.locator("#id_starts_at").fill("2027-05-20T13:00")
    page.locator("#id_ends_at").fill("2027-05-20T12:00")
    page.locator("#id_place").fill("Göteborgsregionen")
    page.locator("#id_capacity").fill("40")
    page.locator("#id_project").select_option(str(demo.project.pk))
    page.locator("#id_step_free_access").check()
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    page.locator(".error-summary").wait_for()
    check_page("the seminar form with errors")
    page.locator("#id_ends_at").fill("2027-05-20T16:00")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/anmalningar/")
    check_page("the registrations list of the new seminar")
    seminar = Seminar.objects.get(title="Socialt hållbar stadsutveckling")
    assert seminar.step_free_access is True and seminar.series.title == "Lärande träffar"

    # The programme: two items, then the second moved up with the keyboard.
    page.goto(f"/seminarier/{seminar.pk}/program/")
    check_page("the empty programme")
    for time, title, speaker in [("13:00", "Välkommen", "Sara Samordnare"),
                                 ("13:10", "Forskning om tillit", "Doris Forskare")]:
        page.locator("#id_starts_at").fill(time)
        page.locator("#id_title").fill(title)
        page.locator("#id_speaker").fill(speaker)
        page.locator("#id_speaker_organisation").fill("RISE")
        with page.expect_navigation():
            page.locator("main form button[type=submit]", has_text=sv("Add to the programme")).click()
    check_page("the programme with two items")
    move_up = page.locator("main table button", has_text=sv("Move up")).first
    move_up.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    check_page("the programme after a move")
    assert list(seminar.programme.values_list("title", flat=True)) == ["Forskning om tillit", "Välkommen"]
    with page.expect_navigation():
        page.locator("main table a", has_text=sv("Edit")).first.click()
    check_page("the programme item form")
    page.locator("#id_title").fill("")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    page.locator(".error-summary").wait_for()
    check_page("the programme item form with errors")

    # Slides, made public.
    slides = tmp_path / "bilder.pdf"
    slides.write_bytes(PDF)
    page.goto(f"/seminarier/{seminar.pk}/dokumentation/")
    check_page("the documentation page")
    page.locator("#id_file").set_input_files(str(slides))
    page.locator("#id_is_public").check()
    with page.expect_navigation():
        page.locator("main form[enctype] button[type=submit]").click()
    check_page("the documentation page with a file")
    assert Documentation.objects.get(seminar=seminar).is_public

    page.goto(f"/seminarier/{seminar.pk}/")
    check_page("the public page with programme and documentation")
    assert page.locator(".programme li").first.inner_text().startswith("13.10")
    assert page.locator("a", has_text="bilder.pdf").count() == 1

    page.goto(f"/seminarier/{seminar.pk}/servering/")
    check_page("the caterer's page")
    page.goto(f"/seminarier/{seminar.pk}/aterkoppling/")
    check_page("the feedback overview before the seminar")


def test_after_the_seminar_an_attendee_answers_the_feedback_form_from_the_emailed_link(
        page, demo, check_page, sv, log_in, monkeypatch):
    from seminars.tasks import send_feedback_requests

    # No worker listens in browser tests: the queued email task runs in-process.
    run_in_process(monkeypatch, send_feedback_requests)
    seminar = Seminar.objects.get(number="IV")
    Seminar.objects.filter(pk=seminar.pk).update(
        feedback_requested_at=None, starts_at=timezone.now() - dt.timedelta(days=1),
        ends_at=timezone.now() - dt.timedelta(days=1) + dt.timedelta(hours=3))
    seminar.registrations.update(feedback_given=False)
    attended = list(seminar.registrations.filter(attended_at__isnull=False).values_list("email", flat=True))
    before = Feedback.objects.filter(seminar=seminar).count()

    page.goto(f"/seminarier/{seminar.pk}/")
    check_page("the public page of a past seminar")
    assert page.locator("#registration-form").count() == 0  # registration is closed
    assert page.locator("main a", has_text="presentation.pdf").count() == 1  # the demo's public slides
    log_in(demo.coordinator)
    page.goto(f"/seminarier/{seminar.pk}/aterkoppling/")
    check_page("the feedback overview")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    check_page("the feedback overview after sending")
    sent = [m for m in mail.outbox if "/seminarier/aterkoppling/" in m.body]
    assert sorted(m.to[0] for m in sent) == sorted(attended)

    page.context.clear_cookies()
    body = sent[0].body
    page.goto(body[body.index("/seminarier/aterkoppling/"):].split()[0])
    check_page("the feedback form")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    page.locator(".error-summary").wait_for()
    check_page("the feedback form with errors")
    page.locator("input[name=rating][value='4']").check()
    page.locator("#id_comment").fill("Bra blandning av forskning och praktik.")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    page.get_by_role("status").wait_for()
    check_page("the feedback thank-you page")
    assert Feedback.objects.filter(seminar=seminar).count() == before + 1
