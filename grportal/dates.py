"""Month arithmetic, once: the time plan's axis, the dashboards' month rows and the budget burn all step by
calendar months from the first day of a month. Infrastructure, so it imports no app of ours."""

import datetime as dt


def month_start(day: dt.date) -> dt.date:
    """The first day of day's month."""
    return day.replace(day=1)


def add_months(day: dt.date, months: int) -> dt.date:
    """The first day of the month `months` after (or before, months < 0) day's month."""
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def months_between(first: dt.date, last: dt.date) -> int:
    """How many month steps from first's month to last's month (0 within one month, negative backwards)."""
    return (last.year - first.year) * 12 + last.month - first.month


def month_starts(first: dt.date, last: dt.date) -> list[dt.date]:
    """The first day of every month from first's month to last (empty when last is before first's month)."""
    start = month_start(first)
    return [add_months(start, i) for i in range(months_between(start, last) + 1)]
