"""The lab lead hears of each return once (issue 15): every return is recorded (ActivityReturn) and its notice task
claims it in the transaction that stores the email in the outbox, so a task delivered again (a worker that died
after sending, acks_late) or queued twice sends nothing more, while a second return of the same activity is a new
notice. The submitted notice is claimed the same way (ActivitySubmission.notified_at)."""

from unittest import mock

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from mailer.models import Message

from grportal.testing.tasks import run_in_process
from labs import notifications, tasks
from labs.models import Activity, ActivityReturn, ActivitySubmission
from labs.services import activity_return, activity_submit
from labs.tests.factories import ActivityFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def in_process(monkeypatch):
    """The worker's part, in-process: each notice task runs when its transaction commits."""
    run_in_process(monkeypatch, tasks.notify_activity_submitted, tasks.notify_lead_of_return)


@pytest.fixture
def submitted(world):
    return ActivityFactory(lab=world.lab, created_by=world.lead, title="Workshop om markanvisning",
                           status=Activity.Status.SUBMITTED)


def give_back(activity, reason, capture, *, run=True) -> list:
    """Return the activity; its notice task runs after the commit when `run` (as the worker would), otherwise the
    callbacks it queued are handed back unrun."""
    with capture(execute=run) as callbacks:
        activity_return(activity=activity, reason=reason)
    return callbacks


def return_emails() -> list:
    return [m for m in mail.outbox if m.subject.startswith("Tillbakaskickad")]


def test_a_return_is_recorded_with_its_reason_and_marked_notified_once_emailed(
        world, submitted, django_capture_on_commit_callbacks):
    give_back(submitted, "Ange hur många som var unga.", django_capture_on_commit_callbacks)
    (returned,) = submitted.returns.all()
    assert returned.reason == "Ange hur många som var unga."
    assert returned.notified_at is not None
    assert [m.to for m in mail.outbox] == [[world.lead.email]]


def test_the_return_task_delivered_twice_sends_one_email(world, submitted, django_capture_on_commit_callbacks):
    give_back(submitted, "Rätta datumet.", django_capture_on_commit_callbacks)
    returned = submitted.returns.get()

    assert tasks.notify_lead_of_return.apply(args=[returned.pk]).get() == 0  # delivered again: already notified
    assert len(return_emails()) == 1


def test_the_return_task_queued_twice_sends_one_email(world, submitted, django_capture_on_commit_callbacks):
    give_back(submitted, "Rätta datumet.", django_capture_on_commit_callbacks, run=False)
    returned = submitted.returns.get()
    assert returned.notified_at is None and mail.outbox == []

    results = [tasks.notify_lead_of_return.apply(args=[returned.pk]).get() for _twice in range(2)]
    assert results == [1, 0]
    (email,) = return_emails()
    assert email.to == [world.lead.email] and "Rätta datumet." in email.body


def test_an_activity_returned_again_after_a_correction_is_notified_again_with_each_reason(
        world, submitted, django_capture_on_commit_callbacks):
    give_back(submitted, "Ange hur många som var unga.", django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        activity_submit(activity=submitted, submitted_by=world.lead)
    give_back(submitted, "Ange också platsen.", django_capture_on_commit_callbacks)

    first, second = return_emails()
    assert first.to == second.to == [world.lead.email]
    assert "Ange hur många som var unga." in first.body and "Ange också platsen." not in first.body
    assert "Ange också platsen." in second.body
    assert submitted.returns.count() == 2 and not submitted.returns.filter(notified_at__isnull=True).exists()


def test_each_return_is_told_with_its_own_reason_even_when_the_tasks_run_late(
        world, submitted, django_capture_on_commit_callbacks):
    """The reason comes from the recorded return, not from the activity, whose reason the next return replaces."""
    give_back(submitted, "Första skälet.", django_capture_on_commit_callbacks, run=False)
    activity_submit(activity=submitted, submitted_by=world.lead)
    give_back(submitted, "Andra skälet.", django_capture_on_commit_callbacks, run=False)
    for returned in ActivityReturn.objects.order_by("returned_at", "pk"):
        tasks.notify_lead_of_return.apply(args=[returned.pk])
    assert ["Första skälet." in m.body for m in return_emails()] == [True, False]
    assert ["Andra skälet." in m.body for m in return_emails()] == [False, True]


def test_a_notice_that_fails_before_its_commit_is_sent_by_the_next_delivery(
        world, submitted, settings, django_capture_on_commit_callbacks):
    """The claim and the outbox message are one transaction: a worker that dies in between leaves neither, so the
    task delivered again sends the email (once)."""
    settings.EMAIL_BACKEND = "grportal.outbox.OutboxBackend"
    give_back(submitted, "Rätta datumet.", django_capture_on_commit_callbacks, run=False)
    returned = submitted.returns.get()

    with (mock.patch.object(ActivityReturn, "save", side_effect=RuntimeError("the worker died")),
          pytest.raises(RuntimeError)):
        notifications.send_return_notice(returned.pk)
    returned.refresh_from_db()
    assert returned.notified_at is None and not Message.objects.exists()  # the stored email went with it

    assert notifications.send_return_notice(returned.pk) == 1
    assert notifications.send_return_notice(returned.pk) == 0
    assert Message.objects.count() == 1


def test_nothing_is_recorded_or_emailed_when_the_return_is_refused(world, django_capture_on_commit_callbacks):
    draft = ActivityFactory(lab=world.lab, created_by=world.lead, status=Activity.Status.DRAFT)
    with pytest.raises(ValidationError):
        give_back(draft, "Rätta.", django_capture_on_commit_callbacks)
    assert not ActivityReturn.objects.exists() and mail.outbox == []


def test_a_return_of_a_deleted_activity_sends_nothing(world, submitted, django_capture_on_commit_callbacks):
    give_back(submitted, "Rätta datumet.", django_capture_on_commit_callbacks, run=False)
    returned_id = submitted.returns.get().pk
    submitted.delete()
    assert tasks.notify_lead_of_return.apply(args=[returned_id]).get() == 0
    assert mail.outbox == []


# --- A task queued before returns were recorded: notify_activity_returned(activity_id, reason) ---------------------

def test_a_notice_queued_before_the_upgrade_still_reaches_the_lead_once(world, submitted):
    Activity.objects.filter(pk=submitted.pk).update(status=Activity.Status.RETURNED, return_reason="Rätta datumet.")

    assert tasks.notify_activity_returned.apply(args=[submitted.pk, "Rätta datumet."]).get() == 1
    assert tasks.notify_activity_returned.apply(args=[submitted.pk, "Rätta datumet."]).get() == 0
    (email,) = return_emails()
    assert email.to == [world.lead.email] and "Rätta datumet." in email.body
    returned = submitted.returns.get()
    assert returned.reason == "Rätta datumet." and returned.notified_at is not None


def test_a_notice_queued_before_the_upgrade_leaves_a_recorded_return_to_its_own_notice(
        world, submitted, django_capture_on_commit_callbacks):
    give_back(submitted, "Rätta datumet.", django_capture_on_commit_callbacks)
    assert tasks.notify_activity_returned.apply(args=[submitted.pk, "Rätta datumet."]).get() == 0
    assert len(return_emails()) == 1


# --- The submitted notice: claimed the same way --------------------------------------------------------------------

def test_the_submission_task_delivered_or_queued_twice_sends_one_email(world, django_capture_on_commit_callbacks):
    draft = ActivityFactory(lab=world.lab, created_by=world.lead, status=Activity.Status.DRAFT)
    with django_capture_on_commit_callbacks(execute=False):
        activity_submit(activity=draft, submitted_by=world.lead)
    submission = ActivitySubmission.objects.get()

    results = [tasks.notify_activity_submitted.apply(args=[submission.pk]).get() for _twice in range(2)]
    assert results == [1, 0]
    assert [m.to for m in mail.outbox] == [[world.coordinator.email]]


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL (DATABASE_URL)")
def test_the_claim_locks_the_return_so_two_workers_cannot_both_send(world, submitted,
                                                                     django_capture_on_commit_callbacks):
    """Two deliveries at once: the second waits for the first's lock and then finds the return notified (PostgreSQL
    evaluates the WHERE notified_at IS NULL again on the row the first committed)."""
    give_back(submitted, "Rätta datumet.", django_capture_on_commit_callbacks, run=False)
    returned_id = submitted.returns.get().pk
    with CaptureQueriesContext(connection) as queries:
        assert notifications.send_return_notice(returned_id) == 1
    claim = next(q["sql"] for q in queries.captured_queries if q["sql"].startswith('SELECT "labs_activityreturn"'))
    assert '"notified_at" IS NULL' in claim and claim.rstrip().endswith("FOR UPDATE")
