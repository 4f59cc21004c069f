"""The workers' heartbeat: a periodic task notes when a worker last ran it, and /halsa/ reads the note."""

from celery import shared_task
from django.core.cache import cache
from django.utils import timezone

from .celery import app as celery_app

HEARTBEAT_KEY = "grportal:worker-heartbeat"
HEARTBEAT_EVERY = 60  # seconds
# Missing after three beats: no worker (or no beat) has run it lately, and queued work is not being done.
HEARTBEAT_KEEP = 3 * HEARTBEAT_EVERY


@shared_task(soft_time_limit=10, time_limit=20)
def record_worker_heartbeat() -> None:
    cache.set(HEARTBEAT_KEY, timezone.now().isoformat(), HEARTBEAT_KEEP)


def last_worker_heartbeat() -> str | None:
    """When a worker last ran the heartbeat (ISO 8601), or None."""
    return cache.get(HEARTBEAT_KEY)


def register_periodic_tasks(sender, **kwargs) -> None:
    # A beat nobody picks up in time is worthless: it expires before the next one.
    sender.add_periodic_task(float(HEARTBEAT_EVERY), record_worker_heartbeat.s(), name="grportal.worker_heartbeat",
                             expires=HEARTBEAT_EVERY)


celery_app.on_after_finalize.connect(register_periodic_tasks, weak=False)
if celery_app.finalized:
    register_periodic_tasks(celery_app)
