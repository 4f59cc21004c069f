"""Reminders of application deadlines and milestones (issue 15): the project's coordinators are emailed once per item
and date, settings.DEADLINE_REMIND_DAYS_BEFORE days ahead at the most; a moved date reminds again; anyone may turn
them off under "Mitt konto"."""

import datetime as dt
import zoneinfo

import pytest
import time_machine
from django.core import mail

from projects.models import FundingApplication, ProjectMembership, ReminderOptOut, SentReminder
from projects.notifications import deadline_reminders_set, send_deadline_reminders
from projects.tasks import remind_deadlines
from projects.tests.factories import FundingApplicationFactory, MembershipFactory, MilestoneFactory

TODAY = dt.date(2026, 3, 2)


def days(n: int) -> dt.date:
    return TODAY + dt.timedelta(days=n)


@pytest.fixture(autouse=True)
def clock():
    """07.40 in Stockholm on TODAY, when beat runs the reminders."""
    with time_machine.travel(dt.datetime(2026, 3, 2, 7, 40, tzinfo=zoneinfo.ZoneInfo("Europe/Stockholm")),
                             tick=False) as traveller:
        yield traveller


@pytest.fixture
def application(world):
    return FundingApplicationFactory(project=world.project, funder=world.project.funder, deadline=days(10),
                                     call="Social innovation 2026", status=FundingApplication.Status.PLANNED)


@pytest.fixture
def milestone(world):
    return MilestoneFactory(work_package=world.work_package, title="Metodbok klar", due_date=days(5))


def test_an_application_deadline_within_the_window_is_emailed_to_the_coordinator(world, application, settings):
    settings.DEADLINE_REMIND_DAYS_BEFORE = 14
    assert send_deadline_reminders() == 1

    assert [m.to for m in mail.outbox] == [[world.coordinator.email]]  # not the steering group or the funder
    (email,) = mail.outbox
    funder = world.project.funder.name
    assert email.subject == f"Sista ansökningsdag 2026-03-12: {funder} (SISP)"
    assert f"Ansökan till {funder} för Social innovation i samhällsplanering ska skickas in senast 12 mars 2026." \
        in email.body
    assert "Det är om 10 dagar." in email.body and "Utlysning: Social innovation 2026" in email.body
    assert f"http://127.0.0.1:8000/projekt/{world.project.pk}/#application-{application.pk}" in email.body
    assert "eftersom du samordnar Social innovation i samhällsplanering" in email.body  # why
    assert "http://127.0.0.1:8000/mitt-konto/" in email.body  # where to turn it off


def test_a_milestone_within_the_window_is_emailed_to_the_coordinator(world, milestone):
    assert send_deadline_reminders() == 1
    (email,) = mail.outbox
    assert email.to == [world.coordinator.email]
    assert email.subject == "Milstolpe 2026-03-07: Metodbok klar"
    assert "Arbetspaket: AP1" in email.body and "Det är om 5 dagar." in email.body
    assert "ännu inte markerad som klar" in email.body
    assert f"http://127.0.0.1:8000/projekt/{world.project.pk}/#milestone-{milestone.pk}" in email.body
    assert "/mitt-konto/" in email.body


def test_each_item_and_date_is_reminded_of_once(world, application, milestone, clock):
    assert send_deadline_reminders() == 2
    assert send_deadline_reminders() == 0  # the same day again
    clock.move_to(dt.datetime(2026, 3, 3, 7, 40, tzinfo=zoneinfo.ZoneInfo("Europe/Stockholm")))
    assert send_deadline_reminders() == 0  # and the next day
    assert len(mail.outbox) == 2
    assert SentReminder.objects.count() == 2


def test_a_moved_date_is_reminded_of_again(world, application, milestone):
    send_deadline_reminders()
    application.deadline = days(12)
    application.save()
    milestone.due_date = days(3)
    milestone.save()
    assert send_deadline_reminders() == 2
    assert len(mail.outbox) == 4
    assert "2026-03-14" in mail.outbox[2].subject and "2026-03-05" in mail.outbox[3].subject


def test_nothing_outside_the_window_until_it_is_reached(world, settings, clock):
    settings.DEADLINE_REMIND_DAYS_BEFORE = 7
    FundingApplicationFactory(project=world.project, deadline=days(8))
    MilestoneFactory(work_package=world.work_package, due_date=days(8))
    MilestoneFactory(work_package=world.work_package, due_date=days(-1))  # already past
    assert send_deadline_reminders() == 0
    clock.move_to(dt.datetime(2026, 3, 3, 7, 40, tzinfo=zoneinfo.ZoneInfo("Europe/Stockholm")))
    assert send_deadline_reminders() == 2


def test_sent_applications_and_done_milestones_are_not_reminded_of(world):
    FundingApplicationFactory(project=world.project, deadline=days(3), status=FundingApplication.Status.SUBMITTED)
    MilestoneFactory(work_package=world.work_package, due_date=days(3), done=True)
    assert send_deadline_reminders() == 0 and mail.outbox == []


def test_a_coordinator_who_turned_reminders_off_gets_none(world, application):
    other = MembershipFactory(project=world.project, role=ProjectMembership.Role.COORDINATOR).user
    deadline_reminders_set(user=world.coordinator, on=False)
    assert send_deadline_reminders() == 1
    assert [m.to for m in mail.outbox] == [[other.email]]


def test_with_everyone_opted_out_nothing_is_recorded_so_turning_reminders_on_again_still_reminds(world, application):
    deadline_reminders_set(user=world.coordinator, on=False)
    assert send_deadline_reminders() == 0 and mail.outbox == []
    assert not SentReminder.objects.exists()
    deadline_reminders_set(user=world.coordinator, on=True)
    assert not ReminderOptOut.objects.exists()
    assert send_deadline_reminders() == 1
    assert [m.to for m in mail.outbox] == [[world.coordinator.email]]


def test_an_inactive_coordinator_gets_none(world, application):
    world.coordinator.is_active = False
    world.coordinator.save()
    assert send_deadline_reminders() == 0 and mail.outbox == []


def test_on_the_day_itself_the_reminder_says_today(world, clock):
    FundingApplicationFactory(project=world.project, deadline=TODAY)
    send_deadline_reminders()
    assert "Det är i dag." in mail.outbox[0].body


def test_the_task_runs_the_service(world, application):
    assert remind_deadlines.apply().get() == 1
