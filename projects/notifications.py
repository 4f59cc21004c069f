"""Reminders of application deadlines and milestones (issue 15): the project's coordinators are emailed once,
settings.DEADLINE_REMIND_DAYS_BEFORE (GRPORTAL_DEADLINE_REMIND_DAYS_BEFORE) days before the date at the latest.

A daily beat task (projects.tasks.remind_deadlines) runs send_deadline_reminders. Each item and date is reminded
of once (SentReminder, written in the same transaction as the emails, which go to the outbox); a date moved since
is a new date and is reminded of again. A person who turned reminders off under "Mitt konto" (ReminderOptOut)
gets none.
"""

import datetime as dt

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation

from grportal.mail import render_email

from .models import FundingApplication, Milestone, ProjectMembership, ReminderOptOut, SentReminder


def reminder_recipients(project_id: int) -> list:
    """The project's active coordinators who have not turned reminders off (users)."""
    opted_out = ReminderOptOut.objects.values("user_id")
    memberships = (ProjectMembership.objects.filter(project_id=project_id, role=ProjectMembership.Role.COORDINATOR,
                                                    user__is_active=True)
                   .exclude(user_id__in=opted_out).select_related("user").order_by("user__email"))
    return [membership.user for membership in memberships]


def due_applications(today: dt.date, until: dt.date):
    """Applications still to be sent in (planned) whose deadline is between today and `until`."""
    return (FundingApplication.objects.filter(status=FundingApplication.Status.PLANNED, deadline__gte=today,
                                              deadline__lte=until)
            .select_related("project", "funder").order_by("deadline", "pk"))


def due_milestones(today: dt.date, until: dt.date):
    """Milestones and deliverables not done whose date is between today and `until`."""
    return (Milestone.objects.filter(done=False, due_date__gte=today, due_date__lte=until)
            .select_related("work_package__project").order_by("due_date", "pk"))


def send_deadline_reminders(*, today: dt.date | None = None) -> int:
    """Remind the coordinators of each application deadline and milestone within the window, once per item and
    date. Returns the number of items reminded of."""
    today = today or timezone.localdate()
    until = today + dt.timedelta(days=settings.DEADLINE_REMIND_DAYS_BEFORE)
    reminded = 0
    for application in due_applications(today, until):
        project = application.project
        reminded += _remind(project, "projects/email/application_deadline",
                            {"application": application, "date": application.deadline},
                            record={"application": application, "due_date": application.deadline},
                            anchor=f"application-{application.pk}", today=today)
    for milestone in due_milestones(today, until):
        project = milestone.work_package.project
        reminded += _remind(project, "projects/email/milestone_due",
                            {"milestone": milestone, "work_package": milestone.work_package,
                             "date": milestone.due_date},
                            record={"milestone": milestone, "due_date": milestone.due_date},
                            anchor=f"milestone-{milestone.pk}", today=today)
    return reminded


def _remind(project, template: str, context: dict, *, record: dict, anchor: str, today: dt.date) -> int:
    """Email the project's coordinators about one item and record it, unless it was already reminded of for this
    date; 1 when reminded now. Nobody to remind (no coordinator, or all turned reminders off): nothing recorded,
    so someone who turns them back on before the date still hears of it."""
    if SentReminder.objects.filter(**record).exists():
        return 0
    recipients = reminder_recipients(project.pk)
    if not recipients:
        return 0
    try:
        with transaction.atomic():
            SentReminder.objects.create(recipients=len(recipients), **record)  # a second run at once: IntegrityError
            url = settings.SITE_URL + reverse("projects:detail", args=[project.pk]) + f"#{anchor}"
            account_url = settings.SITE_URL + reverse("my_account")
            days = (record["due_date"] - today).days
            for user in recipients:
                with translation.override(settings.LANGUAGE_CODE):
                    subject, body = render_email(template, {
                        **context, "project": project, "user": user, "days": days, "url": url,
                        "account_url": account_url})
                send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
    except IntegrityError:
        return 0  # another run recorded it first; its emails are the ones that go out
    return 1


def deadline_reminders_on(user) -> bool:
    return not ReminderOptOut.objects.filter(user=user).exists()


def deadline_reminders_set(*, user, on: bool) -> None:
    """Turn the person's reminders of application deadlines and milestones on or off."""
    if on:
        ReminderOptOut.objects.filter(user=user).delete()
    else:
        ReminderOptOut.objects.get_or_create(user=user)
