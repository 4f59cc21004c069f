"""A real Celery worker for the tests that need one (reports/tests/test_worker.py, grportal/tests/test_email_worker.py,
grportal/tests/test_notice_worker.py), and the one way they wait for its effect (`Worker.wait_until`).

Needs PostgreSQL (the worker is another process and must see the test database: use the transactional_db fixture,
so the rows are committed) and Redis (the broker); without them start_worker skips the test.
"""

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest
import redis
from django.conf import settings
from django.db import connection

from grportal.celery import app as celery_app

WORKER_READY_TIMEOUT = 30
WAIT_TIMEOUT = 60
QUEUE = "celery"


def database_url(settings_dict) -> str:
    """A DATABASE_URL for the database this test runs against (the test database, not the configured one)."""
    user = quote(settings_dict.get("USER") or "", safe="")
    password = settings_dict.get("PASSWORD") or ""
    auth = f"{user}:{quote(password, safe='')}@" if password else (f"{user}@" if user else "")
    host = quote(settings_dict.get("HOST") or "", safe="")  # a socket directory is written %2F-encoded
    port = f":{settings_dict['PORT']}" if settings_dict.get("PORT") else ""
    return f"postgres://{auth}{host}{port}/{quote(settings_dict['NAME'], safe='')}"


def purge_broker() -> None:
    """Empty the queue and forget unacknowledged messages, so no earlier run's task reaches this worker."""
    celery_app.control.purge()
    redis.Redis.from_url(settings.REDIS_URL).delete("unacked", "unacked_index", "unacked_mutex")


class Worker:
    def __init__(self, process: subprocess.Popen, log_path: Path):
        self.process = process
        self.log_path = log_path

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else "(no log)"

    def pool_children(self) -> list[int]:
        path = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in path.read_text().split()] if path.exists() else []

    def check_alive(self) -> None:
        if self.process.poll() is not None:
            pytest.fail(f"The Celery worker exited with code {self.process.returncode}:\n{self.log()}")

    def wait_until(self, condition, what, *, timeout: float = WAIT_TIMEOUT, interval: float = 0.2) -> None:
        """Poll `condition()` (an effect of the worker) until it holds; fail with the worker's log after `timeout`.

        `what` names the awaited effect in the failure: a string, or a function giving one when it fails.
        """
        deadline = time.monotonic() + timeout
        while not condition():
            self.check_alive()
            if time.monotonic() > deadline:
                description = what() if callable(what) else what
                pytest.fail(f"{description}: not within {timeout} s. Worker log:\n{self.log()}")
            time.sleep(interval)

    def wait_until_ready(self) -> None:
        self.wait_until(lambda: " ready." in self.log(), "The Celery worker ready to take tasks",
                        timeout=WORKER_READY_TIMEOUT, interval=0.1)

    def wait_for(self, instance, *, until, timeout: float = WAIT_TIMEOUT, interval: float = 0.2):
        """Reload `instance` (a model instance the worker changes) until `until(instance)`; fail after `timeout`."""

        def reached() -> bool:
            instance.refresh_from_db()
            return until(instance)

        self.wait_until(reached, lambda: f"{type(instance).__name__} {instance.pk} changing as awaited (still "
                                         f"{getattr(instance, 'status', '')!r})", timeout=timeout, interval=interval)
        return instance

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGQUIT)  # cold shutdown: the test has its answer, no need to wait
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)


def start_worker(tmp_path, media_root: Path, *, pool: str, extra_env: dict | None = None) -> Worker:
    """A worker process on the test database and REDIS_URL, ready to take tasks; skips the test without them."""
    if connection.vendor != "postgresql":
        pytest.skip("The worker test needs PostgreSQL: set DATABASE_URL=postgres://… (a worker process "
                    "cannot see an SQLite test database).")
    if not settings.REDIS_URL:
        pytest.skip("The worker test needs Redis: set REDIS_URL=redis://… (without it tasks run in-process).")
    try:
        with celery_app.connection_for_write() as broker:
            broker.ensure_connection(max_retries=1)
    except Exception as exc:
        pytest.skip(f"Redis at REDIS_URL does not answer, so no worker can run: {exc}")
    purge_broker()
    log_path = tmp_path / f"celery-worker-{pool}.log"
    env = {
        **os.environ,
        "DATABASE_URL": database_url(connection.settings_dict),
        "REDIS_URL": settings.REDIS_URL,
        "GRPORTAL_TESTING": "1",
        "GRPORTAL_MEDIA_ROOT": str(media_root),
        "PYTHONUNBUFFERED": "1",
        **(extra_env or {}),
    }
    command = [
        sys.executable, "-m", "celery", "-A", "grportal", "worker", f"--pool={pool}", "--concurrency=1",
        "-Q", QUEUE, "--loglevel=INFO", "-n", f"grportal-test-{uuid.uuid4().hex[:8]}@%h",
        # Alone on its broker: skip the handshakes with other workers, which only slow start-up.
        "--without-gossip", "--without-mingle", "--without-heartbeat",
    ]
    with log_path.open("wb") as log_file:
        process = subprocess.Popen(command, cwd=settings.BASE_DIR, env=env, stdout=log_file,
                                   stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    worker = Worker(process, log_path)
    try:
        worker.wait_until_ready()
    except BaseException:
        worker.stop()
        raise
    return worker


def worker_for_test(request, tmp_path, media_root: Path, *, pool: str, extra_env: dict | None = None) -> Worker:
    """start_worker, stopped (and the queue emptied) when the test that asked for it ends: for a fixture."""
    worker = start_worker(tmp_path, media_root, pool=pool, extra_env=extra_env)

    def finish():
        worker.stop()
        purge_broker()

    request.addfinalizer(finish)
    return worker


def outbox_worker(request, settings, tmp_path, *, smtp_port: int, name: str, extra_env: dict | None = None) -> Worker:
    """A solo worker (one task at a time, in the order queued) that sends the outbox to SMTP on `smtp_port` of the
    loopback address, while this process stores and queues email as production does; for a fixture (needs
    transactional_db). `name` keeps the test's cache apart."""
    settings.EMAIL_BACKEND = "grportal.outbox.OutboxBackend"
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": name}}
    media = tmp_path / "media"
    media.mkdir(exist_ok=True)
    return worker_for_test(request, tmp_path, media, pool="solo",
                           extra_env={"EMAIL_URL": f"smtp://127.0.0.1:{smtp_port}", **(extra_env or {})})
