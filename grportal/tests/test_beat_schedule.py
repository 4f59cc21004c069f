"""Every periodic task is in one place, settings.CELERY_BEAT_SCHEDULE: each names a registered task, and no code
registers a periodic task of its own (add_periodic_task, on_after_finalize)."""

import re
from pathlib import Path

from celery.schedules import crontab
from django.conf import settings

from grportal.celery import app as celery_app

BASE_DIR = Path(settings.BASE_DIR)
APPS = ("accounts", "projects", "labs", "budgets", "seminars", "reports", "dashboards", "grportal")
# name → (task, schedule): seconds, or a crontab in Stockholm time (minute, hour, day of week).
EXPECTED = {
    "grportal.worker_heartbeat": ("grportal.tasks.record_worker_heartbeat", 60.0),
    "grportal.email_outbox_sweep": ("grportal.tasks.send_queued_email", 300.0),
    "labs.nudge_quiet_leads": ("labs.tasks.nudge_quiet_leads", crontab(minute=0, hour=8, day_of_week="mon")),
    "labs.send_weekly_digests": ("labs.tasks.send_weekly_digests", crontab(minute=30, hour=7, day_of_week="mon")),
    "reports.remind_report_due_dates": ("reports.tasks.remind_report_due_dates", crontab(minute=45, hour=7)),
    "labs.send_daily_submission_digests": ("labs.tasks.send_daily_submission_digests", crontab(minute=15, hour=7)),
    "projects.remind_deadlines": ("projects.tasks.remind_deadlines", crontab(minute=40, hour=7)),
    "seminars.erase_expired_personal_data": ("seminars.tasks.erase_expired_personal_data", crontab(minute=15, hour=2)),
}
REGISTERS_PERIODIC_TASKS = re.compile(
    r"add_periodic_task|on_after_finalize|on_after_configure|beat_schedule\s*(\[|=|\.)|CELERY_BEAT_SCHEDULE\s*(\[|\.)")


def schedule():
    celery_app.loader.import_default_modules()  # what a worker and beat import: every app's tasks.py
    celery_app.finalize()
    return celery_app.conf.beat_schedule


def test_the_schedule_is_the_one_in_settings_and_names_each_periodic_task():
    beat = schedule()
    assert beat is settings.CELERY_BEAT_SCHEDULE or beat == settings.CELERY_BEAT_SCHEDULE
    assert {name: (entry["task"], entry["schedule"]) for name, entry in beat.items()} == EXPECTED
    assert celery_app.conf.timezone == "Europe/Stockholm"


def test_each_scheduled_name_is_a_registered_celery_task():
    beat = schedule()
    missing = sorted(entry["task"] for entry in beat.values() if entry["task"] not in celery_app.tasks)
    assert missing == []


def test_the_heartbeat_and_the_outbox_sweep_expire_before_their_next_run():
    beat = schedule()
    for name in ("grportal.worker_heartbeat", "grportal.email_outbox_sweep"):
        assert beat[name]["options"]["expires"] == beat[name]["schedule"], name


def test_nothing_else_registers_periodic_tasks():
    settings_py = BASE_DIR / "grportal" / "settings.py"
    found = []
    for app in APPS:
        for path in sorted((BASE_DIR / app).rglob("*.py")):
            if path == settings_py or "tests" in path.relative_to(BASE_DIR).parts:
                continue
            for number, line in enumerate(path.read_text().splitlines(), 1):
                if REGISTERS_PERIODIC_TASKS.search(line):
                    found.append(f"{path.relative_to(BASE_DIR)}:{number}: {line.strip()}")
    assert found == []
    # ... and at run time: after every tasks.py is imported, the schedule holds only what settings.py names.
    assert set(schedule()) == set(EXPECTED)
