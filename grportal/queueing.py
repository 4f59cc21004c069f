"""Queue Celery tasks so that a broker that is down never turns a committed save into an error page.

What was saved stays saved; the failure is logged, and the caller decides what the person is told (try again,
or a periodic task picks the work up later).
"""

import logging

from django.db import transaction
from kombu.exceptions import KombuError
from redis.exceptions import RedisError

log = logging.getLogger(__name__)

# What a broker that cannot be reached raises from apply_async: kombu's OperationalError (a KombuError) around the
# transport's own error, or that error itself.
BROKER_ERRORS = (KombuError, RedisError, OSError)


def try_enqueue(task, *args, **kwargs) -> Exception | None:
    """Send ``task`` to the broker; the broker's error, logged, when it cannot take it (for a caller that says why)."""
    try:
        task.delay(*args, **kwargs)
    except BROKER_ERRORS as exc:
        log.exception("Could not queue %s%r: the task queue did not answer", task.name, args)
        return exc
    return None


def enqueue(task, *args, **kwargs) -> bool:
    """Send ``task`` to the broker; False, logged, when the broker cannot take it."""
    return try_enqueue(task, *args, **kwargs) is None


def enqueue_on_commit(task, *args, on_failure=None, **kwargs) -> None:
    """Queue ``task`` once the transaction commits; ``on_failure()`` runs (after the commit) if it cannot be queued."""

    def send():
        if not enqueue(task, *args, **kwargs) and on_failure is not None:
            on_failure()

    transaction.on_commit(send)
