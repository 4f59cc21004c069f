"""Versions are never overwritten, and a published report is frozen: later edits of the data never change it."""

import datetime as dt
import hashlib
import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from labs.models import Activity
from labs.tests.factories import ActivityFactory
from reports.models import Report
from reports.rendering import report_render
from reports.services import NotPublishable, report_publish, report_request

START, END = dt.date(2025, 1, 1), dt.date(2025, 12, 31)


@pytest.fixture
def no_queue(monkeypatch):
    monkeypatch.setattr("reports.tasks.render_report.delay", lambda report_id: None)


def _generate(world) -> Report:
    report, _ = report_request(project=world.project, requested_by=world.coordinator, period_start=START,
                               period_end=END, report_type="vinnova_progress")
    return report_render(report_id=report.pk)


def _text(report) -> str:
    with report.file.open("rb") as f:
        reader = PdfReader(io.BytesIO(f.read()))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def _participants(report):
    section = next(s for s in report.content_snapshot["sections"] if s["key"] == "participants")
    return section["content"]["totals"]["total"]


def test_regenerating_makes_a_new_version_and_keeps_the_first(world, no_queue):
    activity = ActivityFactory(lab=world.lab, status=Activity.Status.APPROVED, date=dt.date(2025, 3, 1),
                               participants_total=17, participants_women=9, participants_men=7, participants_other=1)
    first = _generate(world)
    first_bytes = first.file.read()
    activity.participants_total = 23
    activity.participants_women = 12
    activity.save()

    second = _generate(world)

    assert (first.version_number, second.version_number) == (1, 2)
    assert first.file.name != second.file.name
    first.refresh_from_db()
    with first.file.open("rb") as f:
        assert f.read() == first_bytes
    assert first.sha256 == hashlib.sha256(first_bytes).hexdigest()
    assert (_participants(first), _participants(second)) == (17, 23)
    for report in (first, second):
        assert report.generator.startswith("GR Portal, WeasyPrint")
        assert report.data_as_of is not None and report.finished_at is not None and report.pages >= 1


def test_a_published_report_does_not_change_when_the_data_does(world, no_queue, django_capture_on_commit_callbacks):
    activity = ActivityFactory(lab=world.lab, status=Activity.Status.APPROVED, date=dt.date(2025, 3, 1),
                               title="Workshop på Ale torg", participants_total=17, participants_women=9,
                               participants_men=7, participants_other=1)
    report = _generate(world)
    with django_capture_on_commit_callbacks():
        report_publish(report=report, user=world.coordinator)
    frozen = (report.file.name, report.sha256, report.content_snapshot, _text(report))

    activity.title = "Ändrad titel"
    activity.participants_total = 40
    activity.participants_women = 20
    activity.save()
    world.project.title = "Ett nytt namn på projektet"
    world.project.save()

    report.refresh_from_db()
    assert (report.file.name, report.sha256, report.content_snapshot, _text(report)) == frozen
    assert "Workshop på Ale torg" in frozen[3] and "Ändrad titel" not in frozen[3]
    with report.file.open("rb") as f:
        assert hashlib.sha256(f.read()).hexdigest() == report.sha256
    # A render of the published report (a redelivered task, say) leaves it alone.
    assert report_render(report_id=report.pk).sha256 == frozen[1]


def test_only_a_finished_report_can_be_published(world, no_queue):
    report, _ = report_request(project=world.project, requested_by=world.coordinator, period_start=START,
                               period_end=END, report_type="vinnova_progress")
    with pytest.raises(NotPublishable):
        report_publish(report=report, user=world.coordinator)
    report.refresh_from_db()
    assert report.published_at is None


def test_the_admin_cannot_change_a_generated_version_nor_delete_a_published_one(world, client):
    from accounts.tests.factories import UserFactory
    from reports.tests.factories import ReportFactory

    admin = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin)
    report = ReportFactory(project=world.project, done=True, published_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    change = reverse("admin:reports_report_change", args=[report.pk])

    assert client.get(change).status_code == 200  # still readable
    response = client.post(change, {"period_start": "2020-01-01", "period_end": "2020-12-31", "status": "done",
                                    "kind": "progress", "report_type": "esf_final", "version_number": 9})
    assert response.status_code == 403
    assert client.post(reverse("admin:reports_report_delete", args=[report.pk]), {"post": "yes"}).status_code == 403
    # Nor with the list's "delete selected" action.
    client.post(reverse("admin:reports_report_changelist"),
                {"action": "delete_selected", "_selected_action": [report.pk], "post": "yes"})
    report.refresh_from_db()
    assert (report.period_start, report.report_type) == (START, "vinnova_progress")
    # A request that never finished can still be tidied away.
    failed = ReportFactory(project=world.project, status=Report.Status.FAILED)
    assert client.post(reverse("admin:reports_report_delete", args=[failed.pk]), {"post": "yes"}).status_code == 302
    assert not Report.objects.filter(pk=failed.pk).exists()
    # The admin's page of a finished report links the PDF through the download view (files have no public URL).
    done = ReportFactory(project=world.project, done=True)
    page = client.get(reverse("admin:reports_report_change", args=[done.pk]))
    assert page.status_code == 200
    assert reverse("reports:download", args=[done.pk]) in page.content.decode()
