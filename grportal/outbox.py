"""The outbox: every email the portal sends (ours and allauth's) is stored, then sent by a Celery task.

settings.EMAIL_BACKEND is OutboxBackend: a message is stored in django-mailer's outbox table in the same transaction
as what it is about, and a task queued on commit hands it to the real backend (settings.MAILER_EMAIL_BACKEND, from
EMAIL_URL). The request never talks to the mail server, so one that is down costs nobody an error page: the message
waits, deferred, and its task tries again with backoff; a periodic sweep sends whatever is still waiting (also what
was stored while the broker was down, when no task could be queued).

Imported lazily (by the backend setting and the task), as it needs the app registry.
"""

import datetime as dt
import logging
import smtplib

from django.conf import settings
from django.utils import timezone
from mailer.backend import DbBackend
from mailer.engine import send_all
from mailer.models import RESULT_FAILURE, Message, MessageLog

from .queueing import enqueue_on_commit

log = logging.getLogger(__name__)


def email_retry_delay(retries: int) -> int:
    """Seconds before a message's task tries again: doubling from GRPORTAL_EMAIL_RETRY_SECONDS, at most an hour."""
    return min(settings.EMAIL_RETRY_SECONDS * 2 ** retries, 3600)


class OutboxBackend(DbBackend):
    """Store the messages in the outbox; their sending task is queued when the transaction commits.

    With the broker down the task cannot be queued: the message stays in the outbox and the periodic sweep
    (grportal.tasks.send_queued_email with no ids) sends it once the broker is back.
    """

    def send_messages(self, email_messages):
        from .tasks import send_queued_email

        messages = Message.objects.bulk_create([Message(email=email) for email in email_messages])
        ids = [message.pk for message in messages]
        if ids:
            enqueue_on_commit(send_queued_email, ids)
        return len(ids)


def defer_on_delivery_failure(connection, message, exc):
    """django-mailer's error handler (settings.MAILER_ERROR_HANDLER): whatever went wrong, the message is kept and
    deferred, to be tried again, and the failure is logged; nothing is lost and no worker task crashes on it."""
    message.defer()
    MessageLog.objects.log(message, RESULT_FAILURE, log_message=f"{type(exc).__name__}: {exc}")
    log.warning("Email %s deferred: %s: %s", message.pk, type(exc).__name__, exc,
                exc_info=not isinstance(exc, (smtplib.SMTPException, OSError)))
    return None, "deferred"  # a new connection next time


def send_outbox(message_ids: list[int] | None = None) -> list[int]:
    """Send the given messages (deferred ones included), or every message in the outbox; returns the ids still
    waiting. Each message is sent under a row lock (django-mailer's), so two workers never send one twice."""
    queryset = Message.objects.filter(pk__in=message_ids) if message_ids is not None else Message.objects.all()
    if queryset.exists():
        send_all(queryset)
    return list(queryset.values_list("pk", flat=True))


def purge_outbox_log(*, now=None) -> int:
    """The delivery log (and any message undeliverable for as long) is kept EMAIL_LOG_KEEP_DAYS days: it names
    recipients' message ids and SMTP errors, which can quote an address. Returns the number of rows deleted."""
    cutoff = (now or timezone.now()) - dt.timedelta(days=settings.EMAIL_LOG_KEEP_DAYS)
    logs, _ = MessageLog.objects.filter(when_attempted__lt=cutoff).delete()
    stuck, _ = Message.objects.filter(when_added__lt=cutoff).delete()
    if stuck:
        log.error("%d email(s) undeliverable for %d days were deleted from the outbox", stuck,
                  settings.EMAIL_LOG_KEEP_DAYS)
    return logs + stuck
