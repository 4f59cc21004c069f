"""The demo's calendar: the flagship project's source plan ran December 2017 to November 2019; the demo moves it by
whole months so that, on the day the demo is loaded, the project is in its 16th month (it started on the first of
the month 15 months earlier): its first project year is reported on, the second is under way, and what the source
plan dates later (milestones, the final report, the last seminar) lies ahead (issue 16).

Every app's demo module writes its dates as the source plan's (2017–2019) and passes them through `demo.calendar`;
load_demo reads the move from the project once loaded, so a second run on a later day changes nothing (idempotent),
and `load_demo --reset` dates the demo anew from today.
"""

import calendar as month_lengths
import datetime as dt
from dataclasses import dataclass

SOURCE_START = dt.date(2017, 12, 1)  # the flagship project's first day in the source plan
MONTHS_IN = 15  # on the day the demo is loaded, this many whole months of the project have passed


def add_months(day: dt.date, months: int) -> dt.date:
    """`day` moved by whole months. A month's last day stays the last day (a period ending 30 November ends on
    31 August when moved 9 months back); a day the month lacks (31 April, 29 February) falls on its last day."""
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    last = month_lengths.monthrange(year, month + 1)[1]
    at_end = day.day == month_lengths.monthrange(day.year, day.month)[1]
    return dt.date(year, month + 1, last if at_end else min(day.day, last))


def _month_index(day: dt.date) -> int:
    return day.year * 12 + day.month - 1


@dataclass(frozen=True)
class DemoCalendar:
    months: int  # how many months the source plan's dates move

    @classmethod
    def for_today(cls, today: dt.date) -> "DemoCalendar":
        """The move that starts the project on the first of the month MONTHS_IN months before today's."""
        return cls(months=_month_index(today) - MONTHS_IN - _month_index(SOURCE_START))

    @classmethod
    def of_start(cls, start: dt.date) -> "DemoCalendar":
        """The move of a demo already loaded, read from its flagship project's first day."""
        return cls(months=_month_index(start) - _month_index(SOURCE_START))

    def date(self, day: dt.date) -> dt.date:
        """A date of the source plan, moved."""
        return add_months(day, self.months)

    def year(self, year: int) -> int:
        """A project year of the source plan, moved: the source names each by the calendar year it mostly lies in
        (2018 = December 2017 to November 2018), so the moved one is named by the year its last month falls in."""
        return self.date(dt.date(year, 11, 1)).year
