"""Rendering a funder report exactly once, and recording why it failed: what the render task (reports.tasks) runs.

This module queues nothing and imports no task; reports.services asks for reports and queues the task.
"""

import hashlib
import json
import logging
import time
import zlib
from collections.abc import Iterator
from contextlib import contextmanager

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DatabaseError, connection, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .content import build_content
from .models import Report

log = logging.getLogger(__name__)


# First key of the PostgreSQL advisory lock a worker holds while it renders a report.
RENDER_LOCK_NAMESPACE = zlib.crc32(b"reports.render") & 0x7FFFFFFF


class ReportBusy(Exception):
    """Another session holds the render lock of a report that has been running for longer than it should."""


class RenderedPdf(bytes):
    """The PDF's bytes, knowing how many pages it has."""

    pages: int | None = None


def generator_name() -> str:
    import weasyprint  # heavy (Pango, fonts): loaded only where a PDF is made, not by every web process

    return f"GR Portal, WeasyPrint {weasyprint.__version__}"


def report_content(report: Report) -> dict:
    """The report's sections with their data as of now (the texts as they were when it was requested)."""
    with translation.override(settings.LANGUAGE_CODE):
        return build_content(report_type_key=report.report_type, project=report.project,
                             period_start=report.period_start, period_end=report.period_end, texts=report.texts,
                             addressee=report.addressed_to.name if report.addressed_to_id else "")


def render_html(content: dict, *, report: Report | None = None) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return render_to_string("reports/pdf/report.html", {
            "content": content, "generator": generator_name(),
            "addressed_to": report.addressed_to if report else None,
            "version_label": f"{report.version_number}" if report else "",
        })


def render_pdf(report: Report, content: dict | None = None) -> bytes:
    from weasyprint import HTML  # heavy (Pango, fonts): loaded only where a PDF is made

    content = content if content is not None else report_content(report)
    document = HTML(string=render_html(content, report=report), base_url=str(settings.BASE_DIR)).render()
    # PDF/UA: tagged, with language and title, as the accessibility law asks of published documents.
    pdf = RenderedPdf(document.write_pdf(pdf_variant="pdf/ua-1"))
    pdf.pages = len(document.pages)
    return pdf


def snapshot(content: dict) -> dict:
    """The content as JSON (Decimals and dates as strings), frozen with the PDF."""
    return json.loads(json.dumps(content, cls=DjangoJSONEncoder))


def render_lock_key(report_id: int) -> tuple[int, int]:
    return RENDER_LOCK_NAMESPACE, report_id & 0x7FFFFFFF


@contextmanager
def _render_lock(report_id: int) -> Iterator[bool]:
    """Hold a PostgreSQL session advisory lock on one report while it renders; yields whether we got it.

    Unlike a status flag the lock dies with its holder: a worker killed mid-render loses its connection
    and the lock with it, so the redelivered task renders at once, while a second live worker is turned
    away. It is only tried, never waited for, so it cannot deadlock. SQLite runs tasks in-process.
    """
    if connection.vendor != "postgresql":
        yield True
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", render_lock_key(report_id))
        locked = cursor.fetchone()[0]
    try:
        yield locked
    finally:
        if locked:
            try:
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_advisory_unlock(%s, %s)", render_lock_key(report_id))
            except DatabaseError:
                # Closing the session is the one sure way to let go of its locks.
                log.warning("Could not release the render lock of report %s; closing the connection", report_id)
                connection.close()


def report_render(*, report_id: int, finish_by: float | None = None) -> Report:
    """Render and store the PDF once.

    A finished or failed report is left alone, one being rendered by a live worker is skipped, and one
    left "running" by a worker that died is rendered again (that is the redelivered task's job).

    ``finish_by`` (a ``time.monotonic()`` value: the task's soft time limit) is checked once the PDF is rendered:
    Celery's soft limit is an exception raised wherever the render happens to be, and a library that catches
    every exception (WeasyPrint loading a font or an image) can swallow it and go on. A render past the limit then
    still fails with the limit's reason instead of finishing late, whichever way it ran.
    """
    with _render_lock(report_id) as locked:
        if not locked:
            report = Report.objects.get(pk=report_id)
            stale_before = timezone.now() - settings.REPORT_STALE_AFTER
            if report.status == Report.Status.RUNNING and report.started_at and report.started_at < stale_before:
                # The holder should have finished or died long ago (e.g. a half-open connection): try later.
                raise ReportBusy(f"Report {report_id} has been locked by another worker since {report.started_at}")
            return report

        with transaction.atomic():
            report = Report.objects.select_for_update().select_related("project").get(pk=report_id)
            if report.status in (Report.Status.DONE, Report.Status.FAILED):
                return report
            if report.attempts >= settings.REPORT_RENDER_MAX_ATTEMPTS:
                # Every attempt so far ended with its worker gone (killed, out of memory, over the time limit):
                # stop the message coming back for ever.
                with translation.override(settings.LANGUAGE_CODE):
                    reason = _("Gave up after %(n)s attempts: the worker generating the report stopped during each "
                               "(it may have run out of memory or time). Ask the administrator to look at the "
                               "worker's log.") % {"n": report.attempts}
                _mark_failed(report, reason)
                return report
            report.status = Report.Status.RUNNING
            report.started_at = report.heartbeat_at = timezone.now()
            report.attempts += 1
            report.save(update_fields=["status", "started_at", "heartbeat_at", "attempts"])

        content = report_content(report)
        _heartbeat(report_id)  # the data is read; WeasyPrint takes the rest of the time
        pdf = render_pdf(report, content)
        if finish_by is not None and time.monotonic() > finish_by:
            raise SoftTimeLimitExceeded("the render ran past the soft time limit")

        with transaction.atomic():
            report = Report.objects.select_for_update().select_related("project").get(pk=report_id)
            if report.status in (Report.Status.DONE, Report.Status.FAILED):
                return report
            report.file.save(report.download_name(), ContentFile(pdf), save=False)
            report.sha256 = hashlib.sha256(pdf).hexdigest()
            report.size = len(pdf)
            report.pages = getattr(pdf, "pages", None)
            report.content_snapshot = snapshot(content)
            report.data_as_of = content["data_as_of"]
            report.generator = generator_name()
            report.status = Report.Status.DONE
            report.failure_reason = ""
            report.finished_at = timezone.now()
            report.save(update_fields=["file", "sha256", "size", "pages", "content_snapshot", "data_as_of",
                                       "generator", "status", "failure_reason", "finished_at"])
    return report


def report_attempt_failed(*, report_id: int, reason: str, final: bool = False) -> bool:
    """Record a failed render; once the attempts are used up (or `final`) the report fails. True when given up."""
    with transaction.atomic():
        report = Report.objects.select_for_update().filter(pk=report_id).first()
        if report is None or report.status in (Report.Status.DONE, Report.Status.FAILED):
            return True
        if final or report.attempts >= settings.REPORT_RENDER_MAX_ATTEMPTS:
            _mark_failed(report, reason)
            return True
        # Back in the queue until the retry; the last error stays for the admin to see.
        report.status = Report.Status.QUEUED
        report.failure_reason = reason[:2000]
        report.heartbeat_at = timezone.now()
        report.save(update_fields=["status", "failure_reason", "heartbeat_at"])
        return False


def _heartbeat(report_id: int) -> None:
    """A sign of life from the render at work (see Report.is_stopped)."""
    Report.objects.filter(pk=report_id, status=Report.Status.RUNNING).update(heartbeat_at=timezone.now())


def report_fail(*, report_id: int, reason: str) -> None:
    """Mark an unfinished report failed with the reason."""
    Report.objects.filter(pk=report_id).exclude(status=Report.Status.DONE).update(
        status=Report.Status.FAILED, failure_reason=reason[:2000], finished_at=timezone.now()
    )


def _mark_failed(report: Report, reason: str) -> None:
    report.status = Report.Status.FAILED
    report.failure_reason = reason[:2000]
    report.finished_at = timezone.now()
    report.save(update_fields=["status", "failure_reason", "finished_at"])
