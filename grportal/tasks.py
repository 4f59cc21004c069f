"""grportal's own tasks: the workers' heartbeat (a periodic task notes when a worker last ran it, and /halsa/ reads
the note) and the email outbox (grportal/outbox.py)."""

import logging

from celery import shared_task
from django.core.cache import cache
from django.utils import timezone

from .celery import app as celery_app

HEARTBEAT_KEY = "grportal:worker-heartbeat"
HEARTBEAT_EVERY = 60  # seconds
# Missing after three beats: no worker (or no beat) has run it lately, and queued work is not being done.
HEARTBEAT_KEEP = 3 * HEARTBEAT_EVERY
# Whatever is still in the outbox (deferred, or stored while the broker was down) is tried this often.
OUTBOX_SWEEP_EVERY = 300  # seconds
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
    from .outbox import email_retry_delay, purge_outbox_log, send_outbox

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


def register_periodic_tasks(sender, **kwargs) -> None:
    # A beat nobody picks up in time is worthless: it expires before the next one.
    sender.add_periodic_task(float(HEARTBEAT_EVERY), record_worker_heartbeat.s(), name="grportal.worker_heartbeat",
                             expires=HEARTBEAT_EVERY)
    sender.add_periodic_task(float(OUTBOX_SWEEP_EVERY), send_queued_email.s(), name="grportal.email_outbox_sweep",
                             expires=OUTBOX_SWEEP_EVERY)


celery_app.on_after_finalize.connect(register_periodic_tasks, weak=False)
if celery_app.finalized:
    register_periodic_tasks(celery_app)
