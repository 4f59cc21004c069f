"""Emails through a real Celery worker while the mail server is down, then back (issue 13's "done when").

Needs PostgreSQL and Redis, like reports/tests/test_worker.py; both start the worker with grportal/testing/worker.py.
The worker delivers over SMTP to a port on the loopback address where at first nothing listens; once a real SMTP
server (aiosmtpd) answers there, the message's own retry task delivers it.
"""

import pytest
from django.urls import reverse
from mailer.models import RESULT_FAILURE, Message, MessageLog

from grportal.testing.mail import FORM, INVITE, closed_port, listening_inbox
from grportal.testing.worker import outbox_worker
from seminars.models import Registration
from seminars.tests.factories import future_seminar

pytestmark = [pytest.mark.redis, pytest.mark.postgres]

@pytest.fixture
def smtp_port():
    return closed_port()


@pytest.fixture
def email_worker(request, transactional_db, settings, tmp_path, smtp_port):
    return outbox_worker(request, settings, tmp_path, smtp_port=smtp_port, name="email-worker-tests", extra_env={
        "GRPORTAL_EMAIL_RETRY_SECONDS": "1",  # 1, 2, 4, 8, 16 s instead of 30 s to 8 min
    })


def test_with_smtp_down_a_registration_and_an_invitation_succeed_and_their_emails_go_out_when_it_is_back(
        email_worker, smtp_port, client, world):
    seminar = future_seminar(capacity=5)
    response = client.post(reverse("seminars:public", args=[seminar.pk]), FORM)
    assert response.status_code == 302  # the visitor is registered and told so
    assert Registration.objects.filter(seminar=seminar, email="ada@example.se").exists()

    client.force_login(world.coordinator)
    response = client.post(reverse("projects:invite", args=[world.project.pk]), INVITE)
    assert response.status_code == 302

    # The worker tries, the mail server does not answer: both messages are kept, deferred.
    email_worker.wait_until(lambda: MessageLog.objects.filter(result=RESULT_FAILURE).count() >= 2,
                            "Two failed deliveries")
    assert Message.objects.count() == 2

    with listening_inbox(smtp_port) as inbox:
        email_worker.wait_until(lambda: not Message.objects.exists(), "Delivery once the mail server is back")
    assert sorted(inbox.recipients()) == ["ada@example.se", "ny.person@ale.se"]
    assert "Retry in" in email_worker.log()  # Celery's own line for a task that will try again
