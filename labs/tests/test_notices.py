"""People are told (issue 15): a project's coordinators hear of a submitted activity at once, in one summary a day
or not at all, as each chose under "Mitt konto"; the lab lead hears of a returned activity, with the reason. Every
email is queued after the commit (here the task runs in-process, as the worker would) and goes through the outbox."""

import datetime as dt
import re
import zoneinfo

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from grportal.testing.tasks import run_in_process
from labs import tasks
from labs.models import Activity, ActivitySubmission, ReviewNotice
from labs.notifications import (
    return_notice_recipients,
    review_notice_set,
    send_daily_submission_digests,
    send_submission_notice,
)
from labs.services import activity_approve, activity_return, activity_submit
from labs.tests.factories import ActivityFactory
from projects.models import ProjectMembership, ReminderOptOut
from projects.tests.factories import MembershipFactory

STOCKHOLM = zoneinfo.ZoneInfo("Europe/Stockholm")


def at(day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2026, 3, day, hour, minute, tzinfo=STOCKHOLM)


@pytest.fixture(autouse=True)
def in_process(monkeypatch):
    """The worker's part, in-process: each notice task runs when its transaction commits."""
    run_in_process(monkeypatch, tasks.notify_activity_submitted, tasks.notify_lead_of_return)


@pytest.fixture
def draft(world):
    return ActivityFactory(lab=world.lab, created_by=world.lead, title="Workshop om markanvisning",
                           status=Activity.Status.DRAFT)


def submit(activity, by, capture):
    with capture(execute=True):
        activity_submit(activity=activity, submitted_by=by)


def give_back(activity, reason, capture):
    with capture(execute=True):
        activity_return(activity=activity, reason=reason)


# --- Submitted: at once (the default) ------------------------------------------------------------------------------

def test_a_submitted_activity_is_emailed_at_once_to_the_projects_coordinator(
        world, draft, django_capture_on_commit_callbacks):
    submit(draft, world.lead, django_capture_on_commit_callbacks)

    assert [m.to for m in mail.outbox] == [[world.coordinator.email]]  # not the steering group, not the lead
    (email,) = mail.outbox
    assert email.subject == "Inskickad för granskning: Workshop om markanvisning (Labb Ale)"
    assert "Anna Ale har skickat in en aktivitet i Labb Ale" in email.body
    assert f"http://127.0.0.1:8000/labb/granska/#activity-{draft.pk}" in email.body  # where to act
    assert "eftersom du samordnar Social innovation i samhällsplanering" in email.body  # why
    assert "http://127.0.0.1:8000/mitt-konto/" in email.body  # where to change it
    assert "&" not in email.body and "\n" not in email.subject


def test_the_submitted_notice_goes_out_when_the_lead_submits_on_the_page(client, world, draft,
                                                                        django_capture_on_commit_callbacks):
    client.force_login(world.lead)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("labs:activity_submit", args=[draft.pk]))
    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [[world.coordinator.email]]
    assert ActivitySubmission.objects.get().submitted_by == world.lead


def test_a_coordinator_is_not_told_of_what_they_submitted_themselves(world, draft, django_capture_on_commit_callbacks):
    other = MembershipFactory(project=world.project, role=ProjectMembership.Role.COORDINATOR).user
    submit(draft, world.coordinator, django_capture_on_commit_callbacks)
    assert [m.to for m in mail.outbox] == [[other.email]]


def test_nothing_at_once_for_a_coordinator_who_chose_a_daily_summary_or_no_emails(
        world, draft, django_capture_on_commit_callbacks):
    daily = MembershipFactory(project=world.project, role=ProjectMembership.Role.COORDINATOR).user
    review_notice_set(user=daily, frequency=ReviewNotice.Frequency.DAILY)
    review_notice_set(user=world.coordinator, frequency=ReviewNotice.Frequency.NEVER)
    submit(draft, world.lead, django_capture_on_commit_callbacks)
    assert mail.outbox == []


def test_a_submission_is_notified_once_even_when_its_task_is_delivered_twice(
        world, draft, django_capture_on_commit_callbacks):
    submit(draft, world.lead, django_capture_on_commit_callbacks)
    submission = ActivitySubmission.objects.get()
    assert submission.notified_at is not None
    assert send_submission_notice(submission.pk) == 0
    assert len(mail.outbox) == 1


def test_an_activity_submitted_again_after_a_return_is_notified_again(world, draft,
                                                                      django_capture_on_commit_callbacks):
    submit(draft, world.lead, django_capture_on_commit_callbacks)
    give_back(draft, "Ange hur många som var unga.", django_capture_on_commit_callbacks)
    submit(draft, world.lead, django_capture_on_commit_callbacks)
    assert [m.to for m in mail.outbox] == [[world.coordinator.email], [world.lead.email], [world.coordinator.email]]


# --- Submitted: one summary a day ----------------------------------------------------------------------------------

def test_a_coordinator_who_chose_daily_gets_one_summary_of_what_waits_for_review(
        world, django_capture_on_commit_callbacks):
    with time_machine.travel(at(2, 8), tick=False) as clock:
        review_notice_set(user=world.coordinator, frequency=ReviewNotice.Frequency.DAILY)
        clock.move_to(at(2, 10))
        first = ActivityFactory(lab=world.lab, created_by=world.lead, title="Workshop i Ale")
        second = ActivityFactory(lab=world.other_lab, created_by=world.other_lead, title="Intervju i Kungälv")
        handled = ActivityFactory(lab=world.lab, created_by=world.lead, title="Redan godkänd")
        for activity in (first, second, handled):
            submit(activity, world.lead, django_capture_on_commit_callbacks)
        activity_approve(activity=handled)
        assert mail.outbox == []  # nothing at once

        clock.move_to(at(3, 7, 15))
        assert send_daily_submission_digests() == 1
        (email,) = mail.outbox
        assert email.to == [world.coordinator.email]
        assert email.subject == "2 aktiviteter inskickade för granskning"
        assert "Workshop i Ale" in email.body and "Intervju i Kungälv" in email.body
        assert "Redan godkänd" not in email.body  # already reviewed by someone
        assert "http://127.0.0.1:8000/labb/granska/" in email.body
        assert "har valt en sammanfattning per dag" in email.body and "/mitt-konto/" in email.body

        assert send_daily_submission_digests() == 0  # run twice: nothing again
        clock.move_to(at(4, 7, 15))
        assert send_daily_submission_digests() == 0  # nothing new: no email
        clock.move_to(at(4, 11))
        third = ActivityFactory(lab=world.lab, created_by=world.lead, title="Studiebesök")
        submit(third, world.lead, django_capture_on_commit_callbacks)
        clock.move_to(at(5, 7, 15))
        assert send_daily_submission_digests() == 1
        assert mail.outbox[-1].subject == "1 aktivitet inskickad för granskning"
        assert "Studiebesök" in mail.outbox[-1].body and "Workshop i Ale" not in mail.outbox[-1].body


def test_the_summary_leaves_out_what_was_emailed_at_once_before_daily_was_chosen(
        world, draft, django_capture_on_commit_callbacks):
    with time_machine.travel(at(2, 9), tick=False) as clock:
        submit(draft, world.lead, django_capture_on_commit_callbacks)
        assert len(mail.outbox) == 1  # at once, the default
        clock.move_to(at(2, 10))
        review_notice_set(user=world.coordinator, frequency=ReviewNotice.Frequency.DAILY)
        clock.move_to(at(3, 7, 15))
        assert send_daily_submission_digests() == 0
        assert len(mail.outbox) == 1


def test_no_summary_for_those_who_want_it_at_once_or_not_at_all(world, draft, django_capture_on_commit_callbacks):
    with time_machine.travel(at(2, 9), tick=False) as clock:
        review_notice_set(user=world.coordinator, frequency=ReviewNotice.Frequency.NEVER)
        submit(draft, world.lead, django_capture_on_commit_callbacks)
        clock.move_to(at(3, 7, 15))
        assert send_daily_submission_digests() == 0
    assert mail.outbox == []


def test_the_daily_summary_task_runs_the_service(world):
    assert tasks.send_daily_submission_digests.apply().get() == 0


# --- Returned ------------------------------------------------------------------------------------------------------

def test_a_returned_activity_is_emailed_to_the_lead_who_logged_it_with_the_reason(
        world, draft, django_capture_on_commit_callbacks):
    submit(draft, world.lead, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    give_back(draft, "Ange hur många som var unga & nyanlända.", django_capture_on_commit_callbacks)

    (email,) = mail.outbox
    assert email.to == [world.lead.email]
    assert email.subject == "Tillbakaskickad för ändring: Workshop om markanvisning"
    assert "Ange hur många som var unga & nyanlända." in email.body  # the reason, as written
    assert f"http://127.0.0.1:8000/labb/aktiviteter/{draft.pk}/redigera/" in email.body  # where to correct it
    assert "eftersom du är labbledare för Labb Ale" in email.body and "/mitt-konto/" in email.body


def test_the_return_notice_goes_out_when_the_coordinator_returns_on_the_page(
        client, world, django_capture_on_commit_callbacks):
    submitted = ActivityFactory(lab=world.lab, created_by=world.lead, status=Activity.Status.SUBMITTED)
    client.force_login(world.coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("labs:activity_return", args=[submitted.pk]), {"reason": "Rätta datumet."})
    assert [m.to for m in mail.outbox] == [[world.lead.email]]
    assert "Rätta datumet." in mail.outbox[0].body


def test_an_activity_logged_by_someone_who_does_not_lead_the_lab_is_returned_to_its_leads(world):
    second_lead = MembershipFactory(project=world.project, role=ProjectMembership.Role.REFERENCE).user
    world.lab.leads.add(second_lead)
    by_coordinator = ActivityFactory(lab=world.lab, created_by=world.coordinator, status=Activity.Status.SUBMITTED)
    assert {u.pk for u in return_notice_recipients(by_coordinator)} == {world.lead.pk, second_lead.pk}
    by_lead = ActivityFactory(lab=world.lab, created_by=world.lead, status=Activity.Status.SUBMITTED)
    assert return_notice_recipients(by_lead) == [world.lead]
    world.lab.leads.remove(world.lead)  # the lead who logged it has left the lab
    assert return_notice_recipients(by_lead) == [second_lead]


def test_nothing_is_emailed_when_the_return_is_refused(world, draft, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
        activity_return(activity=draft, reason="Rätta.")  # a draft cannot be returned
    assert mail.outbox == []


# --- "E-post från portalen" under "Mitt konto" ---------------------------------------------------------------------

def test_a_coordinator_chooses_how_to_hear_of_submitted_activities_and_turns_reminders_off(client, world):
    client.force_login(world.coordinator)
    page = client.get(reverse("my_account")).content.decode()
    assert "E-post från portalen" in page and "Inskickade aktiviteter" in page
    assert "En sammanfattning per dag" in page and "Påminnelser om ansökningsdeadlines och milstolpar" in page
    assert re.search(r'<input[^>]*value="immediate"[^>]*checked', page)  # no choice made yet: at once

    response = client.post(reverse("my_account"), {"submitted": "daily"})  # the reminders box left unticked
    assert response.status_code == 302
    assert ReviewNotice.objects.get(user=world.coordinator).frequency == ReviewNotice.Frequency.DAILY
    assert ReminderOptOut.objects.filter(user=world.coordinator).exists()
    assert "Dina e-postinställningar är sparade." in client.get(response.url).content.decode()

    client.post(reverse("my_account"), {"submitted": "never", "reminders": "on"})
    assert ReviewNotice.objects.get(user=world.coordinator).frequency == ReviewNotice.Frequency.NEVER
    assert not ReminderOptOut.objects.filter(user=world.coordinator).exists()


def test_a_lab_lead_is_not_offered_the_choice_about_submitted_activities(client, world):
    client.force_login(world.lead)
    page = client.get(reverse("my_account")).content.decode()
    assert "E-post från portalen" in page and "Inskickade aktiviteter" not in page
    assert client.post(reverse("my_account"), {"submitted": "never"}).status_code == 302
    assert not ReviewNotice.objects.filter(user=world.lead).exists()  # ignored: not theirs to choose
    assert ReminderOptOut.objects.filter(user=world.lead).exists()


def test_an_unknown_choice_is_refused_on_the_form(client, world):
    client.force_login(world.coordinator)
    response = client.post(reverse("my_account"), {"submitted": "hourly", "reminders": "on"})
    assert response.status_code == 400
    assert not ReviewNotice.objects.exists()
