import logging

from celery import shared_task
from django.conf import settings

from .services import report_fail, report_render

log = logging.getLogger(__name__)


@shared_task(
    bind=True, acks_late=True, reject_on_worker_lost=True,
    soft_time_limit=settings.CELERY_TASK_SOFT_TIME_LIMIT, time_limit=settings.CELERY_TASK_TIME_LIMIT,
    max_retries=settings.REPORT_RENDER_MAX_ATTEMPTS - 1,
)
def render_report(self, report_id: int) -> None:
    try:
        report_render(report_id=report_id)
    except Exception as exc:
        log.exception("Rendering report %s failed (try %s)", report_id, self.request.retries + 1)
        if self.request.retries >= self.max_retries:
            report_fail(report_id=report_id, reason=f"{type(exc).__name__}: {exc}")
            return
        raise self.retry(exc=exc, countdown=min(60, 5 * 2**self.request.retries)) from exc
