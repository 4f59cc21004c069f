"""Issue 15's emails through a real Celery worker, the outbox and a real SMTP server (aiosmtpd): one test per kind
(submitted → coordinator, returned → lab lead, application-deadline reminder, milestone reminder).

Needs PostgreSQL and Redis, like test_email_worker.py; the worker is started with grportal/testing/worker.py. This
process commits the change and queues the notice task on the commit, as a request would; the worker renders the
email, stores it in the outbox and sends it to the SMTP server with the outbox's own task.
"""

import email
from email import policy

import pytest
from mailer.models import Message

from grportal.testing.mail import listening_inbox
from grportal.testing.worker import outbox_worker
from labs.models import Activity
from labs.services import activity_return, activity_submit
from labs.tests.factories import ActivityFactory
from projects.models import FundingApplication, SentReminder
from projects.tasks import remind_deadlines
from projects.tests.factories import FundingApplicationFactory, MilestoneFactory

pytestmark = [pytest.mark.redis, pytest.mark.postgres]

DAY = "2026-03-02"  # the reminders run as on this day (the worker's own clock is not moved)


@pytest.fixture
def inbox():
    with listening_inbox() as box:
        yield box


@pytest.fixture
def notice_worker(request, transactional_db, settings, tmp_path, inbox):
    return outbox_worker(request, settings, tmp_path, smtp_port=inbox.port, name="notice-worker-tests")


def delivered(inbox, worker, count: int = 1) -> list:
    """The messages the SMTP server received, once there are `count` and the outbox is empty."""
    worker.wait_until(lambda: len(inbox.received) >= count and not Message.objects.exists(),
                      f"{count} email(s) delivered")
    return [email.message_from_bytes(envelope.content, policy=policy.default) for envelope in inbox.received]


def subject(message) -> str:
    """The decoded subject (Django folds a long encoded one onto the next line, which reads as a leading space)."""
    return " ".join(message["Subject"].split())


def test_a_submitted_activity_reaches_the_coordinator_through_the_worker(notice_worker, inbox, world):
    activity = ActivityFactory(lab=world.lab, created_by=world.lead, title="Workshop om markanvisning")
    activity_submit(activity=activity, submitted_by=world.lead)  # commits; the notice task is queued on the commit

    (message,) = delivered(inbox, notice_worker)
    assert inbox.recipients() == [world.coordinator.email]
    assert subject(message) == "Inskickad för granskning: Workshop om markanvisning (Labb Ale)"
    assert f"/labb/granska/#activity-{activity.pk}" in message.get_content()


def test_a_returned_activity_reaches_the_lab_lead_with_the_reason_through_the_worker(notice_worker, inbox, world):
    activity = ActivityFactory(lab=world.lab, created_by=world.lead, title="Intervju",
                               status=Activity.Status.SUBMITTED)
    activity_return(activity=activity, reason="Ange hur många som var unga.")

    (message,) = delivered(inbox, notice_worker)
    assert inbox.recipients() == [world.lead.email]
    assert subject(message) == "Tillbakaskickad för ändring: Intervju"
    body = message.get_content()
    assert "Ange hur många som var unga." in body and f"/labb/aktiviteter/{activity.pk}/redigera/" in body


def test_an_application_deadline_reminder_reaches_the_coordinator_through_the_worker(notice_worker, inbox, world):
    application = FundingApplicationFactory(project=world.project, funder=world.project.funder,
                                            deadline="2026-03-12", status=FundingApplication.Status.PLANNED)
    remind_deadlines.delay(DAY)  # what beat sends every morning, as on DAY

    (message,) = delivered(inbox, notice_worker)
    assert inbox.recipients() == [world.coordinator.email]
    assert subject(message) == f"Sista ansökningsdag 2026-03-12: {world.project.funder.name} (SISP)"
    assert f"#application-{application.pk}" in message.get_content()
    assert SentReminder.objects.filter(application=application, due_date="2026-03-12").exists()


def test_a_milestone_reminder_reaches_the_coordinator_through_the_worker(notice_worker, inbox, world):
    milestone = MilestoneFactory(work_package=world.work_package, title="Metodbok klar", due_date="2026-03-07")
    remind_deadlines.delay(DAY)

    (message,) = delivered(inbox, notice_worker)
    assert inbox.recipients() == [world.coordinator.email]
    assert subject(message) == "Milstolpe 2026-03-07: Metodbok klar"
    assert f"#milestone-{milestone.pk}" in message.get_content()
    assert SentReminder.objects.filter(milestone=milestone, due_date="2026-03-07").exists()
