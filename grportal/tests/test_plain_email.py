"""Plain-text emails show titles and names as written (no `&lt;`, `&quot;`, `&amp;`) and keep their subject on one
line (a header cannot hold a line break), whoever sends them (grportal.mail)."""

import datetime as dt
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.utils import timezone

from accounts.invitations import invitation_create
from grportal.mail import subject_line
from labs.models import DigestSubscription
from labs.notifications import nudge_quiet_leads, send_weekly_digests
from labs.tests.factories import ActivityFactory
from reports.models import ReportDueDate
from reports.notifications import send_due_reminders
from seminars.services import registration_create
from seminars.tests.factories import SeminarFactory

pytestmark = pytest.mark.django_db

WRITTEN = 'Bo & "Bygg" <Väst>'  # as a person typed it
TWO_LINES = WRITTEN + "\ni Ale"
ESCAPED = re.compile(r"&(lt|gt|quot|amp|#x?[0-9a-f]+);", re.IGNORECASE)


def assert_plain(message, expected: str = WRITTEN) -> None:
    assert "\n" not in message.subject and "\r" not in message.subject, message.subject
    assert not ESCAPED.search(message.subject), message.subject
    assert not ESCAPED.search(message.body), message.body
    assert expected in message.body, message.body


def test_subject_line_puts_any_line_breaks_and_runs_of_space_on_one_line():
    assert subject_line("Rapport från\r\nBo &  Bygg\n") == "Rapport från Bo & Bygg"
    assert subject_line("\u2028Ett\tTvå\u0085") == "Ett Två"


def test_the_seminar_confirmation_shows_the_title_and_name_as_written(world, django_capture_on_commit_callbacks):
    start = timezone.now() + dt.timedelta(days=30)
    seminar = SeminarFactory(title=TWO_LINES, starts_at=start, ends_at=start + dt.timedelta(hours=3),
                             place='Stora salen, "Huset" & <Annexet>')

    with django_capture_on_commit_callbacks(execute=True):
        registration_create(seminar_id=seminar.pk, name='Anna "Annie" & <Co>', email="anna@example.se",
                            sector="public")

    (message,) = mail.outbox
    assert_plain(message)
    assert subject_line(TWO_LINES) in message.subject
    assert 'Anna "Annie" & <Co>' in message.body and 'Stora salen, "Huset" & <Annexet>' in message.body


def test_the_report_due_reminder_shows_the_project_title_as_written(world):
    world.project.title = TWO_LINES
    world.project.save()
    today = dt.date(2026, 3, 1)
    ReportDueDate.objects.create(project=world.project, report_type="vinnova_progress",
                                 period_start=dt.date(2025, 7, 1), period_end=dt.date(2025, 12, 31),
                                 due_date=today + dt.timedelta(days=7))

    assert send_due_reminders(today=today) == 1

    (message,) = mail.outbox
    assert_plain(message)


def test_the_lab_nudge_and_the_weekly_digest_show_names_as_written(world):
    world.lab.name = TWO_LINES
    world.lab.save()
    nudge_quiet_leads(now=timezone.now() + dt.timedelta(weeks=settings.LABS_NUDGE_AFTER_WEEKS + 1))
    nudges = [m for m in mail.outbox if m.to == [world.lead.email]]
    assert nudges
    assert_plain(nudges[0])
    assert subject_line(TWO_LINES) in nudges[0].subject

    mail.outbox.clear()
    DigestSubscription.objects.create(user=world.coordinator)
    ActivityFactory(lab=world.lab, title='Workshop "Trygghet" & <mötesplats>')
    assert send_weekly_digests() == 1
    (digest,) = mail.outbox
    assert_plain(digest, 'Workshop "Trygghet" & <mötesplats>')


def test_the_invitation_shows_the_inviters_name_as_written(world, django_capture_on_commit_callbacks):
    world.coordinator.full_name = 'Sara "Sam" & <Samordnare>'
    world.coordinator.save()

    with django_capture_on_commit_callbacks(execute=True):
        invitation_create(email="ny@example.se", invited_by=world.coordinator)

    (message,) = mail.outbox
    assert_plain(message, 'Sara "Sam" & <Samordnare>')


def test_no_module_that_sends_email_renders_it_with_render_to_string():
    """render_to_string HTML-escapes a .txt email: emails are rendered only through grportal.mail."""
    base = Path(settings.BASE_DIR)
    offenders = []
    for app in ("accounts", "projects", "labs", "budgets", "seminars", "reports", "dashboards", "grportal"):
        for path in (base / app).rglob("*.py"):
            source = path.read_text()
            sends = re.search(r"send_mail\(|EmailMessage\(|EmailMultiAlternatives\(", source)
            if "/tests/" not in str(path) and sends and "render_to_string" in source:
                offenders.append(str(path.relative_to(base)))
    assert offenders == []
