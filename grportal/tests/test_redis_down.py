"""Redis down (cache and task queue): pages answer, nothing saved is lost, and /halsa/ says which part is down.

The settings are grportal/settings.py evaluated with REDIS_URL pointing at a closed port, as production would be
configured, so these tests exercise the real CACHES and Celery connection settings.
"""

import datetime as dt
import importlib.util
import logging
from pathlib import Path

import pytest
import time_machine
from django.core.cache import CacheHandler
from django.core.cache.backends.locmem import LocMemCache
from django.db import OperationalError
from django.urls import reverse
from django.utils import timezone
from mailer.models import Message

from accounts.tests.factories import UserFactory
from grportal.celery import app as celery_app
from reports.models import Report, ReportDraft
from seminars.models import Seminar
from seminars.tests.factories import RegistrationFactory, SeminarFactory

CLOSED_PORT = "redis://127.0.0.1:1/0"
# The Celery settings that decide where and how tasks are sent.
CELERY_CONNECTION = ["broker_url", "task_always_eager", "broker_transport_options", "broker_connection_timeout",
                     "task_publish_retry_policy"]


def settings_with_redis_url(monkeypatch, url):
    """grportal/settings.py as production evaluates it with REDIS_URL set."""
    monkeypatch.setenv("REDIS_URL", url)
    spec = importlib.util.spec_from_file_location("grportal_settings_with_redis",
                                                  Path(__file__).resolve().parents[1] / "settings.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def redis_down(settings, monkeypatch):
    production = settings_with_redis_url(monkeypatch, CLOSED_PORT)
    settings.CACHES = production.CACHES
    saved = {name: celery_app.conf[name] for name in CELERY_CONNECTION}
    pools = celery_app._pool, celery_app.amqp._producer_pool
    celery_app.conf.update({name: getattr(production, f"CELERY_{name.upper()}", saved[name])
                            for name in CELERY_CONNECTION})
    celery_app._pool = celery_app.amqp._producer_pool = None
    yield
    celery_app.conf.update(saved)
    celery_app._pool, celery_app.amqp._producer_pool = pools


def warnings_from_the_cache(caplog):
    return [r for r in caplog.records if r.name == "grportal.cache" and r.levelno == logging.WARNING]


# --- The pages -----------------------------------------------------------------------------------------------

@pytest.mark.django_db(transaction=True)
def test_a_person_logs_in_while_redis_is_down(client, redis_down):
    person = UserFactory(email="sara@example.se")

    response = client.post(reverse("account_login"), {"login": "sara@example.se", "password": "correct-horse-battery"})

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(person.pk)


@pytest.mark.django_db(transaction=True)
def test_a_visitor_registers_for_a_seminar_while_redis_is_down(client, redis_down, settings):
    settings.EMAIL_BACKEND = "grportal.outbox.OutboxBackend"  # as in production
    start = timezone.now() + dt.timedelta(days=30)
    seminar = SeminarFactory(starts_at=start, ends_at=start + dt.timedelta(hours=3), capacity=10)

    response = client.post(reverse("seminars:public", args=[seminar.pk]), {
        "name": "Ada Andersson", "email": "ada@example.se", "organisation": "Ale kommun", "sector": "public",
        "accessibility_needs": "", "gender": "", "website": "",
    })

    assert response.status_code == 302
    assert seminar.registrations.get().email == "ada@example.se"
    # The confirmation waits in the outbox, its sending task not queued: the periodic sweep sends it later.
    assert [m.email.to for m in Message.objects.non_deferred()] == [["ada@example.se"]]


@pytest.mark.django_db(transaction=True)
def test_the_dashboard_is_computed_without_the_cache_and_the_failure_is_logged_once(client, world, redis_down,
                                                                                   caplog):
    client.force_login(world.steering)

    for _ in range(2):
        response = client.get(reverse("dashboards:portfolio"))
        assert response.status_code == 200
        assert 'data-figure="projects">1<' in response.content.decode()  # computed, not read from the cache

    # Many cache calls (generation counter, figures, rendered page, sessions' rate limits): one warning.
    assert len(warnings_from_the_cache(caplog)) == 1


@pytest.mark.django_db(transaction=True)
def test_a_report_that_cannot_be_queued_says_so_and_keeps_the_draft_and_its_texts(client, world, redis_down):
    draft = ReportDraft.objects.create(project=world.project, report_type="vinnova_progress",
                                       period_start=dt.date(2025, 1, 1), period_end=dt.date(2025, 12, 31))
    client.force_login(world.coordinator)
    url = reverse("reports:draft", args=[draft.pk])
    key = client.get(url).context["form"].initial["idempotency_key"]

    response = client.post(url, {
        "version": draft.version, "idempotency_key": key, "summary": "Ett år av arbete i Ale", "purpose": "Syfte",
        "effects": "", "approach": "", "deviations": "", "next_period": "", "gender_effects": "", "generate": "1",
    }, follow=True)

    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == url
    assert "Rapporten kunde inte köas just nu" in response.content.decode()
    assert "Ett år av arbete i Ale" in response.content.decode()  # the texts, back in the form
    draft.refresh_from_db()
    assert draft.summary == "Ett år av arbete i Ale"
    report = Report.objects.get(draft=draft)
    assert report.status == Report.Status.FAILED and report.texts["summary"] == "Ett år av arbete i Ale"


@pytest.mark.django_db(transaction=True)
def test_a_report_requested_from_the_project_page_says_it_could_not_be_queued(client, world, redis_down):
    client.force_login(world.coordinator)

    response = client.post(reverse("reports:generate", args=[world.project.pk]), {
        "period_start": "2025-01-01", "period_end": "2025-12-31",
        "idempotency_key": "0b0f1c1e-56d2-4a43-9d3c-2f0a4c1f7d10",
    }, follow=True)

    assert response.status_code == 200
    assert "Rapporten kunde inte köas just nu" in response.content.decode()
    assert Report.objects.get(project=world.project).status == Report.Status.FAILED


@pytest.mark.django_db(transaction=True)
def test_feedback_that_cannot_be_queued_can_be_requested_again(client, world, redis_down):
    start = timezone.now() - dt.timedelta(days=2)
    seminar = SeminarFactory(project=world.project, starts_at=start, ends_at=start + dt.timedelta(hours=3))
    RegistrationFactory(seminar=seminar, attended_at=start, email="came@example.se")
    client.force_login(world.coordinator)

    response = client.post(reverse("seminars:feedback_overview", args=[seminar.pk]))

    assert response.status_code == 302
    assert Seminar.objects.get(pk=seminar.pk).feedback_requested_at is None


def test_a_rate_limit_without_its_store_lets_everyone_through(rf, settings, monkeypatch):
    from grportal import ratelimit

    settings.CACHES = settings_with_redis_url(monkeypatch, CLOSED_PORT).CACHES
    request = rf.post("/", REMOTE_ADDR="198.51.100.7")

    assert all(ratelimit.consume(request, action="test", rate="1/h/ip") for _ in range(3))


# --- /halsa/ ---------------------------------------------------------------------------------------------------

@pytest.mark.django_db(transaction=True)
def test_the_health_check_says_redis_is_down_and_the_database_up(client, redis_down):
    response = client.get("/halsa/")

    assert response.status_code == 200  # the portal serves pages without Redis: keep it in the load balancer
    assert response.json() == {"status": "degraded", "database": "ok", "redis": "down", "worker": "unknown",
                               "worker_last_seen": None}


@pytest.mark.django_db
def test_the_embedded_set_up_is_healthy_without_redis_or_a_worker(client, settings):
    # The embedded set-up, whatever this test run uses: local-memory cache, tasks in-process.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    eager = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    try:
        response = client.get("/halsa/")
    finally:
        celery_app.conf.task_always_eager = eager

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "redis": "not_used", "worker": "unknown",
                               "worker_last_seen": None}


@pytest.mark.django_db
def test_the_health_check_answers_503_when_the_database_does_not(client, monkeypatch):
    class DeadConnection:
        def cursor(self):
            raise OperationalError("connection refused")

    monkeypatch.setattr("grportal.views.connection", DeadConnection())

    response = client.get("/halsa/")

    assert response.status_code == 503
    assert response.json()["status"] == "down" and response.json()["database"] == "down"


class AnsweringRedis(LocMemCache):
    """A cache that says it is Redis and answers."""

    def ping(self):
        return True


@pytest.mark.django_db
@time_machine.travel(dt.datetime(2026, 12, 7, 15, 0, tzinfo=dt.UTC), tick=False)
def test_the_worker_is_reported_by_the_heartbeat_it_leaves(client, settings, monkeypatch):
    from grportal.tasks import record_worker_heartbeat

    settings.CACHES = {"default": {"BACKEND": "grportal.tests.test_redis_down.AnsweringRedis"}}
    monkeypatch.setitem(celery_app.conf, "task_always_eager", False)
    assert client.get("/halsa/").json() == {"status": "degraded", "database": "ok", "redis": "ok", "worker": "down",
                                            "worker_last_seen": None}

    record_worker_heartbeat()

    assert client.get("/halsa/").json() == {"status": "ok", "database": "ok", "redis": "ok", "worker": "ok",
                                            "worker_last_seen": "2026-12-07T15:00:00+00:00"}


def test_the_heartbeat_is_in_the_beat_schedule():
    entries = {entry["task"] for entry in celery_app.conf.beat_schedule.values()}
    assert "grportal.tasks.record_worker_heartbeat" in entries


# --- The cache backend -----------------------------------------------------------------------------------------

def test_the_cache_misses_drops_writes_and_logs_once_when_redis_cannot_be_reached(monkeypatch, caplog):
    cache = CacheHandler(settings_with_redis_url(monkeypatch, CLOSED_PORT).CACHES)["default"]

    assert cache.get("k", "default") == "default"
    assert cache.set("k", 1) is None
    assert cache.add("k", 1) is True  # as if it were stored: a lock taken with add is granted (limits fail open)
    assert cache.get_many(["k"]) == {}
    assert cache.get_or_set("k", 7) == 7
    with pytest.raises(ValueError):
        cache.incr("k")
    assert cache.delete("k") is False
    assert len(warnings_from_the_cache(caplog)) == 1


def test_after_a_pause_the_cache_tries_redis_again_and_says_how_many_failures_it_did_not_log(monkeypatch, caplog):
    cache = CacheHandler(settings_with_redis_url(monkeypatch, CLOSED_PORT).CACHES)["default"]
    now = [1000.0]
    cache.clock = lambda: now[0]

    cache.get("k")  # fails, logged, Redis left alone for retry_after seconds
    now[0] += cache.retry_after
    cache.get("k")  # tried and failed again, not logged
    now[0] += cache.log_every
    cache.get("k")  # logged again, with the count

    messages = [r.getMessage() for r in warnings_from_the_cache(caplog)]
    assert len(messages) == 2
    assert "failed calls since the last warning: 2" in messages[1]
