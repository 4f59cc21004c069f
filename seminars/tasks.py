"""Thin tasks: retention (Celery beat, nightly) and the feedback emails after a seminar.

They run seminars.retention and seminars.feedback_requests, which queue nothing; seminars.services queues them."""

from celery import shared_task
from django.conf import settings

from .feedback_requests import feedback_send_requests
from .retention import retention_run

TIME_LIMITS = {"soft_time_limit": settings.CELERY_TASK_SOFT_TIME_LIMIT, "time_limit": settings.CELERY_TASK_TIME_LIMIT}


@shared_task(acks_late=True, **TIME_LIMITS)
def erase_expired_personal_data() -> dict:
    return retention_run()


@shared_task(acks_late=True, **TIME_LIMITS)
def send_feedback_requests(seminar_id: int) -> int:
    # Redelivery after a crash sends again only to those who have not answered yet.
    return feedback_send_requests(seminar_id=seminar_id)
