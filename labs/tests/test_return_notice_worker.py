"""The return notice through a real Celery worker, the outbox and a real SMTP server (aiosmtpd), when its task is
queued twice: the lab lead gets one email (issue 15). Needs PostgreSQL and Redis, like
grportal/tests/test_notice_worker.py, whose way of starting the worker and reading the inbox this follows."""

import pytest
from mailer.models import Message

from grportal.testing.mail import listening_inbox
from grportal.testing.worker import outbox_worker
from labs import tasks
from labs.models import Activity
from labs.services import activity_return
from labs.tests.factories import ActivityFactory

pytestmark = [pytest.mark.redis, pytest.mark.postgres]


@pytest.fixture
def inbox():
    with listening_inbox() as box:
        yield box


@pytest.fixture
def notice_worker(request, transactional_db, settings, tmp_path, inbox):
    return outbox_worker(request, settings, tmp_path, smtp_port=inbox.port, name="return-notice-worker-tests")


def delivered(inbox, worker, count: int) -> int:
    """How many messages the SMTP server received, once there are `count` and the outbox is empty."""
    worker.wait_until(lambda: len(inbox.received) >= count and not Message.objects.exists(),
                      f"{count} email(s) delivered")
    return len(inbox.received)


def test_a_return_whose_notice_is_queued_twice_reaches_the_lead_once_through_the_worker(notice_worker, inbox,
                                                                                          world):
    activity = ActivityFactory(lab=world.lab, created_by=world.lead, title="Intervju",
                               status=Activity.Status.SUBMITTED)
    activity_return(activity=activity, reason="Ange hur många som var unga.")  # commits; its task is queued
    tasks.notify_lead_of_return.delay(activity.returns.get().pk)  # and queued once more
    # A marker behind the duplicate: once its email is in, the duplicate has run (the solo worker keeps the order).
    marker = ActivityFactory(lab=world.other_lab, created_by=world.other_lead, title="Studiebesök",
                             status=Activity.Status.SUBMITTED)
    activity_return(activity=marker, reason="Rätta datumet.")

    assert delivered(inbox, notice_worker, 2) == 2
    assert sorted(inbox.recipients()) == sorted([world.lead.email, world.other_lead.email])
    assert not activity.returns.filter(notified_at__isnull=True).exists()
