import logging

from celery import shared_task
from django.conf import settings

from .models import Report
from .services import ReportBusy, report_attempt_failed, report_fail, report_render

log = logging.getLogger(__name__)


# acks_late + reject_on_worker_lost: a worker killed mid-render puts the message back for another worker;
# report_render then renders the report left "running" and gives up after REPORT_RENDER_MAX_ATTEMPTS.
@shared_task(
    bind=True, acks_late=True, reject_on_worker_lost=True,
    soft_time_limit=settings.CELERY_TASK_SOFT_TIME_LIMIT, time_limit=settings.CELERY_TASK_TIME_LIMIT,
    max_retries=settings.REPORT_RENDER_MAX_ATTEMPTS - 1,
)
def render_report(self, report_id: int) -> None:
    """Render one report, retrying with back-off until its attempts are used up."""
    try:
        report_render(report_id=report_id)
    except Report.DoesNotExist:
        log.warning("Report %s no longer exists; nothing to render", report_id)
    except ReportBusy as exc:
        # Someone else's lock on a long-running report: wait for it, but not for ever.
        if self.request.retries >= self.max_retries:
            report_fail(report_id=report_id, reason=str(exc))
            return
        raise self.retry(exc=exc, countdown=_backoff(self.request.retries)) from exc
    except Exception as exc:
        log.exception("Rendering report %s failed (try %s)", report_id, self.request.retries + 1)
        gave_up = report_attempt_failed(
            report_id=report_id, reason=f"{type(exc).__name__}: {exc}", final=self.request.retries >= self.max_retries,
        )
        if not gave_up:
            raise self.retry(exc=exc, countdown=_backoff(self.request.retries)) from exc


def _backoff(retries: int) -> int:
    return min(60, 5 * 2**retries)
