"""Emails: the funder's contacts when a report is published, coordinators before a due date."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.urls import reverse

from reports.models import Report, ReportDueDate, ReportRecipient
from reports.notifications import send_due_reminders, shared_link_token
from reports.services import report_publish
from reports.tasks import notify_publication, remind_report_due_dates
from reports.tests.factories import ReportFactory


@pytest.fixture
def published(world, django_capture_on_commit_callbacks, monkeypatch):
    # The worker's part, in-process: the notice task runs when publishing commits.
    monkeypatch.setattr(notify_publication, "delay", lambda report_id: notify_publication.apply(args=[report_id]))
    report = ReportFactory(project=world.project, done=True, report_type="vinnova_progress")
    ReportRecipient.objects.create(project=world.project, organisation=world.project.funder, name="Hanna",
                                   email="hanna@example.se")
    with django_capture_on_commit_callbacks(execute=True):
        report_publish(report=report, user=world.coordinator)
    return report


def test_publishing_emails_the_funder_contacts_a_portal_link_or_a_signed_link(published, world, client):
    assert len(mail.outbox) == 2
    by_to = {m.to[0]: m for m in mail.outbox}
    with_account = by_to[world.funder.email]
    assert reverse("reports:detail", args=[published.pk]) in with_account.body
    without = by_to["hanna@example.se"]
    link = re.search(r"https?://\S+/rapporter/delad/\S+/", without.body).group(0)
    path = link.split("://", 1)[1].split("/", 1)[1]

    response = client.get("/" + path)  # not logged in

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"


def test_a_signed_link_stops_working_when_it_expires_is_altered_or_its_contact_is_removed(published, client, settings):
    token = shared_link_token(published, "hanna@example.se")
    url = reverse("reports:shared", args=[token])
    assert client.get(url).status_code == 200
    assert client.get(reverse("reports:shared", args=[token[:-2] + "xx"])).status_code == 404
    other = shared_link_token(published, "someone@example.se")  # a well-signed link for no contact of the funder
    assert client.get(reverse("reports:shared", args=[other])).status_code == 404

    settings.REPORT_LINK_VALID_DAYS = -1
    response = client.get(url)
    assert response.status_code == 404
    assert b"%PDF" not in response.content

    settings.REPORT_LINK_VALID_DAYS = 30
    ReportRecipient.objects.all().delete()
    assert client.get(url).status_code == 404


def test_a_signed_link_to_an_unpublished_report_does_not_work(world, client):
    report = ReportFactory(project=world.project, done=True)
    ReportRecipient.objects.create(project=world.project, organisation=world.project.funder, name="Hanna",
                                   email="hanna@example.se")
    token = shared_link_token(report, "hanna@example.se")
    assert client.get(reverse("reports:shared", args=[token])).status_code == 404


def test_the_notice_task_sends_nothing_for_an_unpublished_report(world):
    report = ReportFactory(project=world.project, done=True)
    assert notify_publication.apply(args=[report.pk]).get() == 0
    assert mail.outbox == []


def test_coordinators_are_reminded_once_of_a_report_due_soon(world):
    today = dt.date(2026, 11, 28)
    soon = ReportDueDate.objects.create(project=world.project, report_type="vinnova_progress",
                                        period_start=dt.date(2025, 12, 1), period_end=dt.date(2026, 11, 30),
                                        due_date=dt.date(2026, 12, 10))
    ReportDueDate.objects.create(project=world.project, report_type="vinnova_final", period_start=dt.date(2025, 1, 1),
                                 period_end=dt.date(2026, 12, 31), due_date=dt.date(2027, 2, 1))  # too far ahead

    assert send_due_reminders(today=today) == 1
    assert [m.to for m in mail.outbox] == [[world.coordinator.email]]
    assert "2026-12-10" in mail.outbox[0].subject
    soon.refresh_from_db()
    assert soon.reminded_on == today
    assert send_due_reminders(today=today) == 0  # not twice
    assert len(mail.outbox) == 1


def test_no_reminder_for_a_report_already_published(world):
    ReportDueDate.objects.create(project=world.project, report_type="vinnova_progress",
                                 period_start=dt.date(2025, 12, 1), period_end=dt.date(2026, 11, 30),
                                 due_date=dt.date(2026, 12, 10))
    ReportFactory(project=world.project, done=True, report_type="vinnova_progress", period_start=dt.date(2025, 12, 1),
                  period_end=dt.date(2026, 11, 30), published_at=dt.datetime(2026, 11, 20, tzinfo=dt.UTC))
    assert send_due_reminders(today=dt.date(2026, 11, 28)) == 0
    assert mail.outbox == []


def test_the_reminder_is_scheduled_with_celery_beat(db):
    from grportal.celery import app

    app.finalize()
    tasks = {entry["task"] for entry in app.conf.beat_schedule.values()}
    assert "reports.tasks.remind_report_due_dates" in tasks
    assert remind_report_due_dates.apply().get() == 0
    assert Report.objects.count() == 0
