"""Indicators computed from the activity log are followed up where indicators are followed up: the project
page, the project dashboard and the portfolio dashboard show their live value, the trajectory and whether
they are behind, with numbers worked out by hand.

The project runs 2026-01-01 – 2026-12-31 and the day is 2026-07-02: 182 of 364 days, so the trajectory of
"8 workshops" expects 4 today.
"""

import datetime as dt
import re

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from labs.models import Activity, TargetGroupCount
from labs.tests.factories import ActivityFactory
from projects.models import Indicator, IndicatorValue, TargetGroup

pytestmark = pytest.mark.django_db

TODAY = dt.datetime(2026, 7, 2, 10, 0, tzinfo=dt.UTC)
Status = Activity.Status


@pytest.fixture
def followed(world):
    """Two reported workshops in the project's time (a draft, a returned one, one before the start and a
    meeting do not count): "Workshops" stands at 2 of 8 where 4 is expected, so it is behind."""
    cache.clear()
    project = world.project
    project.start_date, project.end_date = dt.date(2026, 1, 1), dt.date(2026, 12, 31)
    project.save()
    newly_arrived = TargetGroup.objects.create(project=project, name="Nyanlända")
    first = ActivityFactory(lab=world.lab, date=dt.date(2026, 2, 10), status=Status.SUBMITTED)
    ActivityFactory(lab=world.other_lab, kind=Activity.Kind.LEARNING_WORKSHOP, date=dt.date(2026, 5, 5),
                    status=Status.APPROVED)
    ActivityFactory(lab=world.lab, date=dt.date(2026, 3, 1), status=Status.DRAFT)
    ActivityFactory(lab=world.lab, date=dt.date(2026, 3, 2), status=Status.RETURNED)
    ActivityFactory(lab=world.lab, date=dt.date(2025, 12, 31), status=Status.APPROVED)  # before the start
    ActivityFactory(lab=world.lab, kind=Activity.Kind.MEETING, date=dt.date(2026, 4, 1), status=Status.APPROVED)
    TargetGroupCount.objects.create(activity=first, target_group=newly_arrived, count=40)
    workshops = Indicator.objects.create(project=project, name="Workshops genomförda", unit="tillfällen",
                                         baseline=0, target=8, source="labs.workshops")
    unset = Indicator.objects.create(project=project, name="Nyanlända som deltagit", unit="personer", baseline=0,
                                     target=60, source="labs.participants_target_group")
    return world, workshops, unset, newly_arrived


def block(html, start_marker, end_marker):
    start = html.index(start_marker)
    return html[start:html.index(end_marker, start)]


def indicator_card(html, indicator):
    """The indicator's card on the project page, up to the next card or the end of the section."""
    card = block(html, f'<div id="indicator-{indicator.pk}"', "</section>")
    following = card.find('<div id="indicator-', 1)
    return card if following == -1 else card[:following]


@time_machine.travel(TODAY, tick=False)
def test_the_project_page_shows_a_computed_indicators_live_value_trajectory_and_that_it_is_behind(
        client, followed):
    world, workshops, _unset, _group = followed
    client.force_login(world.reference)  # everyone who reads the plan sees where the indicators stand

    html = client.get(world.project.get_absolute_url()).content.decode()

    card = indicator_card(html, workshops)
    assert 'data-indicator-status="behind"' in card
    assert "Värde i dag: 2 tillfällen, beräknat från 1 januari 2026 till 2 juli 2026." in card
    assert "Förväntat i dag: 4 tillfällen." in card
    assert "Ligger efter" in card  # in words, not colour only
    assert "25 % av vägen från utgångsvärdet till målvärdet." in card
    assert "Inget värde registrerat" not in card and "Inga värden registrerade" not in card


@time_machine.travel(TODAY, tick=False)
def test_a_target_group_indicator_without_its_target_group_says_so_instead_of_printing_zero(client, followed):
    world, _workshops, unset, newly_arrived = followed
    client.force_login(world.coordinator)

    card = indicator_card(client.get(world.project.get_absolute_url()).content.decode(), unset)
    assert 'data-indicator-status="setting-missing"' in card
    assert "Källinställning saknas: Målgrupp." in card
    assert "Värde i dag: 0" not in card

    unset.source_params = {"target_group": str(newly_arrived.pk)}
    unset.save()
    card = indicator_card(client.get(world.project.get_absolute_url()).content.decode(), unset)
    # the 40 newly arrived the lab lead counted, where 30 (half of 60) are expected today: on track
    assert "Värde i dag: 40 personer" in card and 'data-indicator-status="on-track"' in card
    assert "Målgrupp: Nyanlända" in card


@time_machine.travel(TODAY, tick=False)
def test_the_project_dashboard_judges_a_computed_indicator_on_its_live_value(client, followed):
    world, workshops, unset, _group = followed
    client.force_login(world.coordinator)

    html = client.get(reverse("dashboards:project", args=[world.project.pk])).content.decode()

    row = block(html, f"<th scope=\"row\">{workshops.name}", "</tr>")
    assert 'data-indicator-assessment="behind"' in row and "Ligger efter" in row
    assert re.search(r'data-label="Värde i dag">2\b', row)
    assert "4,0" in row  # expected today
    missing = block(html, f"<th scope=\"row\">{unset.name}", "</tr>")
    assert 'data-indicator-assessment="setting-missing"' in missing and "Källinställning saknas" in missing


@time_machine.travel(TODAY, tick=False)
def test_the_portfolio_flags_a_computed_indicator_behind_its_trajectory(client, followed):
    world, workshops, unset, _group = followed
    client.force_login(world.steering)

    html = client.get(reverse("dashboards:portfolio")).content.decode()

    flag = block(html, 'data-flag="indicators-behind"', "</li>")
    assert "1 indikator ligger efter den planerade utvecklingen:" in flag
    assert workshops.name in flag and "2, förväntat 4,0" in flag
    assert unset.name not in flag  # no value is not "behind"

    # Two more reported workshops make 4 of the 4 expected: the flag goes
    for day in (dt.date(2026, 6, 1), dt.date(2026, 6, 2)):
        ActivityFactory(lab=world.lab, date=day, status=Status.SUBMITTED)
    assert 'data-flag="indicators-behind"' not in client.get(reverse("dashboards:portfolio")).content.decode()


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


@time_machine.travel(TODAY, tick=False)
def test_pages_with_computed_indicators_make_as_many_queries_with_more_activities_and_recorded_indicators(
        client, followed):
    world, _workshops, unset, newly_arrived = followed
    unset.source_params = {"target_group": str(newly_arrived.pk)}
    unset.save()
    client.force_login(world.coordinator)
    urls = [world.project.get_absolute_url(), reverse("dashboards:project", args=[world.project.pk]),
            reverse("dashboards:portfolio")]
    before = []
    for url in urls:
        cache.clear()
        before.append(_queries(client, url))

    for i in range(15):
        activity = ActivityFactory(lab=world.lab, date=dt.date(2026, 1, 2) + dt.timedelta(days=i),
                                   status=Status.APPROVED)
        TargetGroupCount.objects.create(activity=activity, target_group=newly_arrived, count=i)
        recorded = Indicator.objects.create(project=world.project, name=f"Registrerad {i}", baseline=0, target=10)
        IndicatorValue.objects.create(indicator=recorded, period_start=dt.date(2026, 1, 1),
                                      period_end=dt.date(2026, 3, 31), value=i)
    after = []
    for url in urls:
        cache.clear()
        after.append(_queries(client, url))

    assert after == before
