"""Indicators computed from the activity log, checked against numbers worked out by hand."""

import datetime as dt
from decimal import Decimal

import pytest

from labs.models import Activity, TargetGroupCount
from labs.tests.factories import ActivityFactory, LabFactory
from projects.indicator_sources import get_source, indicator_value
from projects.models import Indicator, TargetGroup
from projects.tests.factories import ProjectFactory, WorkPackageFactory

START, END = dt.date(2025, 1, 1), dt.date(2025, 6, 30)
SUBMITTED = Activity.Status.SUBMITTED


@pytest.fixture
def log(world):
    """In the period: two workshops (10 and 20 people), a meeting (6); outside it or drafts: ignored."""
    young = TargetGroup.objects.create(project=world.project, name="Unga")
    a = ActivityFactory(lab=world.lab, date=dt.date(2025, 2, 1), status=SUBMITTED, participants_total=10,
                        participants_women=6, participants_men=4, participants_other=0)
    b = ActivityFactory(lab=world.other_lab, kind=Activity.Kind.LEARNING_WORKSHOP, date=dt.date(2025, 6, 30),
                        status=Activity.Status.APPROVED, participants_total=20, participants_women=9,
                        participants_men=9, participants_other=2, co_financed_hours=Decimal("7.5"))
    ActivityFactory(lab=world.lab, kind=Activity.Kind.MEETING, date=dt.date(2025, 3, 3), status=SUBMITTED,
                    participants_total=6, participants_women=0, participants_men=0, participants_other=0)
    ActivityFactory(lab=world.lab, date=dt.date(2025, 3, 3), participants_total=99, participants_women=99,
                    participants_men=0, participants_other=0)  # a draft
    ActivityFactory(lab=world.lab, date=dt.date(2025, 7, 1), status=SUBMITTED)  # after the period
    ActivityFactory(lab=LabFactory(project=ProjectFactory()), date=dt.date(2025, 2, 1), status=SUBMITTED)
    TargetGroupCount.objects.create(activity=a, target_group=young, count=4)
    TargetGroupCount.objects.create(activity=b, target_group=young, count=5)
    return young


def indicator(world, source, **params):
    return Indicator.objects.create(project=world.project, name=source, target=10, source=source,
                                    source_params=params)


def test_workshops_held_counts_workshops_and_learning_workshops_in_the_period(world, log):
    assert indicator_value(indicator(world, "labs.workshops"), START, END) == 2


def test_activities_held_may_be_limited_to_one_type(world, log):
    assert indicator_value(indicator(world, "labs.activities"), START, END) == 3
    assert indicator_value(indicator(world, "labs.activities", kind="meeting"), START, END) == 1


def test_participants_from_a_target_group_sum_the_counts(world, log):
    assert indicator_value(indicator(world, "labs.participants_target_group", target_group=log.pk),
                           START, END) == 9
    assert indicator_value(indicator(world, "labs.participants"), START, END) == 36


def test_women_among_participants_is_a_share_of_those_whose_gender_was_counted(world, log):
    # 6 + 9 women of 10 + 20 counted (the meeting's 6 were not split by gender): 15 / 30 = 50.0 %
    assert indicator_value(indicator(world, "labs.women_share"), START, END) == Decimal("50.0")


def test_women_share_is_empty_without_participants(world):
    assert indicator_value(indicator(world, "labs.women_share"), START, END) is None


def test_a_work_package_indicator_counts_only_that_packages_labs(world, log):
    other_package = WorkPackageFactory(project=world.project, code="AP9")
    world.other_lab.work_package = other_package
    world.other_lab.save()
    scoped = Indicator.objects.create(project=world.project, work_package=world.work_package, name="x", target=1,
                                      source="labs.workshops")
    assert indicator_value(scoped, START, END) == 1


def test_co_financed_hours_come_from_the_log(world, log):
    assert indicator_value(indicator(world, "labs.co_financed_hours"), START, END) == Decimal("7.5")


def test_the_sources_are_registered_for_coordinators_to_choose(db):
    for key in ("labs.activities", "labs.workshops", "labs.participants", "labs.participants_target_group",
                "labs.women_share", "labs.co_financed_hours"):
        assert get_source(key) is not None
