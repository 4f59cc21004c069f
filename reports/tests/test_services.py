import datetime as dt
import hashlib
import threading
import uuid
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.utils import timezone, translation
from django.utils.translation import gettext

from reports import rendering
from reports.models import Report
from reports.rendering import ReportBusy, render_lock_key, report_render
from reports.services import report_request
from reports.tasks import render_report

START, END = dt.date(2025, 1, 1), dt.date(2025, 12, 31)
FAKE_PDF = b"%PDF-1.7\n% a stand-in, the real renderer is tested in test_pdf.py\n%%EOF\n"


@pytest.fixture
def queued(monkeypatch):
    """Record what would be sent to the broker instead of sending it."""
    sent = []
    monkeypatch.setattr(render_report, "delay", lambda report_id: sent.append(report_id))
    return sent


@pytest.fixture
def renders(monkeypatch):
    """Count renders and return a small stand-in PDF, so these tests need no WeasyPrint time."""
    calls = []

    def fake_render(report, content=None):
        calls.append(report.pk)
        return FAKE_PDF

    monkeypatch.setattr(rendering, "render_pdf", fake_render)
    return calls


def _request(world, **kwargs):
    return report_request(project=world.project, requested_by=world.coordinator, period_start=START,
                          period_end=END, **kwargs)


def _report(world, **fields) -> Report:
    return Report.objects.create(project=world.project, requested_by=world.coordinator, period_start=START,
                                 period_end=END, addressed_to=world.project.funder, **fields)


def _media_files(settings) -> list[Path]:
    return [p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()]


# --- report_request ---------------------------------------------------------------------------------------------

def test_the_render_task_is_queued_only_after_the_request_commits(world, queued, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        report, created = _request(world)
        assert queued == []  # still inside the transaction: a worker could not see the row yet

    assert created and report.status == Report.Status.QUEUED
    assert report.addressed_to == world.project.funder
    # Other apps may add their own after-commit work (the dashboards' cache generation); ours queues once.
    assert callbacks
    for callback in callbacks:
        callback()
    assert queued == [report.pk]


def test_the_same_idempotency_key_twice_creates_one_report_and_queues_it_once(
    world, queued, django_capture_on_commit_callbacks,
):
    key = uuid.uuid4()
    with django_capture_on_commit_callbacks(execute=True):
        first, first_created = _request(world, idempotency_key=key)
        second, second_created = _request(world, idempotency_key=key)

    assert (first_created, second_created) == (True, False)
    assert second.pk == first.pk
    assert Report.objects.filter(project=world.project).count() == 1
    assert queued == [first.pk]


def test_a_request_for_a_period_that_ends_before_it_starts_is_refused(world, queued):
    with pytest.raises(ValidationError):
        report_request(project=world.project, requested_by=world.coordinator, period_start=END, period_end=START)
    assert not Report.objects.exists()


def test_a_report_that_cannot_be_queued_says_failed_instead_of_queued_for_ever(
    world, monkeypatch, django_capture_on_commit_callbacks,
):
    def broker_down(report_id):
        raise ConnectionRefusedError("Connection refused")

    monkeypatch.setattr(render_report, "delay", broker_down)
    with django_capture_on_commit_callbacks(execute=True):
        report, _ = _request(world)

    report.refresh_from_db()
    assert report.status == Report.Status.FAILED
    # Said in the portal's language, with the broker's own words after it.
    with translation.override(django_settings.LANGUAGE_CODE):
        said = gettext("The report could not be queued (the task queue did not answer): %(error)s")
    assert report.failure_reason == said % {"error": "ConnectionRefusedError: Connection refused"}


# --- report_render ----------------------------------------------------------------------------------------------

def test_rendering_stores_the_pdf_with_its_checksum_and_size(world, renders, settings):
    report = report_render(report_id=_report(world).pk)

    assert report.status == Report.Status.DONE
    assert report.attempts == 1 and report.started_at <= report.finished_at
    assert Path(report.file.path).read_bytes() == FAKE_PDF
    assert report.sha256 == hashlib.sha256(FAKE_PDF).hexdigest() and report.size == len(FAKE_PDF)
    assert report.file.name.startswith(f"reports/{world.project.pk}/{report.pk}-")


def test_rendering_a_report_twice_renders_once_and_keeps_one_file(world, renders, settings):
    report = _report(world)

    first = report_render(report_id=report.pk)
    second = report_render(report_id=report.pk)

    assert renders == [report.pk]
    assert second.file.name == first.file.name and second.sha256 == first.sha256
    assert second.attempts == 1
    assert _media_files(settings) == [Path(first.file.path)]


def test_a_failed_report_is_not_rendered_again(world, renders):
    report = _report(world, status=Report.Status.FAILED, failure_reason="RuntimeError: boom", attempts=3)

    report = report_render(report_id=report.pk)

    assert renders == []
    assert report.status == Report.Status.FAILED and report.failure_reason == "RuntimeError: boom"


def test_a_report_left_running_by_a_dead_worker_is_rendered_by_the_redelivered_task(world, renders):
    an_hour_ago = timezone.now() - timedelta(hours=1)
    report = _report(world, status=Report.Status.RUNNING, started_at=an_hour_ago, attempts=1)

    report = report_render(report_id=report.pk)

    assert renders == [report.pk]
    assert report.status == Report.Status.DONE
    assert report.attempts == 2 and report.started_at > an_hour_ago


def test_a_report_whose_workers_all_died_fails_instead_of_coming_back_for_ever(world, renders, settings):
    report = _report(world, status=Report.Status.RUNNING, started_at=timezone.now(),
                     attempts=settings.REPORT_RENDER_MAX_ATTEMPTS)

    report = report_render(report_id=report.pk)

    assert renders == []
    assert report.status == Report.Status.FAILED
    with translation.override(settings.LANGUAGE_CODE):
        said = gettext("Gave up after %(n)s attempts: the worker generating the report stopped during each "
                       "(it may have run out of memory or time). Ask the administrator to look at the "
                       "worker's log.") % {"n": settings.REPORT_RENDER_MAX_ATTEMPTS}
    assert report.failure_reason == said


@pytest.fixture
def render_lock_held_elsewhere(db):
    """Another database session (another worker) holding the render lock of a report."""
    if connection.vendor != "postgresql":
        pytest.skip("The render lock is a PostgreSQL advisory lock; set DATABASE_URL=postgres://…")
    other = connections.create_connection("default")

    def hold(report_id):
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s, %s)", render_lock_key(report_id))

    yield hold
    other.close()  # ends the session and with it the lock


@pytest.mark.postgres
def test_a_report_another_live_worker_is_rendering_is_left_to_it(world, renders, render_lock_held_elsewhere):
    report = _report(world, status=Report.Status.RUNNING, started_at=timezone.now(), attempts=1)
    render_lock_held_elsewhere(report.pk)

    report = report_render(report_id=report.pk)

    assert renders == []
    assert report.status == Report.Status.RUNNING and report.attempts == 1


@pytest.mark.postgres
def test_a_report_locked_elsewhere_for_too_long_is_reported_busy_so_the_task_retries(
    world, renders, render_lock_held_elsewhere, settings,
):
    long_ago = timezone.now() - settings.REPORT_STALE_AFTER - timedelta(minutes=1)
    report = _report(world, status=Report.Status.RUNNING, started_at=long_ago, attempts=1)
    render_lock_held_elsewhere(report.pk)

    with pytest.raises(ReportBusy):
        report_render(report_id=report.pk)
    assert renders == []


@pytest.mark.postgres
def test_two_workers_rendering_the_same_report_at_once_render_it_once(transactional_db, world, monkeypatch, settings):
    if connection.vendor != "postgresql":
        pytest.skip("Concurrent sessions need PostgreSQL; set DATABASE_URL=postgres://…")
    started, second_done = threading.Event(), threading.Event()
    calls = []

    def slow_render(report, content=None):
        calls.append(report.pk)
        started.set()
        # The first worker is still rendering (holding the render lock) until the second has come and gone.
        assert second_done.wait(timeout=10), "the second worker never finished"
        return FAKE_PDF

    monkeypatch.setattr(rendering, "render_pdf", slow_render)
    report = _report(world)
    results, errors = {}, []

    def worker(name):
        try:
            if name == "second":
                assert started.wait(timeout=10)
            results[name] = report_render(report_id=report.pk).status
        except Exception as exc:
            errors.append(exc)
        finally:
            if name == "second":
                second_done.set()
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(name,)) for name in ("first", "second")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=20)

    assert errors == []
    assert calls == [report.pk]
    assert results == {"first": Report.Status.DONE, "second": Report.Status.RUNNING}
    report.refresh_from_db()
    assert report.status == Report.Status.DONE and report.attempts == 1
    assert _media_files(settings) == [Path(report.file.path)]
