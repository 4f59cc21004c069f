import logging
import time

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from .models import Report
from .notifications import send_due_reminders, send_publication_notice
from .rendering import ReportBusy, report_attempt_failed, report_fail, report_render

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
    # The soft limit travels in the message (request.timelimit: hard, soft); the task's own is the fallback.
    soft_limit = (self.request.timelimit or (None, None))[1] or self.soft_time_limit
    finish_by = time.monotonic() + soft_limit if soft_limit else None
    try:
        report_render(report_id=report_id, finish_by=finish_by)
    except Report.DoesNotExist:
        log.warning("Report %s no longer exists; nothing to render", report_id)
    except ReportBusy as exc:
        # Someone else's lock on a long-running report: wait for it, but not for ever.
        if self.request.retries >= self.max_retries:
            with translation.override(settings.LANGUAGE_CODE):
                reason = _("Another worker held this report for too long without finishing it: %(error)s") % {
                    "error": exc}
            report_fail(report_id=report_id, reason=reason)
            return
        raise self.retry(exc=exc, countdown=_backoff(self.request.retries)) from exc
    except SoftTimeLimitExceeded:
        # The same data would take as long again: no retry, and a reason the coordinator can act on.
        log.warning("Rendering report %s went over the soft time limit", report_id)
        with translation.override(settings.LANGUAGE_CODE):
            reason = _("Generating took longer than the time limit of %(seconds)s seconds and was stopped. "
                       "Choose a shorter period, or ask the administrator to raise the limit.") % {
                "seconds": self.soft_time_limit}
        report_attempt_failed(report_id=report_id, reason=reason, final=True)
    except Exception as exc:
        log.exception("Rendering report %s failed (try %s)", report_id, self.request.retries + 1)
        with translation.override(settings.LANGUAGE_CODE):
            reason = _("An error stopped the generation: %(error)s") % {"error": f"{type(exc).__name__}: {exc}"}
        gave_up = report_attempt_failed(
            report_id=report_id, reason=reason, final=self.request.retries >= self.max_retries,
        )
        if not gave_up:
            raise self.retry(exc=exc, countdown=_backoff(self.request.retries)) from exc


def _backoff(retries: int) -> int:
    return min(60, 5 * 2**retries)


@shared_task(acks_late=True, soft_time_limit=60, time_limit=90, autoretry_for=(OSError,), max_retries=3,
             retry_backoff=True)
def notify_publication(report_id: int) -> int:
    """Email the funder's contacts that a report addressed to them is published."""
    report = Report.objects.for_list().filter(pk=report_id, published_at__isnull=False).first()
    return send_publication_notice(report) if report else 0


@shared_task(soft_time_limit=120, time_limit=180)
def remind_report_due_dates() -> int:
    """Once a day: remind coordinators of the reports their funders' calendars say are due soon."""
    return send_due_reminders()
