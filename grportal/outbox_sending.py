"""Sending what the outbox holds (grportal/outbox.py stores it): the body of grportal.tasks.send_queued_email.

This module imports no task, so the task imports it and the outbox's backend imports the task: one direction.
"""

import datetime as dt
import logging

from django.conf import settings
from django.utils import timezone
from mailer.engine import send_all
from mailer.models import Message, MessageLog

log = logging.getLogger(__name__)


def email_retry_delay(retries: int) -> int:
    """Seconds before a message's task tries again: doubling from GRPORTAL_EMAIL_RETRY_SECONDS, at most an hour."""
    return min(settings.EMAIL_RETRY_SECONDS * 2 ** retries, 3600)


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
