"""A report whose generation stopped (its worker killed, or no worker taking the queue) is shown as stopped as
soon as a render cannot still be going, not after the broker's visibility timeout, and it can be restarted."""

import datetime as dt

import pytest
import time_machine
from django.conf import settings as django_settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from reports import rendering, services
from reports.models import Report
from reports.tests.factories import ReportFactory

T0 = dt.datetime(2026, 3, 2, 10, 0, tzinfo=dt.UTC)  # 11.00 in Stockholm
HARD_LIMIT = dt.timedelta(seconds=django_settings.CELERY_TASK_TIME_LIMIT)
STOPPED_AFTER = django_settings.REPORT_STOPPED_AFTER
VISIBILITY_TIMEOUT = dt.timedelta(seconds=django_settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"])

RUNNING_STOPPED = "Rapporten slutade skapas: arbetsprocessen som skapade den har inte hörts av sedan 2026-03-02 11.00."
QUEUED_STOPPED = ("Rapporten har inte börjat skapas: ingen arbetsprocess har tagit sig an den sedan "
                  "2026-03-02 11.00.")
RESTART = "Starta om skapandet"


@pytest.fixture
def queued(monkeypatch):
    sent = []
    monkeypatch.setattr("reports.tasks.render_report.delay", sent.append)
    return sent


def _detail(client, user, report):
    client.force_login(user)
    return client.get(reverse("reports:detail", args=[report.pk])).content.decode()


def test_the_threshold_is_the_hard_time_limit_and_a_margin_well_before_the_broker_redelivers():
    assert HARD_LIMIT < STOPPED_AFTER <= HARD_LIMIT + dt.timedelta(minutes=2)
    assert STOPPED_AFTER < VISIBILITY_TIMEOUT / 2


def test_a_render_whose_worker_died_is_shown_as_stopped_once_it_cannot_still_be_going(client, world):
    with time_machine.travel(T0, tick=False):
        report = ReportFactory(project=world.project, status=Report.Status.RUNNING, started_at=T0, heartbeat_at=T0,
                               attempts=1)

    with time_machine.travel(T0 + HARD_LIMIT, tick=False):  # the worker may still be rendering
        page = _detail(client, world.coordinator, report)
        assert "Skapas" in page and 'hx-trigger="every 3s"' in page
        assert RUNNING_STOPPED not in page and RESTART not in page

    with time_machine.travel(T0 + STOPPED_AFTER + dt.timedelta(seconds=1), tick=False):  # it would have been killed
        page = _detail(client, world.coordinator, report)
        assert "Avbruten" in page and RUNNING_STOPPED in page
        assert "hx-trigger" not in page  # no polling of a report nothing works on
        assert RESTART in page and reverse("reports:restart", args=[report.pk]) in page
        # The steering group reads why, and who can restart it.
        steering = _detail(client, world.steering, report)
        assert RUNNING_STOPPED in steering and RESTART not in steering
        assert "Projektets samordnare kan starta om skapandet." in steering
        # The list of reports says so too, and stops polling.
        client.force_login(world.coordinator)
        listing = client.get(reverse("reports:project", args=[world.project.pk])).content.decode()
        assert "Rapporten slutade skapas; rapportens sida berättar mer." in listing and "hx-trigger" not in listing
        # A poll that finds it stopped announces it once and stops.
        poll = client.get(reverse("reports:status", args=[report.pk]) + "?part=detail",
                          headers={"HX-Request": "true"}).content.decode()
        assert "hx-trigger" not in poll and 'hx-swap-oob="innerHTML"' in poll and "Avbruten" in poll


def test_a_report_no_worker_picks_up_is_shown_as_stopped(client, world):
    with time_machine.travel(T0, tick=False):
        report = ReportFactory(project=world.project)  # queued, heartbeat-less: its creation is its last sign of life

    with time_machine.travel(T0 + STOPPED_AFTER - dt.timedelta(seconds=1), tick=False):
        assert QUEUED_STOPPED not in _detail(client, world.coordinator, report)
    with time_machine.travel(T0 + STOPPED_AFTER + dt.timedelta(seconds=1), tick=False):
        page = _detail(client, world.coordinator, report)
        assert QUEUED_STOPPED in page and RESTART in page


def test_the_render_records_a_heartbeat_while_it_works(world, monkeypatch):
    with time_machine.travel(T0, tick=False):
        report = ReportFactory(project=world.project, heartbeat_at=T0)
    seen = {}

    def content(report):
        time_machine_travel.shift(dt.timedelta(seconds=90))  # reading the data took a while
        return {"data_as_of": T0}

    def pdf(report, content=None):
        seen["heartbeat_at"] = Report.objects.get(pk=report.pk).heartbeat_at
        return b"%PDF-1.7\n%%EOF\n"

    monkeypatch.setattr(rendering, "report_content", content)
    monkeypatch.setattr(rendering, "render_pdf", pdf)
    with time_machine.travel(T0 + dt.timedelta(seconds=5), tick=False) as time_machine_travel:
        rendering.report_render(report_id=report.pk)

    report.refresh_from_db()
    assert report.status == Report.Status.DONE
    assert report.started_at == T0 + dt.timedelta(seconds=5)
    assert seen["heartbeat_at"] == T0 + dt.timedelta(seconds=95)  # after the data, before WeasyPrint


def test_a_retry_put_back_in_the_queue_is_a_sign_of_life(world):
    with time_machine.travel(T0, tick=False):
        report = ReportFactory(project=world.project, status=Report.Status.RUNNING, started_at=T0, heartbeat_at=T0,
                               attempts=1)
    with time_machine.travel(T0 + dt.timedelta(seconds=170), tick=False):
        assert rendering.report_attempt_failed(report_id=report.pk, reason="font cache busy") is False
    with time_machine.travel(T0 + STOPPED_AFTER + dt.timedelta(seconds=1), tick=False):
        report.refresh_from_db()
        assert report.status == Report.Status.QUEUED and not report.is_stopped


def test_the_coordinator_restarts_a_stopped_report_and_it_is_queued_again(client, world, queued,
                                                                         django_capture_on_commit_callbacks):
    with time_machine.travel(T0, tick=False):
        report = ReportFactory(project=world.project, status=Report.Status.RUNNING, started_at=T0, heartbeat_at=T0,
                               attempts=1)
    later = T0 + STOPPED_AFTER + dt.timedelta(minutes=1)
    with time_machine.travel(later, tick=False):
        client.force_login(world.coordinator)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("reports:restart", args=[report.pk]))
        assert response.status_code == 302 and response["Location"] == reverse("reports:detail", args=[report.pk])
        assert queued == [report.pk]
        report.refresh_from_db()
        assert (report.status, report.heartbeat_at, report.attempts) == (Report.Status.QUEUED, later, 1)
        page = client.get(reverse("reports:detail", args=[report.pk])).content.decode()
        assert "Skapandet har startats om." in page and 'hx-trigger="every 3s"' in page
        assert RESTART not in page


def test_a_report_still_being_worked_on_or_finished_is_not_restarted(client, world, queued,
                                                                    django_capture_on_commit_callbacks):
    with time_machine.travel(T0, tick=False):
        alive = ReportFactory(project=world.project, status=Report.Status.RUNNING, started_at=T0, heartbeat_at=T0)
        done = ReportFactory(project=world.project, done=True)
    with time_machine.travel(T0 + HARD_LIMIT, tick=False):
        client.force_login(world.coordinator)
        with django_capture_on_commit_callbacks(execute=True):
            for report in (alive, done):
                assert client.post(reverse("reports:restart", args=[report.pk])).status_code == 302
    assert queued == []
    assert Report.objects.get(pk=alive.pk).status == Report.Status.RUNNING
    assert Report.objects.get(pk=done.pk).status == Report.Status.DONE


@pytest.mark.parametrize(("role", "expected"), [("steering", 403), ("funder", 404), ("outsider", 404)])
def test_only_those_who_generate_reports_restart_them(client, world, queued, role, expected):
    with time_machine.travel(T0, tick=False):
        report = ReportFactory(project=world.project, status=Report.Status.RUNNING, started_at=T0, heartbeat_at=T0)
    with time_machine.travel(T0 + STOPPED_AFTER + dt.timedelta(minutes=1), tick=False):
        client.force_login(getattr(world, role))
        assert client.post(reverse("reports:restart", args=[report.pk])).status_code == expected
    assert Report.objects.get(pk=report.pk).status == Report.Status.RUNNING and queued == []


def test_a_report_that_keeps_killing_its_worker_still_fails_after_the_allowed_attempts(
    world, monkeypatch, settings, django_capture_on_commit_callbacks,
):
    monkeypatch.setattr(rendering, "render_pdf", lambda report, content=None: pytest.fail("rendered"))
    with time_machine.travel(T0, tick=False):
        report = ReportFactory(project=world.project, status=Report.Status.RUNNING, started_at=T0, heartbeat_at=T0,
                               attempts=settings.REPORT_RENDER_MAX_ATTEMPTS)
    with time_machine.travel(T0 + STOPPED_AFTER + dt.timedelta(minutes=1), tick=False):
        # The task queue in-process: the restarted task runs at once.
        monkeypatch.setattr(services, "_queue_render",
                            lambda report_id: bool(rendering.report_render(report_id=report_id)))
        with django_capture_on_commit_callbacks(execute=True):
            services.report_restart(report_id=report.pk)
    report.refresh_from_db()
    assert report.status == Report.Status.FAILED
    with translation.override(settings.LANGUAGE_CODE):
        assert report.failure_reason == gettext(
            "Gave up after %(n)s attempts: the worker generating the report stopped during each (it may have run out "
            "of memory or time). Ask the administrator to look at the worker's log.") % {
            "n": settings.REPORT_RENDER_MAX_ATTEMPTS}
