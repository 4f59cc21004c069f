"""Writes for funder reports: ask for one and queue its render, restart a stopped one, drafts, publishing.

Rendering it exactly once, and recording why it failed, is reports.rendering, which the render task runs.
"""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from grportal.locking import claim_version
from grportal.queueing import enqueue_on_commit, try_enqueue

from .models import MemberGender, Report, ReportDraft
from .registry import addressee_for, get_report_type
from .rendering import report_fail
from .tasks import notify_publication, render_report


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
    error = try_enqueue(render_report, report_id)
    if error is None:
        return True
    with translation.override(settings.LANGUAGE_CODE):
        reason = _("The report could not be queued (the task queue did not answer): %(error)s") % {
            "error": f"{type(error).__name__}: {error}"}
    report_fail(report_id=report_id, reason=reason)
    return False


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
        enqueue_on_commit(notify_publication, report.pk)
    return report
