"""Emails about reports: the funder's contacts when a report is published, coordinators before a due date.

Contacts with an account get a link to the report in the portal (the permission rule decides there); those
without one get a signed link that expires after settings.REPORT_LINK_VALID_DAYS (GRPORTAL_REPORT_LINK_VALID_DAYS).
"""

import datetime as dt
import logging

from django.conf import settings
from django.core import signing
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import timezone, translation

from grportal.mail import render_email
from projects.models import ProjectMembership

from .models import Report, ReportDueDate, ReportRecipient

log = logging.getLogger(__name__)

LINK_SALT = "reports.shared-link"


def shared_link_token(report: Report, email: str) -> str:
    return signing.dumps({"r": report.pk, "e": email.lower()}, salt=LINK_SALT, compress=True)


def report_for_token(token: str) -> Report | None:
    """The published report a signed link points at, or None when the link is forged, expired or withdrawn."""
    try:
        data = signing.loads(token, salt=LINK_SALT, max_age=dt.timedelta(days=settings.REPORT_LINK_VALID_DAYS))
    except signing.BadSignature:  # includes SignatureExpired
        return None
    report = Report.objects.for_list().filter(pk=data.get("r")).first()
    if report is None or report.published_at is None or report.status != Report.Status.DONE:
        return None
    # The link was made for one of the funder's contacts; one removed since then loses it.
    if not ReportRecipient.objects.filter(project=report.project, organisation=report.addressed_to,
                                          email__iexact=data.get("e", "")).exists():
        return None
    return report


def send_publication_notice(report: Report) -> int:
    """Email the addressee's contacts on the project; returns the number of emails sent."""
    if report.addressed_to_id is None:
        return 0
    sent = 0
    accounts = (ProjectMembership.objects.filter(project=report.project, role=ProjectMembership.Role.FUNDER_CONTACT,
                                                 user__organisation=report.addressed_to, user__is_active=True)
                .select_related("user"))
    with translation.override(settings.LANGUAGE_CODE):
        for membership in accounts:
            url = settings.SITE_URL + reverse("reports:detail", args=[report.pk])
            sent += _send(report, membership.user.email, url=url, with_account=True)
        account_emails = {m.user.email.lower() for m in accounts}
        for recipient in ReportRecipient.objects.filter(project=report.project, organisation=report.addressed_to):
            if recipient.email.lower() in account_emails:
                continue
            url = settings.SITE_URL + reverse("reports:shared", args=[shared_link_token(report, recipient.email)])
            sent += _send(report, recipient.email, url=url, with_account=False)
    return sent


def _send(report, email, *, url, with_account) -> int:
    context = {"report": report, "url": url, "with_account": with_account, "days": settings.REPORT_LINK_VALID_DAYS}
    subject, body = render_email("reports/email/published", context)
    return send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [email])


def send_due_reminders(*, today: dt.date | None = None) -> int:
    """Remind each project's coordinators once of every report due within the reminder window that has not
    been published yet. Returns the number of due dates reminded of."""
    today = today or timezone.localdate()
    window = today + dt.timedelta(days=settings.REPORT_REMIND_DAYS_BEFORE)
    due = ReportDueDate.objects.filter(due_date__gte=today, due_date__lte=window, reminded_on__isnull=True
                                       ).select_related("project")
    reminded = 0
    for item in due:
        published = Report.objects.filter(project=item.project, report_type=item.report_type,
                                          period_end__gte=item.period_end, published_at__isnull=False).exists()
        if published:
            continue
        emails = list(ProjectMembership.objects.filter(project=item.project,
                                                       role=ProjectMembership.Role.COORDINATOR,
                                                       user__is_active=True).values_list("user__email", flat=True))
        if emails:
            with translation.override(settings.LANGUAGE_CODE):
                context = {"due": item, "url": settings.SITE_URL + reverse("reports:project", args=[item.project_id])}
                subject, body = render_email("reports/email/due", context)
                send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, emails)
        ReportDueDate.objects.filter(pk=item.pk).update(reminded_on=today)
        reminded += 1
    return reminded
