"""Every email goes through the outbox (grportal/outbox.py): stored with what it is about, sent by a task after the
commit, kept and sent later when the mail server or the broker does not answer. The person always sees success.

These tests run the tasks in-process (no broker); grportal/tests/test_email_worker.py does the same through a real
worker and a mail server that comes back.
"""

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.db import transaction
from django.urls import reverse
from kombu.exceptions import OperationalError
from mailer.models import RESULT_FAILURE, RESULT_SUCCESS, Message, MessageLog

from accounts.models import Invitation
from grportal.celery import app as celery_app
from grportal.outbox_sending import email_retry_delay
from grportal.tasks import send_queued_email
from grportal.testing.mail import FORM, INVITE, closed_port, listening_inbox
from seminars.models import Registration
from seminars.tests.factories import future_seminar


@pytest.fixture(autouse=True)
def _tasks_in_process(monkeypatch):
    """The tasks run in this process (as in the embedded set-up), whether or not REDIS_URL names a broker."""
    monkeypatch.setitem(celery_app.conf, "task_always_eager", True)


@pytest.fixture
def outbox(settings):
    """The production path: the outbox backend, delivering to Django's in-memory backend (mail.outbox)."""
    settings.EMAIL_BACKEND = "grportal.outbox.OutboxBackend"
    settings.MAILER_EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture
def smtp_down(settings):
    """The outbox delivering over SMTP to a port where no mail server answers; returns the port."""
    port = closed_port()
    settings.EMAIL_BACKEND = "grportal.outbox.OutboxBackend"
    settings.MAILER_EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_USE_TLS, settings.EMAIL_USE_SSL = \
        "127.0.0.1", port, False, False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 2
    return port


@pytest.fixture
def _fresh_cache(settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                                   "LOCATION": "outbox-tests"}}


def register(client, seminar, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(reverse("seminars:public", args=[seminar.pk]), FORM)


@pytest.mark.django_db
def test_a_registration_email_is_stored_then_sent_after_the_commit_and_the_outbox_is_empty_again(
        client, outbox, _fresh_cache, django_capture_on_commit_callbacks):
    seminar = future_seminar(capacity=5)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(reverse("seminars:public", args=[seminar.pk]), FORM)
    assert response.status_code == 302
    assert mail.outbox == []  # nothing is sent inside the request's transaction

    with django_capture_on_commit_callbacks(execute=True):
        for callback in callbacks:  # the commit: the email is stored, and its task queued (in-process here)
            callback()

    assert [m.to for m in mail.outbox] == [["ada@example.se"]]
    assert mail.outbox[0].attachments[0][0] == "seminarium.ics"  # attachments survive the outbox
    assert not Message.objects.exists()
    assert list(MessageLog.objects.values_list("result", "message_data")) == [(RESULT_SUCCESS, None)]


@pytest.mark.django_db
def test_an_email_in_a_transaction_that_is_rolled_back_is_never_sent(outbox):
    with pytest.raises(RuntimeError), transaction.atomic():
        mail.send_mail("Inbjudan", "Text", None, ["a@example.se"])
        raise RuntimeError("the save failed")
    assert mail.outbox == [] and not Message.objects.exists()


@pytest.mark.django_db
def test_with_the_mail_server_down_a_registration_and_an_invitation_succeed_and_go_out_when_it_is_back(
        client, world, smtp_down, _fresh_cache, django_capture_on_commit_callbacks):
    seminar = future_seminar(capacity=5)
    response = register(client, seminar, django_capture_on_commit_callbacks)
    assert response.status_code == 302  # the thank-you page, not an error
    assert Registration.objects.get(email="ada@example.se").seminar == seminar

    client.force_login(world.coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("projects:invite", args=[world.project.pk]), INVITE)
    assert response.status_code == 302
    assert Invitation.objects.filter(email="ny.person@ale.se").exists()

    # Both are kept, deferred, with the failure in the delivery log.
    assert Message.objects.deferred().count() == 2
    assert MessageLog.objects.filter(result=RESULT_FAILURE).count() == 2

    with listening_inbox(smtp_down) as inbox:
        assert send_queued_email.apply().get() == 0  # the periodic sweep
    assert sorted(inbox.recipients()) == ["ada@example.se", "ny.person@ale.se"]
    assert not Message.objects.exists()
    assert MessageLog.objects.filter(result=RESULT_SUCCESS).count() == 2


@pytest.mark.django_db
def test_with_the_broker_down_the_registration_succeeds_and_the_sweep_sends_the_email_later(
        client, outbox, _fresh_cache, monkeypatch, django_capture_on_commit_callbacks):
    def broker_down(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6399. Connection refused.")

    monkeypatch.setattr(send_queued_email, "delay", broker_down)
    seminar = future_seminar(capacity=5)
    response = register(client, seminar, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    assert mail.outbox == [] and Message.objects.non_deferred().count() == 1

    monkeypatch.undo()
    send_queued_email.apply()
    assert [m.to for m in mail.outbox] == [["ada@example.se"]]
    assert not Message.objects.exists()


@pytest.mark.django_db
def test_a_password_reset_email_from_allauth_goes_through_the_outbox_too(
        client, world, outbox, _fresh_cache, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("account_reset_password"), {"email": world.lead.email})
    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [[world.lead.email]]
    assert MessageLog.objects.filter(result=RESULT_SUCCESS).count() == 1


def test_a_message_is_tried_again_after_a_doubling_delay_up_to_an_hour(settings):
    settings.EMAIL_RETRY_SECONDS = 30
    assert [email_retry_delay(n) for n in range(5)] == [30, 60, 120, 240, 480]
    assert email_retry_delay(20) == 3600


@pytest.mark.django_db
def test_the_sweep_deletes_the_delivery_log_and_undeliverable_messages_after_the_kept_days(
        settings, smtp_down, django_capture_on_commit_callbacks):
    settings.EMAIL_LOG_KEEP_DAYS = 30
    start = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False), django_capture_on_commit_callbacks(execute=True):
        mail.send_mail("Påminnelse", "Text", None, ["a@example.se"])  # fails: deferred, logged
    assert Message.objects.count() == 1 and MessageLog.objects.count() == 1

    with time_machine.travel(start + dt.timedelta(days=29), tick=False):
        send_queued_email.apply()
    assert Message.objects.count() == 1 and MessageLog.objects.count() == 2  # tried again, still kept

    with time_machine.travel(start + dt.timedelta(days=31), tick=False):
        send_queued_email.apply()
    # The message (30 days old) and the first log row are gone; this sweep's own failure row stays until its time.
    assert not Message.objects.exists()
    assert list(MessageLog.objects.values_list("when_attempted", flat=True)) == [
        start + dt.timedelta(days=29), start + dt.timedelta(days=31)]
