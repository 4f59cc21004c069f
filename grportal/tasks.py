"""grportal's own tasks: the workers' heartbeat (a periodic task notes when a worker last ran it, and /halsa/ reads
the note) and the email outbox (grportal/outbox.py stores, grportal/outbox_sending.py sends)."""

import logging

from celery import shared_task
from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from .outbox_sending import email_retry_delay, purge_outbox_log, send_outbox

HEARTBEAT_KEY = "grportal:worker-heartbeat"
# Beat schedules the heartbeat every settings.WORKER_HEARTBEAT_EVERY seconds and the outbox sweep (whatever is still
# in the outbox: deferred, or stored while the broker was down) every EMAIL_OUTBOX_SWEEP_EVERY (CELERY_BEAT_SCHEDULE).
# Missing after three beats: no worker (or no beat) has run it lately, and queued work is not being done.
HEARTBEAT_KEEP = 3 * settings.WORKER_HEARTBEAT_EVERY
# A message's own task tries this many times (30 s, 1, 2, 4 and 8 min with the default base); the sweep after that.
EMAIL_TASK_RETRIES = 5

log = logging.getLogger(__name__)


@shared_task(soft_time_limit=10, time_limit=20)
def record_worker_heartbeat() -> None:
    cache.set(HEARTBEAT_KEY, timezone.now().isoformat(), HEARTBEAT_KEEP)


@shared_task(bind=True, soft_time_limit=60, time_limit=90)
def send_queued_email(self, message_ids: list[int] | None = None) -> int:
    """Send these outbox messages, or (the sweep: no ids) every message waiting and purge the old delivery log.

    A message the mail server did not take is deferred and this task tries it again with a doubling delay.
    Returns the number still waiting.
    """
    waiting = send_outbox(message_ids)
    if message_ids is None:
        purge_outbox_log()
    elif waiting and not self.request.is_eager and self.request.retries < EMAIL_TASK_RETRIES:
        log.info("%d email(s) not sent yet; trying again in %d s", len(waiting),
                 email_retry_delay(self.request.retries))
        raise self.retry(args=[waiting], countdown=email_retry_delay(self.request.retries))
    return len(waiting)


def last_worker_heartbeat() -> str | None:
    """When a worker last ran the heartbeat (ISO 8601), or None."""
    return cache.get(HEARTBEAT_KEY)
