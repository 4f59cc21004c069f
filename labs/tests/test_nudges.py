"""Nudges: a quiet lab's lead gets one friendly e-mail per quiet period; subscribed coordinators get a
weekly digest; both are beat-scheduled tasks."""

import datetime as dt

from django.core import mail
from django.utils import timezone

from labs.models import Activity, DigestSubscription, LeadNudge
from labs.notifications import nudge_quiet_leads, send_weekly_digests
from labs.tests.factories import ActivityFactory


def age(activity, days):
    Activity.objects.filter(pk=activity.pk).update(created_at=timezone.now() - dt.timedelta(days=days))


def test_the_lead_of_a_quiet_lab_gets_one_friendly_reminder(world, settings):
    settings.LABS_NUDGE_AFTER_WEEKS = 2
    age(ActivityFactory(lab=world.lab), days=20)
    ActivityFactory(lab=world.other_lab)  # logged today: no reminder
    assert nudge_quiet_leads() == 1
    assert [m.to for m in mail.outbox] == [[world.lead.email]]
    assert world.lab.name in mail.outbox[0].subject
    assert f"/labb/{world.lab.pk}/aktiviteter/ny/" in mail.outbox[0].body
    assert nudge_quiet_leads() == 0  # not again within the quiet period
    assert LeadNudge.objects.count() == 1


def test_the_reminder_comes_again_after_another_quiet_period(world, settings):
    settings.LABS_NUDGE_AFTER_WEEKS = 2
    ActivityFactory(lab=world.other_lab)
    nudge_quiet_leads(now=timezone.now() - dt.timedelta(weeks=3))
    assert nudge_quiet_leads() == 1


def test_a_lab_with_recent_activity_is_left_alone(world, settings):
    settings.LABS_NUDGE_AFTER_WEEKS = 2
    age(ActivityFactory(lab=world.lab), days=10)
    ActivityFactory(lab=world.other_lab)
    assert nudge_quiet_leads() == 0 and not mail.outbox


def test_a_subscribed_coordinator_gets_the_weeks_activities(world):
    DigestSubscription.objects.create(user=world.coordinator)
    DigestSubscription.objects.create(user=world.steering)  # not a coordinator: nothing of theirs to report
    ActivityFactory(lab=world.lab, title="Workshop i Ale")
    age(ActivityFactory(lab=world.lab, title="Gammal"), days=9)
    assert send_weekly_digests() == 1
    assert mail.outbox[0].to == [world.coordinator.email]
    assert "Workshop i Ale" in mail.outbox[0].body and "Gammal" not in mail.outbox[0].body


def test_the_digest_does_not_repeat_what_was_already_sent(world):
    DigestSubscription.objects.create(user=world.coordinator)
    ActivityFactory(lab=world.lab)
    send_weekly_digests()
    assert send_weekly_digests() == 0


def test_the_nudges_are_scheduled_with_celery_beat(db):
    from grportal.celery import app

    app.finalize()
    tasks = {entry["task"] for entry in app.conf.beat_schedule.values()}
    assert {"labs.tasks.nudge_quiet_leads", "labs.tasks.send_weekly_digests"} <= tasks
    assert {"labs.tasks.nudge_quiet_leads", "labs.tasks.send_weekly_digests"} <= set(app.tasks)


def test_the_tasks_run_the_services(world):
    from labs.tasks import nudge_quiet_leads as task

    assert task.apply().get() == 2  # both labs are quiet: nothing logged at all
