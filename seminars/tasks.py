"""Thin tasks: retention (Celery beat, nightly) and the feedback emails after a seminar."""

from celery import shared_task
from celery.schedules import crontab
from django.conf import settings

from grportal.celery import app as celery_app

from . import services

TIME_LIMITS = {"soft_time_limit": settings.CELERY_TASK_SOFT_TIME_LIMIT, "time_limit": settings.CELERY_TASK_TIME_LIMIT}


@shared_task(acks_late=True, **TIME_LIMITS)
def erase_expired_personal_data() -> dict:
    return services.retention_run()


@shared_task(acks_late=True, **TIME_LIMITS)
def send_feedback_requests(seminar_id: int) -> int:
    # Redelivery after a crash sends again only to those who have not answered yet.
    return services.feedback_send_requests(seminar_id=seminar_id)


def register_periodic_tasks(sender, **kwargs) -> None:
    # Nightly, Stockholm time: needs go the night after a seminar, the rest when its retention time runs out.
    sender.add_periodic_task(crontab(hour=2, minute=15), erase_expired_personal_data.s(),
                             name="seminars.erase_expired_personal_data")


celery_app.on_after_finalize.connect(register_periodic_tasks, weak=False)
if celery_app.finalized:
    register_periodic_tasks(celery_app)
