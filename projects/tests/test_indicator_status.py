"""Where an indicator stands today (projects/indicators.py), checked against numbers worked out by hand.

The project runs 2026-01-01 – 2026-12-31 (364 days); on 2026-07-02, 182 days in, the trajectory is halfway.
"""

import datetime as dt
from decimal import Decimal

import pytest

from projects import indicator_sources
from projects.indicator_sources import IndicatorSource, SourceParam
from projects.indicators import expected_value, indicator_status, indicator_statuses
from projects.models import Indicator
from projects.tests.factories import IndicatorFactory, IndicatorValueFactory, ProjectFactory

pytestmark = pytest.mark.django_db

HALFWAY = dt.date(2026, 7, 2)


@pytest.fixture
def project():
    return ProjectFactory(start_date=dt.date(2026, 1, 1), end_date=dt.date(2026, 12, 31))


@pytest.fixture
def counted(monkeypatch):
    """A computed source that returns 3 and remembers the periods it was asked for."""
    calls = []

    def compute(indicator, period_start, period_end):
        calls.append((period_start, period_end))
        return Decimal(3)

    group = SourceParam("test_group", "Grupp", lambda project: [("1", "Ett")], required=True)
    monkeypatch.setitem(indicator_sources._SOURCES, "test.three", IndicatorSource("test.three", "Tre", compute))
    monkeypatch.setitem(indicator_sources._SOURCES, "test.grouped",
                        IndicatorSource("test.grouped", "Per grupp", compute, params=(group,)))
    return calls


def test_the_trajectory_is_a_straight_line_from_baseline_at_the_start_to_target_at_the_end():
    line = {"baseline": Decimal(10), "target": Decimal(20), "start": dt.date(2026, 1, 1), "end": dt.date(2026, 12, 31)}
    assert expected_value(**line, today=dt.date(2025, 6, 1)) == 10
    assert expected_value(**line, today=HALFWAY) == 15
    assert expected_value(**line, today=dt.date(2027, 6, 1)) == 20


def test_a_recorded_indicator_stands_at_the_latest_value_of_a_period_that_has_begun(project):
    indicator = IndicatorFactory(project=project, baseline=0, target=8)
    IndicatorValueFactory(indicator=indicator, period_start=dt.date(2026, 1, 1), period_end=dt.date(2026, 6, 30),
                          value=3)
    IndicatorValueFactory(indicator=indicator, period_start=dt.date(2026, 7, 1), period_end=dt.date(2026, 12, 31),
                          value=6)
    IndicatorValueFactory(indicator=indicator, period_start=dt.date(2027, 1, 1), period_end=dt.date(2027, 6, 30),
                          value=9)  # a period that has not begun yet

    status = indicator_status(indicator, HALFWAY)

    # 6 against 4 expected (halfway from 0 to 8): 75 % of the way where 50 % is expected, on track
    assert (status.value, status.computed, status.value_date) == (6, False, dt.date(2026, 12, 31))
    assert (status.expected, status.reached_pct, status.expected_pct) == (4, 75, 50)
    assert status.behind is False and status.progress == 75


def test_a_computed_indicator_counts_from_the_projects_start_to_today_and_is_behind_below_the_line(
        project, counted):
    indicator = IndicatorFactory(project=project, baseline=0, target=8, source="test.three")
    IndicatorValueFactory(indicator=indicator, period_start=dt.date(2026, 1, 1), period_end=dt.date(2026, 6, 30),
                          value=7)  # typed in before it became computed: not its value

    status = indicator_status(indicator, HALFWAY)

    assert counted == [(dt.date(2026, 1, 1), HALFWAY)]
    assert (status.value, status.computed, status.counted_from, status.value_date) == (
        3, True, dt.date(2026, 1, 1), HALFWAY)
    # 3 of 8 is 37.5 % of the way; 4 (50 %) expected: behind
    assert (status.expected, status.reached_pct, status.behind) == (4, Decimal("37.5"), True)


def test_after_the_project_has_ended_it_counts_to_the_end_and_expects_the_target(project, counted):
    indicator = IndicatorFactory(project=project, baseline=0, target=8, source="test.three")

    status = indicator_status(indicator, dt.date(2027, 3, 1))

    assert counted == [(dt.date(2026, 1, 1), dt.date(2026, 12, 31))]
    assert (status.expected, status.behind) == (8, True)


def test_where_lower_is_better_a_value_above_the_line_is_behind(project):
    indicator = IndicatorFactory(project=project, baseline=40, target=20, direction=Indicator.Direction.DOWN)
    IndicatorValueFactory(indicator=indicator, period_start=dt.date(2026, 1, 1), period_end=dt.date(2026, 6, 30),
                          value=35)

    status = indicator_status(indicator, HALFWAY)

    # expected 40 - 20 / 2 = 30; 35 is 25 % of the way down
    assert (status.expected, status.reached_pct, status.behind) == (30, 25, True)


def test_a_computed_indicator_without_its_required_setting_has_no_value_rather_than_zero(project, counted):
    indicator = IndicatorFactory(project=project, baseline=0, target=8, source="test.grouped", source_params={})

    status = indicator_status(indicator, HALFWAY)

    assert counted == []  # nothing is computed without the setting
    assert (status.value, status.missing_settings, status.setting_missing, status.behind) == (
        None, ("Grupp",), True, False)
    indicator.source_params = {"test_group": "1"}
    assert indicator_status(indicator, HALFWAY).value == 3


def test_an_indicator_naming_a_source_nobody_registers_is_an_error_not_an_empty_value(project):
    indicator = IndicatorFactory(project=project, source="gone.renamed")
    with pytest.raises(LookupError, match="gone.renamed"):
        indicator_status(indicator, HALFWAY)


def test_the_batch_agrees_with_one_by_one_and_reads_recorded_values_in_one_query(
        project, counted, django_assert_num_queries):
    other = ProjectFactory(start_date=dt.date(2025, 1, 1), end_date=dt.date(2026, 12, 31))
    for p, n in ((project, 3), (other, 4)):
        for i in range(n):
            indicator = IndicatorFactory(project=p, baseline=0, target=10 + i)
            IndicatorValueFactory(indicator=indicator, period_start=dt.date(2025, 1, 1),
                                  period_end=dt.date(2025, 12, 31), value=i)
            IndicatorValueFactory(indicator=indicator, period_start=dt.date(2026, 1, 1),
                                  period_end=dt.date(2026, 6, 30), value=i + 1)
    IndicatorFactory(project=project, baseline=0, target=8, source="test.three")
    indicators = Indicator.objects.filter(project__in=[project, other]).order_by("pk")

    # one query: the indicators, their projects and the latest recorded value of each (the test source
    # queries nothing; a real one costs its own query per computed indicator)
    with django_assert_num_queries(1):
        batch = indicator_statuses(indicators, HALFWAY)

    one_by_one = [indicator_status(i, HALFWAY) for i in indicators.prefetch_related("values")]
    assert [status for _indicator, status in batch] == one_by_one
    assert len(batch) == 8 and sum(status.behind for _i, status in batch) == 8
