"""Seminars feed indicators: seminars held and participants who attended, counted when the seminar took place,
and the combined "workshops and seminars" source (grportal/indicators.py), with numbers worked out by hand."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from labs.models import Activity
from labs.tests.factories import ActivityFactory
from projects.indicator_sources import get_source, indicator_value
from projects.indicators import indicator_status
from projects.models import Indicator
from projects.tests.factories import ProjectFactory, WorkPackageFactory
from seminars.models import Registration
from seminars.tests.factories import RegistrationFactory, SeminarFactory

pytestmark = pytest.mark.django_db

START, END = dt.date(2026, 1, 1), dt.date(2026, 6, 30)


def at(day: dt.date, hour: int = 13):
    return timezone.make_aware(dt.datetime(day.year, day.month, day.day, hour, 0))


@pytest.fixture
def calendar(world):
    """Held in the period: a seminar on 1 January (3 seated, 2 of them present, one on the waiting list who also
    came, one cancelled) and one on 30 June at 23.30 (1 present). Outside: 31 December at 23.30 and 1 July;
    another project's seminar on the same day."""
    first = SeminarFactory(project=world.project, starts_at=at(START, 9))
    RegistrationFactory(seminar=first, attended_at=at(START, 9))
    RegistrationFactory(seminar=first, attended_at=at(START, 9))
    RegistrationFactory(seminar=first)
    RegistrationFactory(seminar=first, status=Registration.Status.WAITING, attended_at=at(START, 9))
    RegistrationFactory(seminar=first, status=Registration.Status.CANCELLED)
    late = SeminarFactory(project=world.project, starts_at=timezone.make_aware(dt.datetime(2026, 6, 30, 23, 30)),
                          work_package=world.work_package)
    RegistrationFactory(seminar=late, attended_at=late.starts_at)
    before = SeminarFactory(project=world.project, starts_at=timezone.make_aware(dt.datetime(2025, 12, 31, 23, 30)))
    RegistrationFactory(seminar=before, attended_at=before.starts_at)
    after = SeminarFactory(project=world.project, starts_at=at(dt.date(2026, 7, 1)))
    RegistrationFactory(seminar=after, attended_at=after.starts_at)
    SeminarFactory(project=ProjectFactory(), starts_at=at(START))
    return world


def indicator(world, source, **fields):
    return Indicator.objects.create(project=world.project, name=source, target=8, source=source, **fields)


def test_the_seminar_sources_are_registered_for_coordinators_to_choose(db):
    for key in ("seminars.held", "seminars.attended", "combined.workshops_and_seminars"):
        assert get_source(key) is not None


def test_seminars_held_counts_the_seminars_that_started_in_the_period_local_time(calendar):
    assert indicator_value(indicator(calendar, "seminars.held"), START, END) == 2


def test_attended_counts_those_with_a_seat_marked_present(calendar):
    # 2 on 1 January + 1 on 30 June; the waiting-list guest is not counted, as in the seminar's own counts
    assert indicator_value(indicator(calendar, "seminars.attended"), START, END) == 3


def test_a_work_package_indicator_counts_only_that_packages_seminars(calendar):
    other = WorkPackageFactory(project=calendar.project, code="AP9")
    assert indicator_value(indicator(calendar, "seminars.held", work_package=calendar.work_package),
                           START, END) == 1
    assert indicator_value(indicator(calendar, "seminars.held", work_package=other), START, END) == 0


def test_workshops_and_seminars_adds_reported_lab_workshops_to_the_seminar_calendar(calendar):
    ActivityFactory(lab=calendar.lab, date=dt.date(2026, 2, 1), status=Activity.Status.SUBMITTED)
    ActivityFactory(lab=calendar.other_lab, kind=Activity.Kind.LEARNING_WORKSHOP, date=dt.date(2026, 3, 1),
                    status=Activity.Status.APPROVED)
    ActivityFactory(lab=calendar.lab, date=dt.date(2026, 2, 2), status=Activity.Status.DRAFT)
    # a seminar logged in the lab is counted where it is organised, the seminar calendar: not twice
    ActivityFactory(lab=calendar.lab, kind=Activity.Kind.SEMINAR, date=START, status=Activity.Status.APPROVED)

    combined = indicator(calendar, "combined.workshops_and_seminars")

    assert indicator_value(combined, START, END) == Decimal(4)  # 2 workshops + 2 seminars


def test_the_flagship_goal_follows_itself_up_from_the_calendar(calendar):
    """"8 workshops och seminarier" over 2026-01-01 – 2026-12-31: on 1 July, 4 (half of 8) are expected."""
    project = calendar.project
    project.start_date, project.end_date = dt.date(2026, 1, 1), dt.date(2026, 12, 31)
    project.save()
    ActivityFactory(lab=calendar.lab, date=dt.date(2026, 2, 1), status=Activity.Status.SUBMITTED)
    goal = indicator(calendar, "combined.workshops_and_seminars", baseline=0)

    status = indicator_status(goal, dt.date(2026, 7, 2))

    # 1 workshop + the seminars of 1 January, 30 June and 1 July = 4 against 4 expected: on track
    assert (status.value, status.expected, status.behind) == (4, 4, False)
