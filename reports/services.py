import hashlib
import uuid

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from .content import report_context
from .models import Report


def report_request(
    *, project, requested_by, period_start, period_end, kind=Report.Kind.PROGRESS, idempotency_key=None,
) -> tuple[Report, bool]:
    """Ask for a report; the same idempotency key returns the existing request instead of a second one."""
    from .tasks import render_report

    key = idempotency_key or uuid.uuid4()
    with transaction.atomic():
        report, created = Report.objects.get_or_create(
            idempotency_key=key,
            defaults={
                "project": project, "requested_by": requested_by, "kind": kind,
                "period_start": period_start, "period_end": period_end, "addressed_to": project.funder,
            },
        )
        if created:
            report.full_clean()
            transaction.on_commit(lambda: render_report.delay(report.pk))
    return report, created


def render_pdf(report: Report) -> bytes:
    from weasyprint import HTML

    with translation.override(settings.LANGUAGE_CODE):
        html = render_to_string("reports/progress_report.html", {
            "report": report,
            **report_context(project=report.project, period_start=report.period_start, period_end=report.period_end),
        })
    # PDF/UA: tagged, with language and title, as the accessibility law asks of published documents.
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(pdf_variant="pdf/ua-1")


def report_render(*, report_id: int) -> Report:
    """Render and store the PDF once; a repeated or concurrent call for a finished report does nothing."""
    with transaction.atomic():
        report = Report.objects.select_for_update().select_related("project").get(pk=report_id)
        if report.status == Report.Status.DONE:
            return report
        report.status = Report.Status.RUNNING
        report.started_at = timezone.now()
        report.attempts += 1
        report.save(update_fields=["status", "started_at", "attempts"])

    pdf = render_pdf(report)

    with transaction.atomic():
        report = Report.objects.select_for_update().select_related("project").get(pk=report_id)
        if report.status == Report.Status.DONE:
            return report
        report.file.save(report.download_name(), ContentFile(pdf), save=False)
        report.sha256 = hashlib.sha256(pdf).hexdigest()
        report.size = len(pdf)
        report.status = Report.Status.DONE
        report.failure_reason = ""
        report.finished_at = timezone.now()
        report.save()
    return report


def report_fail(*, report_id: int, reason: str) -> None:
    Report.objects.filter(pk=report_id).exclude(status=Report.Status.DONE).update(
        status=Report.Status.FAILED, failure_reason=reason[:2000], finished_at=timezone.now()
    )
