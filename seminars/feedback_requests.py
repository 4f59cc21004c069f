"""The feedback emails after a seminar: whom they go to, and sending them (the body of the task
seminars.tasks.send_feedback_requests; seminars.services.feedback_request queues it)."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.urls import reverse
from django.utils import translation

from grportal.mail import render_email

from .models import Seminar
from .tokens import FEEDBACK_SALT, make_token


def feedback_recipients(seminar):
    return seminar.registrations.seated().filter(attended_at__isnull=False, feedback_given=False) \
        .exclude(email="")


def feedback_send_requests(*, seminar_id: int) -> int:
    """Send the feedback emails (the Celery task's body)."""
    seminar = Seminar.objects.select_related("series").get(pk=seminar_id)
    sent = 0
    for registration in feedback_recipients(seminar):
        registration.seminar = seminar
        context = {"registration": registration, "seminar": seminar,
                   "feedback_url": settings.SITE_URL + reverse("seminars:feedback",
                                                               args=[make_token(registration, FEEDBACK_SALT)])}
        with translation.override(settings.LANGUAGE_CODE):
            subject, body = render_email("seminars/email/feedback", context)
        EmailMessage(subject=subject, body=body, to=[registration.email]).send(fail_silently=False)
        sent += 1
    return sent
