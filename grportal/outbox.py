"""The outbox: every email the portal sends (ours and allauth's) is stored, then sent by a Celery task.

settings.EMAIL_BACKEND is OutboxBackend: a message is stored in django-mailer's outbox table in the same transaction
as what it is about, and a task queued on commit hands it to the real backend (settings.MAILER_EMAIL_BACKEND, from
EMAIL_URL). The request never talks to the mail server, so one that is down costs nobody an error page: the message
waits, deferred, and its task tries again with backoff; a periodic sweep sends whatever is still waiting (also what
was stored while the broker was down, when no task could be queued).

Sending what is stored is grportal/outbox_sending.py, which the task imports; this module imports the task, so the
two never import each other. Both need the app registry (django-mailer's models): they are loaded by the backend
setting and by Celery's task discovery, after django.setup().
"""

import logging
import smtplib

from mailer.backend import DbBackend
from mailer.models import RESULT_FAILURE, Message, MessageLog

from .queueing import enqueue_on_commit
from .tasks import send_queued_email

log = logging.getLogger(__name__)


class OutboxBackend(DbBackend):
    """Store the messages in the outbox; their sending task is queued when the transaction commits.

    With the broker down the task cannot be queued: the message stays in the outbox and the periodic sweep
    (grportal.tasks.send_queued_email with no ids) sends it once the broker is back.
    """

    def send_messages(self, email_messages):
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
