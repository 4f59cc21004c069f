"""Periodic nudges (Celery beat): thin tasks that call labs.notifications."""

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
