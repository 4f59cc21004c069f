"""The report pipeline through a real Celery worker: the view queues, the worker renders, people download.

Needs PostgreSQL (the worker is another process and must see the test database) and Redis (the broker).
Rows are committed (transactional_db) so the worker can read them. The worker itself: grportal/testing/worker.py.
"""

import hashlib
import os
import signal
import uuid
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.urls import reverse

from grportal.testing.worker import worker_for_test
from labs.models import Activity
from labs.tests.factories import ActivityFactory
from reports.models import Report

pytestmark = [pytest.mark.redis, pytest.mark.postgres]


@pytest.fixture
def media_root(settings, tmp_path):
    root = tmp_path / "media"
    root.mkdir(exist_ok=True)
    settings.MEDIA_ROOT = root
    return root


def _worker_fixture(pool: str, extra_env: dict | None = None):
    @pytest.fixture
    def fixture(request, transactional_db, media_root, tmp_path):
        return worker_for_test(request, tmp_path, media_root, pool=pool, extra_env=extra_env)

    return fixture


# One process that takes each task and renders it itself: the plainest real worker.
celery_worker = _worker_fixture("solo")
# A pool with a child process that can be killed while the parent lives on to notice and requeue.
celery_prefork_worker = _worker_fixture("prefork")
# The same with time limits far below any real render's duration (the soft limit needs the prefork pool).
celery_hurried_worker = _worker_fixture("prefork", {"CELERY_TASK_SOFT_TIME_LIMIT": "1",
                                                    "CELERY_TASK_TIME_LIMIT": "20"})


def _request_report(client, project, start="2025-01-01", end="2025-12-31") -> Report:
    response = client.post(reverse("reports:generate", args=[project.pk]), {
        "period_start": start, "period_end": end, "idempotency_key": str(uuid.uuid4()),
    })
    assert response.status_code == 302, response.content[:500]
    return Report.objects.filter(project=project).latest("pk")


def _finished(report: Report) -> bool:
    return report.status in (Report.Status.DONE, Report.Status.FAILED)


def test_a_report_requested_in_the_portal_is_rendered_by_a_real_worker_and_downloadable(
    celery_worker, world, client, media_root,
):
    ActivityFactory(lab=world.lab, status=Activity.Status.APPROVED, title="Workshop på Ale torg för öppna möten",
                    participants_total=17, participants_women=9, participants_men=7, participants_other=1)
    client.force_login(world.coordinator)

    report = _request_report(client, world.project)
    report = celery_worker.wait_for(report, until=_finished)

    assert report.status == Report.Status.DONE, report.failure_reason
    assert report.attempts == 1
    path = Path(report.file.path)
    assert path.is_file() and path.is_relative_to(media_root)
    pdf = path.read_bytes()
    assert pdf.startswith(b"%PDF-")
    assert report.sha256 == hashlib.sha256(pdf).hexdigest()
    assert report.size == len(pdf)
    assert "succeeded" in celery_worker.log()

    response = client.get(reverse("reports:download", args=[report.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content) == pdf

    client.force_login(world.outsider)
    assert client.get(reverse("reports:download", args=[report.pk])).status_code == 404


def test_a_report_whose_worker_process_is_killed_mid_render_is_rendered_by_the_redelivered_task(
    celery_prefork_worker, world, client, media_root,
):
    # Enough pages that the render is still going when the test sees "running" and kills the process.
    ActivityFactory.create_batch(40, lab=world.lab, status=Activity.Status.APPROVED)
    client.force_login(world.coordinator)
    report = _request_report(client, world.project)

    report = celery_prefork_worker.wait_for(report, until=lambda r: r.status != Report.Status.QUEUED, interval=0.02)
    assert report.status == Report.Status.RUNNING, "the render finished before the test could kill it"
    children = celery_prefork_worker.pool_children()
    assert len(children) == 1, children
    os.kill(children[0], signal.SIGKILL)

    report = celery_prefork_worker.wait_for(report, until=_finished)
    assert report.status == Report.Status.DONE, report.failure_reason
    assert report.attempts == 2  # the killed attempt, then the redelivered one
    assert Path(report.file.path).read_bytes().startswith(b"%PDF-")
    # Exactly one stored report: one row, one file, its checksum the file's.
    assert Report.objects.filter(project=world.project).count() == 1
    stored = [p for p in media_root.rglob("*") if p.is_file()]
    assert stored == [Path(report.file.path)]
    assert report.sha256 == hashlib.sha256(stored[0].read_bytes()).hexdigest()
    assert "WorkerLostError" in celery_prefork_worker.log()


def test_a_render_over_the_time_limit_in_a_real_worker_fails_once_with_the_reason_on_the_page(
    celery_hurried_worker, world, client, media_root, monkeypatch,
):
    from django.utils import translation
    from django.utils.translation import gettext

    from reports.tasks import render_report

    # The limits travel in the message, from the process that queues the task (here: this one, as the web
    # process in production), so this side has to have them too; "_exec_options" is Celery's cache of them.
    monkeypatch.setattr(render_report, "soft_time_limit", 1)
    monkeypatch.setattr(render_report, "time_limit", 20)
    monkeypatch.setattr(render_report, "_exec_options", None)

    # Far more than a second of rendering (the benchmark: about 0.1 s CPU per page).
    ActivityFactory.create_batch(150, lab=world.lab, status=Activity.Status.APPROVED)
    client.force_login(world.coordinator)
    report = _request_report(client, world.project)

    report = celery_hurried_worker.wait_for(report, until=_finished)

    assert report.status == Report.Status.FAILED
    assert report.attempts == 1  # not retried: the same render would run over again
    with translation.override(django_settings.LANGUAGE_CODE):
        reason = gettext("Generating took longer than the time limit of %(seconds)s seconds and was stopped. "
                         "Choose a shorter period, or ask the administrator to raise the limit.") % {"seconds": 1}
    assert report.failure_reason == reason
    assert not report.file and not [p for p in media_root.rglob("*") if p.is_file()]
    page = client.get(reverse("reports:detail", args=[report.pk])).content.decode()
    assert reason.split(" ")[0] in page and "hx-trigger" not in page
    assert "Soft time limit (1" in celery_hurried_worker.log()
