"""The demo's calendar moves the source plan (2017-12 to 2019-11) by whole months so that the project is in its 16th
month on the day the demo is loaded."""

import datetime as dt

import pytest

from grportal.demo_calendar import SOURCE_START, DemoCalendar, add_months


@pytest.mark.parametrize(("today", "start", "end"), [
    (dt.date(2026, 12, 8), dt.date(2025, 9, 1), dt.date(2027, 8, 31)),
    (dt.date(2027, 12, 31), dt.date(2026, 9, 1), dt.date(2028, 8, 31)),
    (dt.date(2026, 3, 1), dt.date(2024, 12, 1), dt.date(2026, 11, 30)),
    (dt.date(2028, 2, 29), dt.date(2026, 11, 1), dt.date(2028, 10, 31)),
])
def test_the_project_is_in_its_16th_month_on_the_day_it_is_loaded(today, start, end):
    calendar = DemoCalendar.for_today(today)
    assert calendar.date(SOURCE_START) == start
    assert calendar.date(dt.date(2019, 11, 30)) == end
    # The source plan's first 15 months have passed; its 16th is under way.
    assert calendar.date(dt.date(2019, 2, 28)) < today < calendar.date(dt.date(2019, 4, 1))


def test_a_loaded_demo_keeps_its_move_and_project_years_follow():
    calendar = DemoCalendar.of_start(dt.date(2025, 9, 1))
    assert calendar.months == 93
    assert calendar == DemoCalendar.for_today(dt.date(2026, 12, 31))
    assert (calendar.year(2018), calendar.year(2019)) == (2026, 2027)  # Sep 2025–Aug 2026, Sep 2026–Aug 2027
    assert calendar.date(dt.date(2018, 1, 24)) == dt.date(2025, 10, 24)
    assert DemoCalendar.of_start(dt.date(2017, 12, 1)).year(2018) == 2018


def test_a_day_the_month_lacks_falls_on_its_last_day():
    assert add_months(dt.date(2018, 1, 31), 1) == dt.date(2018, 2, 28)
    assert add_months(dt.date(2019, 1, 29), 13) == dt.date(2020, 2, 29)
    assert add_months(dt.date(2018, 12, 15), -12) == dt.date(2017, 12, 15)
    assert add_months(dt.date(2019, 11, 30), -3) == dt.date(2019, 8, 31)  # a period's last day stays its last
    assert add_months(dt.date(2019, 2, 28), 12) == dt.date(2020, 2, 29)
