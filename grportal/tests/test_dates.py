"""Month arithmetic (grportal/dates.py): the time plan's axis and the dashboards' months step through it."""

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from grportal.dates import add_months, month_start, month_starts, months_between


def test_add_months_crosses_years_both_ways_and_lands_on_the_first():
    assert add_months(dt.date(2025, 11, 1), 3) == dt.date(2026, 2, 1)
    assert add_months(dt.date(2025, 1, 1), -1) == dt.date(2024, 12, 1)
    assert add_months(dt.date(2024, 1, 31), 1) == dt.date(2024, 2, 1)
    assert add_months(dt.date(2026, 12, 7), 0) == dt.date(2026, 12, 1)
    assert add_months(dt.date(2026, 3, 15), -27) == dt.date(2023, 12, 1)


def test_month_starts_lists_every_month_from_the_first_to_the_last_date():
    assert month_starts(dt.date(2025, 11, 20), dt.date(2026, 2, 1)) == [
        dt.date(2025, 11, 1), dt.date(2025, 12, 1), dt.date(2026, 1, 1), dt.date(2026, 2, 1)]
    assert month_starts(dt.date(2026, 5, 31), dt.date(2026, 5, 1)) == [dt.date(2026, 5, 1)]
    assert month_starts(dt.date(2026, 5, 1), dt.date(2026, 4, 30)) == []


def test_months_between_counts_calendar_months():
    assert months_between(dt.date(2025, 1, 1), dt.date(2027, 1, 1)) == 24
    assert months_between(dt.date(2025, 1, 31), dt.date(2025, 2, 1)) == 1
    assert months_between(dt.date(2025, 3, 1), dt.date(2025, 1, 9)) == -2


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)), st.integers(-600, 600))
def test_add_months_and_months_between_agree(day, n):
    later = add_months(day, n)
    assert later.day == 1 and months_between(day, later) == n
    assert add_months(later, -n) == month_start(day)


@given(st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2040, 12, 31)),
       st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2040, 12, 31)))
def test_month_starts_are_consecutive_and_within_the_dates(first, last):
    months = month_starts(first, last)
    assert all(add_months(a, 1) == b for a, b in zip(months, months[1:], strict=False))
    if months:
        assert months[0] == month_start(first) and months[-1] <= last < add_months(months[-1], 1)
    else:
        assert last < month_start(first)
