"""Writes for funder reports: ask for one, render it exactly once, record why it failed."""

import hashlib
import json
import logging
import uuid
import zlib
from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from grportal.locking import claim_version
from grportal.queueing import enqueue_on_commit, try_enqueue

from .content import build_content
from .models import MemberGender, Report, ReportDraft
from .registry import addressee_for, get_report_type

log = logging.getLogger(__name__)

# First key of the PostgreSQL advisory lock a worker holds while it renders a report.
RENDER_LOCK_NAMESPACE = zlib.crc32(b"reports.render") & 0x7FFFFFFF


class ReportBusy(Exception):
    """Another session holds the render lock of a report that has been running for longer than it should."""


def report_request(
    *, project, requested_by, period_start, period_end, report_type="vinnova_progress", draft=None,
    idempotency_key=None,
) -> tuple[Report, bool]:
    """Ask for a report; the same idempotency key returns the existing request instead of a second one.

    With a draft, its texts are copied in as they are now; a new request for the same type and period is a
    new version, the earlier ones stay as they are. A new report that the task queue would not take is marked
    failed with the reason and has ``queue_failed`` set once the transaction commits.
    """
    key = idempotency_key or uuid.uuid4()
    existing = Report.objects.filter(idempotency_key=key).first()
    if existing is not None:
        return existing, False
    spec = get_report_type(report_type)
    if spec is None:
        raise ValidationError({"report_type": _("Choose a report type.")})
    texts = {name: getattr(draft, name) for name in spec.text_fields()} if draft is not None else {}
    previous = Report.objects.filter(project=project, report_type=report_type, period_start=period_start,
                                     period_end=period_end).count()
    report = Report(
        project=project, requested_by=requested_by, kind=spec.kind, report_type=report_type,
        period_start=period_start, period_end=period_end, addressed_to=addressee_for(project, spec),
        idempotency_key=key, draft=draft, texts=texts, version_number=previous + 1, heartbeat_at=timezone.now(),
    )
    # Uniqueness of the key is the database's job (below), so a race ends in the existing report, not an error.
    report.full_clean(validate_unique=False)
    try:
        with transaction.atomic():
            report.save()
            # Queued only once the row is committed, so the worker never looks for a report it cannot see.
            transaction.on_commit(lambda: setattr(report, "queue_failed", not _queue_render(report.pk)))
    except IntegrityError:
        existing = Report.objects.filter(idempotency_key=key).first()
        if existing is None:
            raise
        return existing, False
    return report, True


def _queue_render(report_id: int) -> bool:
    from .tasks import render_report

    error = try_enqueue(render_report, report_id)
    if error is None:
        return True
    with translation.override(settings.LANGUAGE_CODE):
        reason = _("The report could not be queued (the task queue did not answer): %(error)s") % {
            "error": f"{type(error).__name__}: {error}"}
    report_fail(report_id=report_id, reason=reason)
    return False


class RenderedPdf(bytes):
    """The PDF's bytes, knowing how many pages it has."""

    pages: int | None = None


def generator_name() -> str:
    import weasyprint

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
    from weasyprint import HTML

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


def report_render(*, report_id: int) -> Report:
    """Render and store the PDF once.

    A finished or failed report is left alone, one being rendered by a live worker is skipped, and one
    left "running" by a worker that died is rendered again (that is the redelivered task's job).
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


def report_restart(*, report_id: int) -> Report:
    """Queue again a report whose generation stopped (Report.is_stopped: its worker was killed, or no worker took
    it); a report that is finished, failed or still being worked on is left as it is.

    The same report, texts and version number; its attempts so far still count, so a report that kills its worker
    each time fails after GRPORTAL_REPORT_MAX_ATTEMPTS with the reason. Should the broker also hand the first task
    back later, rendering stays once-only (the render lock, and a finished report is never rendered again).
    ``queue_failed`` is set once the transaction commits if the task queue would not take it.
    """
    with transaction.atomic():
        report = Report.objects.select_for_update().get(pk=report_id)
        if not report.is_stopped:
            return report
        report.status = Report.Status.QUEUED
        report.heartbeat_at = timezone.now()
        report.save(update_fields=["status", "heartbeat_at"])
        transaction.on_commit(lambda: setattr(report, "queue_failed", not _queue_render(report.pk)))
    report.restarted = True
    return report


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


# --- Drafts, publishing -----------------------------------------------------------------------------------------

def draft_create(*, project, report_type: str, period_start, period_end, user) -> ReportDraft:
    draft = ReportDraft(project=project, report_type=report_type, period_start=period_start, period_end=period_end,
                        updated_by=user)
    draft.full_clean()
    draft.save()
    return draft


def draft_update(*, draft: ReportDraft, expected_version: int | None, texts: dict, genders: dict,
                 user) -> ReportDraft:
    """Save the coordinator's texts and the stated genders; StaleEdit if the draft changed since
    `expected_version` (grportal.locking)."""
    with transaction.atomic():
        for name, value in texts.items():
            setattr(draft, name, value)
        draft.updated_by = user
        draft.full_clean()
        claim_version(draft, expected_version)
        draft.save()
        for member, gender in genders.items():
            if gender:
                MemberGender.objects.update_or_create(member=member, defaults={"gender": gender})
            else:
                MemberGender.objects.filter(member=member).delete()
    return draft


class NotPublishable(Exception):
    pass


def report_publish(*, report: Report, user) -> Report:
    """Freeze a finished report (its stored PDF and JSON snapshot) and tell the funder's contacts."""
    with transaction.atomic():
        report = Report.objects.select_for_update().get(pk=report.pk)
        if report.status != Report.Status.DONE or not report.file:
            raise NotPublishable(_("Only a finished report can be published."))
        if report.published_at is not None:
            return report
        report.published_at = timezone.now()
        report.published_by = user
        report.save(update_fields=["published_at", "published_by"])
        # The report is published either way; a notice the broker refuses is logged (an admin can resend it).
        from .tasks import notify_publication

        enqueue_on_commit(notify_publication, report.pk)
    return report
