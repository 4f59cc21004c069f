"""Erasing the personal data of seminars that may no longer be kept (the nightly task seminars.tasks
.erase_expired_personal_data, and `manage.py run_retention`)."""

import datetime as dt

from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Feedback, Registration, Seminar


def retention_run(*, now: dt.datetime | None = None) -> dict[str, int]:
    """Erase what may no longer be kept. Counts (sector, gender, organisation, attendance) survive.

    - dietary and accessibility needs: as soon as the seminar has ended;
    - name and email (and the consent, which needs an address): GRPORTAL_RETENTION_REGISTRATIONS_DAYS after it;
    - feedback comments: GRPORTAL_RETENTION_FEEDBACK_DAYS after the seminar (the rating stays);
    - the admin's action log names an anonymised registration "(anonymised)".
    Running it again changes nothing (make run calls it as `manage.py run_retention`, beat nightly).
    """
    now = now or timezone.now()
    ended = Seminar.objects.filter(ends_at__lte=now)
    needs = Registration.objects.filter(seminar__in=ended).exclude(dietary_needs="", accessibility_needs="") \
        .update(dietary_needs="", accessibility_needs="")
    ended.filter(needs_erased_at__isnull=True).update(needs_erased_at=now)

    registrations_cutoff = now - dt.timedelta(days=settings.GRPORTAL_RETENTION_REGISTRATIONS_DAYS)
    anonymised = Registration.objects.filter(seminar__ends_at__lte=registrations_cutoff, anonymised_at__isnull=True) \
        .update(name="", email="", consents_to_invitations=False, dietary_needs="", accessibility_needs="",
                anonymised_at=now)
    _erase_names_from_admin_log()

    feedback_cutoff = now - dt.timedelta(days=settings.GRPORTAL_RETENTION_FEEDBACK_DAYS)
    comments = Feedback.objects.filter(seminar__ends_at__lte=feedback_cutoff).exclude(comment="") \
        .update(comment="")
    return {"needs": needs, "anonymised": anonymised, "comments": comments}


def _erase_names_from_admin_log() -> None:
    """The admin's action log keeps each changed object's str(), the person's name: erase it with the name."""
    anonymised_ids = Registration.objects.filter(anonymised_at__isnull=False) \
        .annotate(pk_text=Cast("pk", CharField())).values("pk_text")
    label = _("(anonymised)")
    LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(Registration),
                            object_id__in=anonymised_ids).exclude(object_repr=label).update(object_repr=label)
