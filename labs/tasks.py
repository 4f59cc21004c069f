"""Thin tasks that call labs.notifications: the periodic nudges and digests (Celery beat) and the review's notices."""

from celery import shared_task
from django.conf import settings

from . import notifications

TIME_LIMITS = {"soft_time_limit": settings.CELERY_TASK_SOFT_TIME_LIMIT, "time_limit": settings.CELERY_TASK_TIME_LIMIT}


@shared_task(acks_late=True, **TIME_LIMITS)
def nudge_quiet_leads() -> int:
    return notifications.nudge_quiet_leads()


@shared_task(acks_late=True, **TIME_LIMITS)
def send_weekly_digests() -> int:
    return notifications.send_weekly_digests()


# The review's notices (issue 15): queued by labs.services after the commit; each sends through the outbox.
@shared_task(acks_late=True, **TIME_LIMITS)
def notify_activity_submitted(submission_id: int) -> int:
    return notifications.send_submission_notice(submission_id)


@shared_task(acks_late=True, **TIME_LIMITS)
def notify_lead_of_return(return_id: int) -> int:
    return notifications.send_return_notice(return_id)


# Queued by the code before returns were recorded (labs 0013), so a task waiting in the queue at the upgrade still
# reaches the lead, at least once as it did then. Nothing queues it any more: remove it in a later release.
@shared_task(acks_late=True, **TIME_LIMITS)
def notify_activity_returned(activity_id: int, reason: str) -> int:
    return notifications.send_unrecorded_return_notice(activity_id, reason)


@shared_task(acks_late=True, **TIME_LIMITS)
def send_daily_submission_digests() -> int:
    return notifications.send_daily_submission_digests()
