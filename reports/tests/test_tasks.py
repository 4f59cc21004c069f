"""The render task run in-process (Task.apply): retries, giving up, and what makes a killed task come back."""

import datetime as dt

import pytest
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings as django_settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from reports import rendering
from reports.models import Report
from reports.rendering import ReportBusy
from reports.tasks import render_report

FAKE_PDF = b"%PDF-1.7\n%%EOF\n"


def _said(msgid, **values):
    """A failure reason as the portal stores it: in its own language (Swedish)."""
    with translation.override(django_settings.LANGUAGE_CODE):
        return gettext(msgid) % values


@pytest.fixture
def report(world):
    return Report.objects.create(project=world.project, period_start=dt.date(2025, 1, 1),
                                 period_end=dt.date(2025, 12, 31))


def test_a_render_that_keeps_failing_ends_failed_with_the_reason_after_the_allowed_attempts(
    report, monkeypatch, settings,
):
    tries = []

    def broken_render(report, content=None):
        tries.append(report.pk)
        raise RuntimeError("WeasyPrint fell over")

    monkeypatch.setattr(rendering, "render_pdf", broken_render)

    render_report.apply(args=[report.pk])

    report.refresh_from_db()
    assert report.status == Report.Status.FAILED
    assert report.failure_reason == _said("An error stopped the generation: %(error)s",
                                          error="RuntimeError: WeasyPrint fell over")
    assert report.attempts == settings.REPORT_RENDER_MAX_ATTEMPTS == len(tries)
    assert report.finished_at is not None and not report.file


def test_a_render_that_fails_once_is_retried_and_finishes(report, monkeypatch):
    outcomes = [RuntimeError("font cache busy"), FAKE_PDF]

    def flaky_render(report, content=None):
        outcome = outcomes.pop(0)
        if isinstance(outcome, Exception):
            raise outcome
        return outcome

    monkeypatch.setattr(rendering, "render_pdf", flaky_render)

    render_report.apply(args=[report.pk])

    report.refresh_from_db()
    assert report.status == Report.Status.DONE
    assert report.attempts == 2 and report.failure_reason == ""


def test_a_task_for_a_report_that_was_deleted_does_nothing(report, monkeypatch):
    monkeypatch.setattr(rendering, "render_pdf", lambda report, content=None: pytest.fail("rendered a deleted report"))
    report_id = report.pk
    report.delete()

    result = render_report.apply(args=[report_id])

    assert result.successful()


def test_a_report_locked_elsewhere_for_too_long_fails_after_the_retries(report, monkeypatch):
    def busy(*, report_id, finish_by=None):
        raise ReportBusy(f"Report {report_id} has been locked by another worker since yesterday")

    monkeypatch.setattr("reports.tasks.report_render", busy)

    render_report.apply(args=[report.pk])

    report.refresh_from_db()
    assert report.status == Report.Status.FAILED
    assert "locked by another worker" in report.failure_reason


def test_a_task_killed_mid_run_is_redelivered_and_cannot_run_for_ever():
    # Acknowledged only when finished, and put back if the process running it dies.
    assert render_report.acks_late is True
    assert render_report.reject_on_worker_lost is True
    # Time limits: the soft one lets the task record the failure before the hard one kills the process.
    assert 0 < render_report.soft_time_limit < render_report.time_limit
    assert render_report.max_retries == django_settings.REPORT_RENDER_MAX_ATTEMPTS - 1
    # Redis hands an unacknowledged message to another worker after the visibility timeout: it must
    # be longer than any run, or a slow render would be started a second time while still going.
    assert django_settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"] > render_report.time_limit
    # A stale "running" report is only called stale once its render would have been killed.
    assert django_settings.REPORT_STALE_AFTER.total_seconds() > render_report.time_limit


def test_a_render_over_the_time_limit_fails_at_once_and_says_so(report, monkeypatch):
    tries = []

    def slow_render(report, content=None):
        tries.append(report.pk)
        raise SoftTimeLimitExceeded()  # what Celery raises inside the task when the soft limit passes

    monkeypatch.setattr(rendering, "render_pdf", slow_render)

    render_report.apply(args=[report.pk])

    report.refresh_from_db()
    assert report.status == Report.Status.FAILED
    assert len(tries) == report.attempts == 1  # the same data would take as long again: no retry
    assert report.failure_reason == _said(
        "Generating took longer than the time limit of %(seconds)s seconds and was stopped. Choose a shorter "
        "period, or ask the administrator to raise the limit.", seconds=render_report.soft_time_limit)


def test_a_report_that_really_cannot_be_rendered_ends_failed_with_the_reason_on_its_pages(world, client):
    """No stand-in: the report names a type the portal no longer has, so the real content step raises."""
    report = Report.objects.create(project=world.project, report_type="retired_type", period_start=dt.date(2025, 1, 1),
                                   period_end=dt.date(2025, 12, 31), addressed_to=world.project.funder)

    render_report.apply(args=[report.pk])

    report.refresh_from_db()
    assert report.status == Report.Status.FAILED
    assert report.attempts == django_settings.REPORT_RENDER_MAX_ATTEMPTS
    assert report.failure_reason == _said("An error stopped the generation: %(error)s",
                                          error="ValueError: Unknown report type 'retired_type'")
    assert not report.file and report.finished_at is not None
    client.force_login(world.coordinator)
    for url in (reverse("reports:detail", args=[report.pk]), reverse("reports:project", args=[world.project.pk]),
                reverse("reports:status", args=[report.pk]) + "?part=detail"):
        page = client.get(url).content.decode()
        assert "Unknown report type &#x27;retired_type&#x27;" in page, url
        assert "hx-trigger" not in page, url  # finished: the page stops polling


def test_a_render_past_the_soft_limit_fails_with_the_limits_reason_even_when_the_renderer_swallowed_the_signal(
    report, monkeypatch,
):
    """Celery's soft limit is an exception raised wherever the render is; a library that catches every exception
    can swallow it and finish late. The task then still fails the report with the limit's reason, once."""
    def render_that_swallows_the_limit(report, content=None):
        try:
            raise SoftTimeLimitExceeded()  # as if the signal arrived inside the renderer ...
        except Exception:  # ... whose broad except went on rendering
            pass
        return FAKE_PDF

    monkeypatch.setattr(rendering, "render_pdf", render_that_swallows_the_limit)
    # The render ends far past any deadline the task set (a stand-in clock, not the real one).
    monkeypatch.setattr(rendering, "time", type("Clock", (), {"monotonic": staticmethod(lambda: float("inf"))}))

    render_report.apply(args=[report.pk])

    report.refresh_from_db()
    assert report.status == Report.Status.FAILED and report.attempts == 1 and not report.file
    assert report.failure_reason == _said(
        "Generating took longer than the time limit of %(seconds)s seconds and was stopped. "
        "Choose a shorter period, or ask the administrator to raise the limit.",
        seconds=render_report.soft_time_limit)


def test_a_render_within_the_soft_limit_is_stored(report, monkeypatch):
    monkeypatch.setattr(rendering, "render_pdf", lambda report, content=None: FAKE_PDF)
    monkeypatch.setattr(rendering, "time", type("Clock", (), {"monotonic": staticmethod(lambda: float("-inf"))}))

    render_report.apply(args=[report.pk])

    report.refresh_from_db()
    assert report.status == Report.Status.DONE and report.file
