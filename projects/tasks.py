"""Thin tasks that call projects.notifications (the schedule is CELERY_BEAT_SCHEDULE in grportal/settings.py)."""

import datetime as dt

from celery import shared_task
from django.conf import settings

from . import notifications


@shared_task(acks_late=True, soft_time_limit=settings.CELERY_TASK_SOFT_TIME_LIMIT,
             time_limit=settings.CELERY_TASK_TIME_LIMIT)
def remind_deadlines(today: str | None = None) -> int:
    """Once a day: remind coordinators of application deadlines and milestones coming up. Beat passes no day (today,
    in Stockholm); a day given as YYYY-MM-DD runs as on that day."""
    return notifications.send_deadline_reminders(today=dt.date.fromisoformat(today) if today else None)
