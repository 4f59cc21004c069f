"""The publication email goes out whatever the project's title holds, and its signed link lasts
settings.REPORT_LINK_VALID_DAYS (GRPORTAL_REPORT_LINK_VALID_DAYS)."""

import datetime as dt
import re

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from reports.models import ReportRecipient
from reports.tasks import notify_publication
from reports.tests.factories import ReportFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(world, monkeypatch):
    # The worker's part, in-process: the notice task runs when publishing commits.
    monkeypatch.setattr(notify_publication, "delay", lambda report_id: notify_publication.apply(args=[report_id]))
    ReportRecipient.objects.create(project=world.project, organisation=world.project.funder, name="Hanna",
                                   email="hanna@example.se")
    return ReportFactory(project=world.project, done=True, report_type="vinnova_progress")


def publish(client, world, report, django_capture_on_commit_callbacks):
    client.force_login(world.coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reports:publish", args=[report.pk]), follow=True)
    client.logout()
    return response


def test_a_line_break_in_the_project_title_does_not_stop_the_publication_email(
    client, world, report, django_capture_on_commit_callbacks,
):
    world.project.title = "Social innovation\r\ni samhällsplanering"
    world.project.save()

    response = publish(client, world, report, django_capture_on_commit_callbacks)

    assert "Finansiärens kontaktpersoner får besked via e-post." in response.content.decode()
    assert sorted(m.to[0] for m in mail.outbox) == sorted([world.funder.email, "hanna@example.se"])
    for message in mail.outbox:
        assert message.subject.endswith("från Social innovation i samhällsplanering"), message.subject
        assert message.message()["Subject"]  # the message can be built, header and all


def test_the_signed_link_works_for_the_days_set_and_then_stops(client, world, report, settings,
                                                               django_capture_on_commit_callbacks):
    settings.REPORT_LINK_VALID_DAYS = 5
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC), tick=False) as traveller:
        publish(client, world, report, django_capture_on_commit_callbacks)
        (email,) = [m for m in mail.outbox if m.to == ["hanna@example.se"]]
        assert "Länken fungerar i 5 dagar" in email.body
        link = re.search(r"https?://\S+/rapporter/delad/\S+/", email.body).group(0)
        path = "/" + link.split("://", 1)[1].split("/", 1)[1]

        traveller.shift(dt.timedelta(days=5) - dt.timedelta(minutes=1))
        assert client.get(path).status_code == 200
        traveller.shift(dt.timedelta(minutes=2))
        assert client.get(path).status_code == 404
