"""The report's indicator table uses the same definition as the project page and the dashboards
(projects.indicators.indicator_status, as of the end of the report's period), and a computed indicator that lacks
its source setting says so instead of printing 0."""

import datetime as dt

import pytest
from django.template.loader import render_to_string

from labs.models import Activity, TargetGroupCount
from labs.tests.factories import ActivityFactory
from projects.indicators import indicator_status
from projects.models import Indicator, TargetGroup
from reports.content import build_content

pytestmark = pytest.mark.django_db

START, END = dt.date(2025, 7, 1), dt.date(2025, 12, 31)  # the project started 2025-01-01


def goals(content):
    return next(s["content"] for s in content["sections"] if s["key"] == "goals")


def test_a_computed_indicator_in_the_report_has_the_value_the_project_page_shows_at_the_periods_end(world):
    newly_arrived = TargetGroup.objects.create(project=world.project, name="Nyanlända")
    spring = ActivityFactory(lab=world.lab, date=dt.date(2025, 3, 1), status=Activity.Status.APPROVED)
    autumn = ActivityFactory(lab=world.lab, date=dt.date(2025, 10, 1), status=Activity.Status.SUBMITTED)
    later = ActivityFactory(lab=world.lab, date=dt.date(2026, 2, 1), status=Activity.Status.SUBMITTED)
    for activity, count in ((spring, 15), (autumn, 25), (later, 100)):
        TargetGroupCount.objects.create(activity=activity, target_group=newly_arrived, count=count)
    indicator = Indicator.objects.create(project=world.project, name="Nyanlända som deltagit", baseline=0,
                                         target=60, source="labs.participants_target_group",
                                         source_params={"target_group": str(newly_arrived.pk)})

    content = build_content(report_type_key="esf_final", project=world.project, period_start=START,
                            period_end=END)

    (row,) = goals(content)["indicators"]
    # counted from the project's start to the period's end: 15 + 25; not the 100 of 2026
    assert row["value"] == 40 == indicator_status(indicator, END).value
    assert (row["gap"], row["computed"], row["missing_settings"]) == (20, True, "")


def test_a_target_group_indicator_without_its_target_group_prints_that_the_setting_is_missing(world):
    ActivityFactory(lab=world.lab, date=dt.date(2025, 3, 1), status=Activity.Status.APPROVED)
    Indicator.objects.create(project=world.project, name="Nyanlända som deltagit", baseline=0, target=60,
                             source="labs.participants_target_group")

    content = build_content(report_type_key="esf_final", project=world.project, period_start=START,
                            period_end=END)
    section = goals(content)
    (row,) = section["indicators"]
    assert (row["value"], row["missing_settings"]) == (None, "Målgrupp")

    html = render_to_string("reports/pdf/sections/goals.html", {"c": section})
    assert "Källinställning saknas" in html
    assert "Värden per 2025-12-31" in html
