"""The return notice through a real Celery worker, the outbox and a real SMTP server (aiosmtpd), when its task is
queued twice: the lab lead gets one email (issue 15). Needs PostgreSQL and Redis, like
grportal/tests/test_notice_worker.py, whose way of starting the worker and reading the inbox this follows."""

import time

import pytest
from aiosmtpd.controller import Controller
from mailer.models import Message

from grportal.testing.mail import Inbox, closed_port
from grportal.testing.worker import worker_for_test
from labs import tasks
from labs.models import Activity
from labs.services import activity_return
from labs.tests.factories import ActivityFactory

pytestmark = [pytest.mark.redis, pytest.mark.postgres]

TIMEOUT = 60


@pytest.fixture
def inbox():
    port = closed_port()
    box = Inbox()
    controller = Controller(box, hostname="127.0.0.1", port=port)
    controller.start()
    box.port = port
    yield box
    controller.stop()


@pytest.fixture
def notice_worker(request, transactional_db, settings, tmp_path, inbox):
    settings.EMAIL_BACKEND = "grportal.outbox.OutboxBackend"  # this process stores and queues, as in production
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                                   "LOCATION": "return-notice-worker-tests"}}
    media = tmp_path / "media"
    media.mkdir(exist_ok=True)
    # One worker, one task at a time (solo): the tasks run in the order they were queued.
    return worker_for_test(request, tmp_path, media, pool="solo", extra_env={
        "EMAIL_URL": f"smtp://127.0.0.1:{inbox.port}",
    })


def delivered(inbox, worker, count: int) -> int:
    """How many messages the SMTP server received, once there are `count` and the outbox is empty."""
    deadline = time.monotonic() + TIMEOUT
    while len(inbox.received) < count or Message.objects.exists():
        worker.check_alive()
        if time.monotonic() > deadline:
            pytest.fail(f"{count} email(s) not delivered within {TIMEOUT} s. Worker log:\n{worker.log()}")
        time.sleep(0.2)
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
