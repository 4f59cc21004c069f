"""Nudges for occasional users: a friendly reminder to quiet lab leads, a weekly digest for coordinators."""

import datetime as dt

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone, translation

from grportal.mail import render_email
from projects.models import ProjectMembership

from .models import Activity, DigestSubscription, Lab, LeadNudge


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



