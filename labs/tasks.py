"""Periodic nudges (Celery beat): thin tasks that call labs.notifications."""

from celery import shared_task
from celery.schedules import crontab
from django.conf import settings

from grportal.celery import app as celery_app

from . import notifications

TIME_LIMITS = {"soft_time_limit": settings.CELERY_TASK_SOFT_TIME_LIMIT, "time_limit": settings.CELERY_TASK_TIME_LIMIT}


@shared_task(acks_late=True, **TIME_LIMITS)
def nudge_quiet_leads() -> int:
    return notifications.nudge_quiet_leads()


@shared_task(acks_late=True, **TIME_LIMITS)
def send_weekly_digests() -> int:
    return notifications.send_weekly_digests()


def register_periodic_tasks(sender, **kwargs) -> None:
    # Mondays, Stockholm time (CELERY_TIMEZONE): a reminder at the start of the week, the digest of the past one.
    sender.add_periodic_task(crontab(day_of_week="mon", hour=8, minute=0), nudge_quiet_leads.s(),
                             name="labs.nudge_quiet_leads")
    sender.add_periodic_task(crontab(day_of_week="mon", hour=7, minute=30), send_weekly_digests.s(),
                             name="labs.send_weekly_digests")


celery_app.on_after_finalize.connect(register_periodic_tasks, weak=False)
if celery_app.finalized:  # imported after the app was finalized (a worker that set Django up late)
    register_periodic_tasks(celery_app)
