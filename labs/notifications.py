"""Nudges for occasional users: a friendly reminder to quiet lab leads, a weekly digest for coordinators.

And the notices of the review (issue 15): the project's coordinators hear of a submitted activity at once or in one
summary a day, as each chose (ReviewNotice; no row: at once); the lab lead hears of a returned one, with the reason.
"""

import datetime as dt

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone, translation

from grportal.mail import render_email
from projects.models import ProjectMembership

from .models import Activity, ActivityReturn, ActivitySubmission, DigestSubscription, Lab, LeadNudge, ReviewNotice


def quiet_weeks() -> int:
    return settings.LABS_NUDGE_AFTER_WEEKS


def nudge_quiet_leads(*, now: dt.datetime | None = None) -> int:
    """E-mail each lead of a lab where nothing was logged for the quiet period; at most once per period."""
    now = now or timezone.now()
    since = now - dt.timedelta(weeks=quiet_weeks())
    labs = Lab.objects.annotate(last_logged=Max("activities__created_at")).prefetch_related("leads")
    sent = 0
    for lab in labs:
        if lab.last_logged and lab.last_logged >= since:
            continue
        for lead in lab.leads.all():
            if not lead.is_active or LeadNudge.objects.filter(lab=lab, user=lead, sent_at__gte=since).exists():
                continue
            with transaction.atomic():
                LeadNudge.objects.create(lab=lab, user=lead, sent_at=now)
                _send(lead, "labs/email/nudge", {
                    "lab": lab, "lead": lead, "weeks": quiet_weeks(),
                    "url": settings.SITE_URL + reverse("labs:activity_new", args=[lab.pk]),
                })
            sent += 1
    return sent


def send_weekly_digests(*, now: dt.datetime | None = None) -> int:
    """E-mail each subscribed coordinator what was logged in their projects' labs in the past week."""
    now = now or timezone.now()
    sent = 0
    for subscription in DigestSubscription.objects.select_related("user"):
        user = subscription.user
        since = max(subscription.last_sent_at or now - dt.timedelta(days=7), now - dt.timedelta(days=7))
        projects = ProjectMembership.objects.filter(user=user, role=ProjectMembership.Role.COORDINATOR).values(
            "project_id")
        activities = list(Activity.objects.filter(lab__project_id__in=projects, created_at__gte=since)
                          .select_related("lab").order_by("lab__name", "date"))
        subscription.last_sent_at = now
        subscription.save(update_fields=["last_sent_at"])
        if not activities or not user.is_active:
            continue
        _send(user, "labs/email/digest", {
            "user": user, "activities": activities, "url": settings.SITE_URL + reverse("labs:activity_log"),
        })
        sent += 1
    return sent


def _send(user, template: str, context: dict) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        subject, body = render_email(template, context)
    send_mail(subject=subject, message=body, from_email=None, recipient_list=[user.email])


def digest_subscribe(*, user, subscribe: bool) -> None:
    if subscribe:
        DigestSubscription.objects.get_or_create(user=user)
    else:
        DigestSubscription.objects.filter(user=user).delete()



# --- The review: submitted and returned activities (issue 15) -------------------------------------------------------

DAILY_DIGEST_LONGEST = dt.timedelta(days=7)  # a summary after days without a beat covers a week at most


def _coordinators(project_id: int):
    """The project's active coordinators (users)."""
    return (ProjectMembership.objects.filter(project_id=project_id, role=ProjectMembership.Role.COORDINATOR,
                                             user__is_active=True)
            .select_related("user").order_by("user__email"))


def _urls(**more) -> dict:
    return {"account_url": settings.SITE_URL + reverse("my_account"), **more}


def review_url(activity: Activity | None = None) -> str:
    """Where a coordinator reviews what was submitted: the review inbox (at the activity, when one is named)."""
    return settings.SITE_URL + reverse("labs:review") + (f"#activity-{activity.pk}" if activity else "")


def send_submission_notice(submission_id: int) -> int:
    """Email each of the project's coordinators who wants to hear at once (the default) that an activity was
    submitted, except the one who submitted it. Once per submission: a task delivered twice finds it notified.
    Returns the number of emails."""
    with transaction.atomic():
        submission = (ActivitySubmission.objects.select_for_update()
                      .filter(pk=submission_id, notified_at__isnull=True).first())
        if submission is None:
            return 0
        activity = Activity.objects.select_related("lab__project").get(pk=submission.activity_id)
        sent = 0
        if activity.status == Activity.Status.SUBMITTED:  # not already approved or returned by someone else
            elsewhere = ReviewNotice.objects.exclude(frequency=ReviewNotice.Frequency.IMMEDIATE).values("user_id")
            memberships = _coordinators(activity.lab.project_id).exclude(user_id__in=elsewhere)
            if submission.submitted_by_id:
                memberships = memberships.exclude(user_id=submission.submitted_by_id)
            for membership in memberships:
                _send(membership.user, "labs/email/submitted", _urls(
                    user=membership.user, activity=activity, lab=activity.lab, project=activity.lab.project,
                    submitted_by=submission.submitted_by, url=review_url(activity)))
                sent += 1
        submission.notified_at = timezone.now()
        submission.save(update_fields=["notified_at"])
    return sent


def send_daily_submission_digests(*, now: dt.datetime | None = None) -> int:
    """Email each coordinator who chose one summary a day the activities submitted in their projects' labs since
    the last one that still wait for review (none: no email). Returns the number of emails."""
    now = now or timezone.now()
    sent = 0
    for notice_id in ReviewNotice.objects.filter(frequency=ReviewNotice.Frequency.DAILY).values_list("pk", flat=True):
        with transaction.atomic():
            notice = (ReviewNotice.objects.select_for_update().select_related("user")
                      .filter(pk=notice_id, frequency=ReviewNotice.Frequency.DAILY).first())
            if notice is None or (notice.last_digest_at and notice.last_digest_at >= now):
                continue
            user = notice.user
            since = max(notice.last_digest_at or now - dt.timedelta(days=1), now - DAILY_DIGEST_LONGEST)
            projects = ProjectMembership.objects.filter(user=user, role=ProjectMembership.Role.COORDINATOR).values(
                "project_id")
            submitted = (ActivitySubmission.objects.filter(activity__lab__project_id__in=projects,
                                                           submitted_at__gt=since, submitted_at__lte=now)
                         .exclude(submitted_by=user).values("activity_id"))
            activities = list(Activity.objects.filter(pk__in=submitted, status=Activity.Status.SUBMITTED)
                              .select_related("lab__project").order_by("lab__project__title", "lab__name", "date"))
            notice.last_digest_at = now
            notice.save(update_fields=["last_digest_at"])
            if not activities or not user.is_active:
                continue
            _send(user, "labs/email/submitted_daily", _urls(user=user, activities=activities,
                                                            url=review_url()))
            sent += 1
    return sent


def return_notice_recipients(activity: Activity) -> list:
    """Who hears that an activity was returned: the lead who logged it, while they still lead the lab; otherwise
    (logged by a coordinator, or by a lead who has left) every active lead of the lab."""
    leads = list(activity.lab.leads.filter(is_active=True).order_by("email"))
    creator = next((lead for lead in leads if lead.pk == activity.created_by_id), None)
    return [creator] if creator else leads


def send_return_notice(return_id: int) -> int:
    """Email the lab lead that the coordinator returned an activity, with the reason and a link to correct it. Once
    per return: the return is claimed (locked, notified_at set) in the transaction that stores the emails in the
    outbox, so a task delivered twice, or queued twice, finds it notified and sends nothing. Returns the number of
    emails."""
    with transaction.atomic():
        returned = (ActivityReturn.objects.select_for_update()
                    .filter(pk=return_id, notified_at__isnull=True).first())
        if returned is None:
            return 0
        activity = Activity.objects.select_related("lab__project").get(pk=returned.activity_id)
        sent = _send_return_emails(activity, returned.reason)
        returned.notified_at = timezone.now()
        returned.save(update_fields=["notified_at"])
    return sent


def send_unrecorded_return_notice(activity_id: int, reason: str) -> int:
    """The return notice of a task queued before returns were recorded (labs.tasks.notify_activity_returned): the
    return is recorded now, already notified, so a second delivery finds it and sends nothing. A return recorded
    with the same reason means the lead hears of it through that one. Returns the number of emails."""
    with transaction.atomic():
        activity = Activity.objects.select_for_update().select_related("lab__project").filter(pk=activity_id).first()
        if activity is None or activity.returns.filter(reason=reason).exists():
            return 0
        now = timezone.now()
        ActivityReturn.objects.create(activity=activity, reason=reason, returned_at=now, notified_at=now)
        return _send_return_emails(activity, reason)


def _send_return_emails(activity: Activity, reason: str) -> int:
    recipients = return_notice_recipients(activity)
    for lead in recipients:
        _send(lead, "labs/email/returned", _urls(
            user=lead, activity=activity, lab=activity.lab, reason=reason,
            url=settings.SITE_URL + reverse("labs:activity_edit", args=[activity.pk])))
    return len(recipients)


def review_notice_frequency(user) -> str:
    """How the person hears of submitted activities (ReviewNotice.Frequency; no row: immediately)."""
    notice = ReviewNotice.objects.filter(user=user).first()
    return notice.frequency if notice else ReviewNotice.Frequency.IMMEDIATE


def review_notice_set(*, user, frequency: str) -> ReviewNotice:
    """Choose how to hear of submitted activities. A daily summary chosen now starts now (what was already
    emailed at once is not summarised again)."""
    with transaction.atomic():
        notice, _created = ReviewNotice.objects.select_for_update().get_or_create(user=user)
        if frequency == ReviewNotice.Frequency.DAILY and notice.frequency != frequency:
            notice.last_digest_at = timezone.now()
        notice.frequency = frequency
        notice.full_clean()
        notice.save()
    return notice
